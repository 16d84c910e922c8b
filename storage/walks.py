"""A person's walkthroughs and answers in an initiative. Every function works inside the caller's
transaction; none commits.

The answer path runs its statements on the transaction's connection in one go (run_sync): one
switch into SQLAlchemy's greenlet per call instead of one per statement; on SQLite they run on
its own cursor (storage/prepared.py). On PostgreSQL the common tap saves its state, answer and
history in one statement: one round trip, not three.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, insert, update
from sqlalchemy.orm import Session
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.model import Answer, ModuleId, WalkState
from storage.dialect import check_length, insert_for
from storage.models import (
    COMMENT_MAX_LENGTH,
    NO_ROUND,
    AnswerHistory,
    CommentMessage,
    StoredAnswer,
    Walkthrough,
    utc_now,
)
from storage.prepared import run


class ConcurrentUpdate(Exception):
    """The walkthrough changed since it was loaded: roll back and handle the update again."""


async def load_walk(
    session: AsyncSession,
    *,
    person_id: int,
    initiative_id: int,
    module: ModuleId,
    round_no: int = NO_ROUND,
) -> tuple[WalkState, dict[str, Answer], int]:
    """Returns the walk state, the module's current answers by item id, and the state's version,
    in round ``round_no`` (NO_ROUND: outside any round).

    A walk never saved comes back as ``WalkState(module)`` with version 0. On PostgreSQL the
    walkthrough row stays locked until the transaction ends, so one person's updates run in turn.
    """
    return await session.run_sync(_load_walk, person_id, initiative_id, module, round_no)


async def save_walk(
    session: AsyncSession,
    *,
    person_id: int,
    initiative_id: int,
    state: WalkState,
    changes: Sequence[Answer],
    version: int,
    round_no: int = NO_ROUND,
    now: datetime | None = None,
) -> None:
    """Stores the walk state and the changed answers, and keeps every answer in the history,
    as of ``now`` (the clock's time; the wall clock's when not given).

    ``version`` is the one ``load_walk`` returned; ConcurrentUpdate is raised when the stored
    state has moved on since, and the transaction is to be rolled back (on PostgreSQL the
    answer is written in the same statement). An answer with neither value nor comment clears
    the item.
    """
    for change in changes:
        if change.comment is not None:
            check_length("comment", change.comment, COMMENT_MAX_LENGTH)
    at = now or utc_now()
    await session.run_sync(
        _save_walk, person_id, initiative_id, state, changes, version, round_no, at
    )


async def progress(
    session: AsyncSession, *, person_id: int, initiative_id: int, round_no: int = NO_ROUND
) -> dict[ModuleId, int]:
    """Counts the items that have a value (not only a comment) in every module."""
    rows = await session.exec(
        select(StoredAnswer.module, func.count())
        .where(
            *_current_answers(person_id, initiative_id, round_no),
            col(StoredAnswer.value).is_not(None),
        )
        .group_by(col(StoredAnswer.module))
    )
    counts = dict.fromkeys(ModuleId, 0)
    for module, count in rows:
        if module in counts:
            counts[ModuleId(module)] = count
    return counts


async def all_answers(
    session: AsyncSession, *, person_id: int, initiative_id: int, round_no: int = NO_ROUND
) -> dict[ModuleId, dict[str, Answer]]:
    """The current answers of every module, by item id; a module without answers maps to {}."""
    where = _current_answers(person_id, initiative_id, round_no)
    rows = await session.exec(_answer_columns().where(*where))
    answers: dict[ModuleId, dict[str, Answer]] = {module: {} for module in ModuleId}
    for row in rows:
        # A module this version does not know (a newer worker wrote it) is left out.
        if row.module in answers:
            answers[ModuleId(row.module)][row.item_id] = _answer(row)
    return answers


async def unfinished_walk(
    session: AsyncSession, *, person_id: int, initiative_id: int, rounds: Sequence[int]
) -> tuple[ModuleId, int] | None:
    """The module the person last moved in, among the walks of ``rounds``, and has not
    finished, with its round: where to resume."""
    row = (
        await session.exec(
            select(Walkthrough.module, Walkthrough.position, Walkthrough.round_no)
            .where(
                Walkthrough.person_id == person_id,
                Walkthrough.initiative_id == initiative_id,
                col(Walkthrough.round_no).in_(rounds),
            )
            .order_by(col(Walkthrough.updated_at).desc(), col(Walkthrough.version).desc())
            .limit(1)
        )
    ).one_or_none()
    if row is None or row[1] in ("intro", "done") or row[0] not in ModuleId.__members__.values():
        return None
    return ModuleId(row[0]), row[2]


def _load_walk(
    session: Session, person_id: int, initiative_id: int, module: ModuleId, round_no: int
) -> tuple[WalkState, dict[str, Answer], int]:
    connection = session.connection()
    key = {"person_id": person_id, "initiative_id": initiative_id, "module": str(module)}
    key["round_no"] = round_no
    stored = run(connection, _LOAD_STATE, key).one_or_none()
    if stored is None:
        state, version = WalkState(module, round_no=round_no), 0
    else:
        position, awaiting_comment, return_to_review, version = stored
        state = WalkState(
            module,
            position=position,
            awaiting_comment=awaiting_comment,
            return_to_review=return_to_review,
            round_no=round_no,
        )
    rows = run(connection, _LOAD_ANSWERS, key)
    answers = (Answer(item_id, value, comment) for item_id, value, comment in rows)
    return state, {answer.item_id: answer for answer in answers}, version


def _save_walk(
    session: Session,
    person_id: int,
    initiative_id: int,
    state: WalkState,
    changes: Sequence[Answer],
    version: int,
    round_no: int,
    now: datetime,
) -> None:
    connection = session.connection()
    values = {
        "person_id": person_id,
        "initiative_id": initiative_id,
        "round_no": round_no,
        "module": str(state.module),
        "position": str(state.position),
        "awaiting_comment": state.awaiting_comment,
        "return_to_review": state.return_to_review,
        "version": version + 1,
        "updated_at": now,
    }
    statements = _statements(session)
    owner = {"person_id": person_id, "initiative_id": initiative_id, "round_no": round_no}
    rows = [owner | _answer_values(state.module, change, now) for change in changes]
    cleared = [row for row in rows if row["value"] is None and row["comment"] is None]
    kept = [row for row in rows if row not in cleared]
    key: dict[str, Any] = {"b_person_id": person_id, "b_initiative_id": initiative_id}
    key |= {"b_module": str(state.module), "b_version": version, "b_round_no": round_no}
    if version == 0:
        saved = run(connection, statements.insert_state, values)
    elif statements.move_and_answer is not None and len(kept) == 1 and not cleared:
        # The common tap, one answer: the state, the answer and its history in one statement.
        key |= {f"s_{name}": values[name] for name in _STATE_COLUMNS}
        key |= {f"a_{name}": value for name, value in kept[0].items()}
        if run(connection, statements.move_and_answer, key).scalar() != 1:
            raise _concurrent(person_id, initiative_id, state, version)
        return
    else:
        changed = {name: values[name] for name in _STATE_COLUMNS}
        saved = run(connection, _UPDATE_STATE, key | changed)
    if saved.rowcount != 1:
        raise _concurrent(person_id, initiative_id, state, version)
    if not changes:
        return
    if cleared:
        run(connection, _CLEAR_ANSWER, cleared)
    if kept:
        run(connection, statements.upsert_answer, kept)
    run(connection, _RECORD_HISTORY, [row | {"recorded_at": row["answered_at"]} for row in rows])


def _concurrent(
    person_id: int, initiative_id: int, state: WalkState, version: int
) -> ConcurrentUpdate:
    return ConcurrentUpdate(
        f"walkthrough of person {person_id} in initiative {initiative_id} on {state.module}"
        f" is no longer at version {version}"
    )


# The statements of the path from an update to a stored answer, built once.
_WALK = cast(Table, Walkthrough.__table__)  # type: ignore[attr-defined]
_ANSWER = cast(Table, StoredAnswer.__table__)  # type: ignore[attr-defined]
_WALK_KEY = (
    _WALK.c.person_id == bindparam("person_id"),
    _WALK.c.initiative_id == bindparam("initiative_id"),
    _WALK.c.round_no == bindparam("round_no"),
    _WALK.c.module == bindparam("module"),
)
_LOAD_STATE = (
    select(_WALK.c.position, _WALK.c.awaiting_comment, _WALK.c.return_to_review, _WALK.c.version)
    .where(*_WALK_KEY)
    .with_for_update()
)
_LOAD_ANSWERS = select(_ANSWER.c.item_id, _ANSWER.c.value, _ANSWER.c.comment).where(
    _ANSWER.c.person_id == bindparam("person_id"),
    _ANSWER.c.initiative_id == bindparam("initiative_id"),
    _ANSWER.c.round_no == bindparam("round_no"),
    _ANSWER.c.module == bindparam("module"),
)
_UPDATE_STATE = update(_WALK).where(
    _WALK.c.person_id == bindparam("b_person_id"),
    _WALK.c.initiative_id == bindparam("b_initiative_id"),
    _WALK.c.round_no == bindparam("b_round_no"),
    _WALK.c.module == bindparam("b_module"),
    _WALK.c.version == bindparam("b_version"),
)
"""Sets the columns its parameters name besides the ``b_`` keys."""
_STATE_COLUMNS = ("position", "awaiting_comment", "return_to_review", "version", "updated_at")
_CLEAR_ANSWER = delete(_ANSWER).where(
    _ANSWER.c.person_id == bindparam("person_id"),
    _ANSWER.c.initiative_id == bindparam("initiative_id"),
    _ANSWER.c.round_no == bindparam("round_no"),
    _ANSWER.c.item_id == bindparam("item_id"),
)
_HISTORY = cast(Table, AnswerHistory.__table__)  # type: ignore[attr-defined]
_RECORD_HISTORY = insert(_HISTORY)
_ANSWER_COLUMNS = (
    "person_id",
    "initiative_id",
    "round_no",
    "module",
    "item_id",
    "value",
    "comment",
)


class _DialectStatements(NamedTuple):
    """The statements of the answer path that take the dialect's own ON CONFLICT form."""

    insert_state: Any
    upsert_answer: Any
    move_and_answer: Any
    """PostgreSQL: the state's update, one answer's upsert and its history row in one statement
    (data-modifying CTEs); it returns how many walkthroughs moved. None elsewhere."""


@cache
def _built_for(dialect: str) -> _DialectStatements:
    answer = insert_for(dialect)(_ANSWER)
    changed = ("module", "value", "comment", "answered_at")
    upsert = answer.on_conflict_do_update(
        index_elements=["person_id", "initiative_id", "round_no", "item_id"],
        set_={name: answer.excluded[name] for name in changed},
    )
    return _DialectStatements(
        insert_state=insert_for(dialect)(_WALK).on_conflict_do_nothing(),
        upsert_answer=upsert,
        move_and_answer=_move_and_answer(upsert) if dialect == "postgresql" else None,
    )


def _move_and_answer(upsert: Any) -> Any:
    """Its parameters: the ``b_`` keys and the state's columns of _UPDATE_STATE, and the
    answer's columns prefixed ``a_``."""
    state: dict[str, Any] = {name: bindparam(f"s_{name}") for name in _STATE_COLUMNS}
    moved = _UPDATE_STATE.values(state).returning(_WALK.c.version).cte("moved")
    answer: dict[str, Any] = {
        name: bindparam(f"a_{name}") for name in (*_ANSWER_COLUMNS, "answered_at")
    }
    saved = upsert.values(answer).cte("saved")
    kept = insert(_HISTORY).values(answer | {"recorded_at": answer["answered_at"]})
    return select(func.count()).select_from(moved).add_cte(saved, kept.cte("kept"))


def _statements(session: AsyncSession | Session) -> _DialectStatements:
    return _built_for(session.get_bind().dialect.name)


def _current_answers(
    person_id: int, initiative_id: int, round_no: int
) -> tuple[ColumnElement[bool], ...]:
    return (
        col(StoredAnswer.person_id) == person_id,
        col(StoredAnswer.initiative_id) == initiative_id,
        col(StoredAnswer.round_no) == round_no,
    )


def _answer_columns() -> Any:
    return select(
        StoredAnswer.module, StoredAnswer.item_id, StoredAnswer.value, StoredAnswer.comment
    )


def _answer(row: Any) -> Answer:
    return Answer(row.item_id, row.value, row.comment)


def _answer_values(module: ModuleId, change: Answer, now: datetime) -> dict[str, Any]:
    return {
        "module": str(module),
        "item_id": change.item_id,
        "value": change.value,
        "comment": change.comment,
        "answered_at": now,
    }


async def remember_comment_message(
    session: AsyncSession,
    *,
    chat_id: int,
    message_id: int,
    person_id: int,
    initiative_id: int,
    module: ModuleId,
    item_id: str,
) -> None:
    """The message this comment was typed in (one per item: the newest comment's)."""
    await session.exec(
        delete(CommentMessage).where(
            col(CommentMessage.person_id) == person_id,
            col(CommentMessage.initiative_id) == initiative_id,
            col(CommentMessage.item_id) == item_id,
        )
    )
    session.add(
        CommentMessage(
            chat_id=chat_id,
            message_id=message_id,
            person_id=person_id,
            initiative_id=initiative_id,
            module=str(module),
            item_id=item_id,
        )
    )
    await session.flush()


async def commented_in(
    session: AsyncSession, *, chat_id: int, message_id: int, person_id: int
) -> tuple[int, ModuleId, str] | None:
    """The initiative, module and item whose comment was typed in this message."""
    found = await session.get(CommentMessage, (chat_id, message_id))
    if found is None or found.person_id != person_id or found.module not in set(ModuleId):
        return None
    return found.initiative_id, ModuleId(found.module), found.item_id
