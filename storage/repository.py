"""What the bot reads and writes. Every function works inside the caller's transaction.

None of them commits: the caller opens one transaction per update and commits it once.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, CursorResult, Table, bindparam, delete, func, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.model import Answer, ModuleId, WalkState
from storage.models import (
    COMMENT_MAX_LENGTH,
    ISSUE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NO_ROUND,
    AnswerHistory,
    Initiative,
    Membership,
    Person,
    ProcessedUpdate,
    Role,
    StoredAnswer,
    Walkthrough,
    utc_now,
)


class ConcurrentUpdate(Exception):
    """The walkthrough changed since it was loaded: roll back and handle the update again."""


async def get_or_create_local_person(session: AsyncSession, *, local_user: str) -> Person:
    return await _get_or_create_person(
        session, key="local_user", value=local_user, name=local_user
    )


async def telegram_person(
    session: AsyncSession, *, telegram_id: int, display_name: str
) -> tuple[Person, Role | None]:
    """The person behind a Telegram account, with the name Telegram shows today, and their role
    in the initiative they answer for (None without one). Made on first contact."""
    key = {"telegram_id": telegram_id}
    row = (await session.exec(_PERSON_AND_ROLE, params=key)).one_or_none()
    if row is None:
        await _insert_person(session, key="telegram_id", value=telegram_id, name=display_name)
        row = (await session.exec(_PERSON_AND_ROLE, params=key)).one()
    person, role = row
    if person.display_name != display_name:
        person.display_name = display_name
        session.add(person)
    return person, None if role is None else Role(role)


async def set_locale(session: AsyncSession, *, person: Person, locale: str) -> None:
    person.locale = locale
    session.add(person)


async def set_active_initiative(
    session: AsyncSession, *, person: Person, initiative_id: int | None
) -> None:
    person.active_initiative_id = initiative_id
    session.add(person)


async def create_initiative(
    session: AsyncSession, *, name: str, issue: str, creator: Person
) -> Initiative:
    """Creates the initiative with its creator as coordinator, and makes it their active one."""
    _check_length("name", name, NAME_MAX_LENGTH)
    _check_length("issue", issue, ISSUE_MAX_LENGTH)
    initiative = Initiative(name=name, issue=issue, created_by=creator.id)
    session.add(initiative)
    await session.flush()
    assert creator.id is not None and initiative.id is not None
    session.add(
        Membership(person_id=creator.id, initiative_id=initiative.id, role=Role.COORDINATOR)
    )
    creator.active_initiative_id = initiative.id
    session.add(creator)
    await session.flush()
    return initiative


async def memberships(session: AsyncSession, *, person_id: int) -> list[tuple[Initiative, Role]]:
    rows = await session.exec(
        select(Initiative, Membership.role)
        .join(Membership, col(Membership.initiative_id) == Initiative.id)
        .where(Membership.person_id == person_id)
        .order_by(col(Initiative.name), col(Initiative.id))
    )
    return [(initiative, Role(role)) for initiative, role in rows]


async def active_initiative(session: AsyncSession, *, person: Person) -> Initiative | None:
    """The initiative the person answers for, while they are a member of it."""
    if person.active_initiative_id is None:
        return None
    found = await session.exec(
        select(Initiative)
        .join(Membership, col(Membership.initiative_id) == Initiative.id)
        .where(Initiative.id == person.active_initiative_id, Membership.person_id == person.id)
    )
    return found.one_or_none()


async def membership_role(
    session: AsyncSession, *, person_id: int, initiative_id: int
) -> Role | None:
    role = (
        await session.exec(
            select(Membership.role).where(
                Membership.person_id == person_id, Membership.initiative_id == initiative_id
            )
        )
    ).one_or_none()
    return None if role is None else Role(role)


async def load_walk(
    session: AsyncSession, *, person_id: int, initiative_id: int, module: ModuleId
) -> tuple[WalkState, dict[str, Answer], int]:
    """Returns the walk state, the module's current answers by item id, and the state's version.

    A walk never saved comes back as ``WalkState(module)`` with version 0. On PostgreSQL the
    walkthrough row stays locked until the transaction ends, so one person's updates run in turn.
    """
    return await session.run_sync(_load_walk, person_id, initiative_id, module)


async def save_walk(
    session: AsyncSession,
    *,
    person_id: int,
    initiative_id: int,
    state: WalkState,
    changes: Sequence[Answer],
    version: int,
) -> None:
    """Stores the walk state and the changed answers, and keeps every answer in the history.

    ``version`` is the one ``load_walk`` returned; ConcurrentUpdate is raised when the stored
    state has moved on since. An answer with neither value nor comment clears the item.
    """
    for change in changes:
        if change.comment is not None:
            _check_length("comment", change.comment, COMMENT_MAX_LENGTH)
    await session.run_sync(_save_walk, person_id, initiative_id, state, changes, version)


async def progress(
    session: AsyncSession, *, person_id: int, initiative_id: int
) -> dict[ModuleId, int]:
    """Counts the items that have a value (not only a comment) in every module."""
    rows = await session.exec(
        select(StoredAnswer.module, func.count())
        .where(*_current_answers(person_id, initiative_id), col(StoredAnswer.value).is_not(None))
        .group_by(col(StoredAnswer.module))
    )
    counts = dict.fromkeys(ModuleId, 0)
    for module, count in rows:
        if module in counts:
            counts[ModuleId(module)] = count
    return counts


async def all_answers(
    session: AsyncSession, *, person_id: int, initiative_id: int
) -> dict[ModuleId, dict[str, Answer]]:
    """The current answers of every module, by item id; a module without answers maps to {}."""
    rows = await session.exec(_answer_columns().where(*_current_answers(person_id, initiative_id)))
    answers: dict[ModuleId, dict[str, Answer]] = {module: {} for module in ModuleId}
    for row in rows:
        # A module this version does not know (a newer worker wrote it) is left out.
        if row.module in answers:
            answers[ModuleId(row.module)][row.item_id] = _answer(row)
    return answers


async def record_update(session: AsyncSession, *, update_id: int, replies: str | None) -> bool:
    """Records a Telegram update as handled, with its replies; False when it already was.

    Called last in the update's transaction. With several workers, the second record of one
    update waits for the first transaction and then fails, so an update takes effect once.
    """
    values = {"update_id": update_id, "processed_at": utc_now(), "replies": replies}
    result = await session.exec(_statements(session).record_update, params=values)
    return bool(cast(CursorResult[Any], result).rowcount == 1)


async def stored_replies(session: AsyncSession, *, update_id: int) -> str | None:
    """The replies recorded with a handled update (None when it had none, or is unknown)."""
    found = await session.exec(
        select(ProcessedUpdate.replies).where(ProcessedUpdate.update_id == update_id)
    )
    return found.one_or_none()


async def forget_updates(session: AsyncSession, *, before: datetime) -> int:
    """Drops the records of updates handled before ``before``: Telegram redelivers none so old."""
    result = await session.exec(
        delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < before)
    )
    return int(cast(CursorResult[Any], result).rowcount)


async def mark_blocked(session: AsyncSession, *, telegram_id: int) -> None:
    """The person blocked the bot: nothing is sent to them until they write again."""
    await session.exec(
        update(Person).where(col(Person.telegram_id) == telegram_id).values(blocked_at=utc_now())
    )


async def unfinished_walk(
    session: AsyncSession, *, person_id: int, initiative_id: int
) -> ModuleId | None:
    """The module the person last moved in and has not finished: where to resume."""
    row = (
        await session.exec(
            select(Walkthrough.module, Walkthrough.position)
            .where(Walkthrough.person_id == person_id, Walkthrough.initiative_id == initiative_id)
            .order_by(col(Walkthrough.updated_at).desc(), col(Walkthrough.version).desc())
            .limit(1)
        )
    ).one_or_none()
    if row is None or row[1] in ("intro", "done") or row[0] not in ModuleId.__members__.values():
        return None
    return ModuleId(row[0])


async def set_pending(
    session: AsyncSession, *, person: Person, pending: str | None, draft: str | None = None
) -> None:
    """Says what the person's next free text is for (None: nothing)."""
    if draft is not None:
        _check_length("draft", draft, NAME_MAX_LENGTH)
    if (person.pending, person.draft) != (pending, draft):
        person.pending, person.draft = pending, draft
        session.add(person)


def new_invite_code() -> str:
    """128 random bits in Telegram's deep-link alphabet (22 characters of A-Z a-z 0-9 _ -)."""
    return secrets.token_urlsafe(16)


async def invite_codes(session: AsyncSession, *, initiative: Initiative) -> tuple[str, str]:
    """The member and coach invite codes, made on first use."""
    if initiative.member_code is None or initiative.coach_code is None:
        await replace_invite_codes(session, initiative=initiative)
    assert initiative.member_code is not None and initiative.coach_code is not None
    return initiative.member_code, initiative.coach_code


async def replace_invite_codes(session: AsyncSession, *, initiative: Initiative) -> None:
    """New codes for both links; the old ones stop working."""
    initiative.member_code, initiative.coach_code = new_invite_code(), new_invite_code()
    session.add(initiative)
    await session.flush()


async def join_by_code(
    session: AsyncSession, *, person: Person, code: str
) -> tuple[Initiative, Role] | None:
    """Joins the initiative whose member or coach code this is (a role is never lowered)."""
    initiative = (
        await session.exec(
            select(Initiative).where(
                (col(Initiative.member_code) == code) | (col(Initiative.coach_code) == code)
            )
        )
    ).one_or_none()
    if initiative is None or initiative.id is None or person.id is None:
        return None
    offered = Role.COACH if initiative.coach_code == code else Role.MEMBER
    current = await membership_role(session, person_id=person.id, initiative_id=initiative.id)
    if current is None:
        session.add(Membership(person_id=person.id, initiative_id=initiative.id, role=offered))
    elif _RANK[offered] > _RANK[current]:
        await session.exec(
            update(Membership)
            .where(
                col(Membership.person_id) == person.id,
                col(Membership.initiative_id) == initiative.id,
            )
            .values(role=offered)
        )
    await set_active_initiative(session, person=person, initiative_id=initiative.id)
    role = offered if current is None or _RANK[offered] > _RANK[current] else current
    return initiative, role


_RANK = {Role.MEMBER: 0, Role.COACH: 1, Role.COORDINATOR: 2}


# The answer path runs its statements on the transaction's connection in one go (run_sync):
# one switch into SQLAlchemy's greenlet per call instead of one per statement.


def _load_walk(
    session: Session, person_id: int, initiative_id: int, module: ModuleId
) -> tuple[WalkState, dict[str, Answer], int]:
    connection = session.connection()
    key = {"person_id": person_id, "initiative_id": initiative_id, "module": str(module)}
    stored = connection.execute(_LOAD_STATE, key).one_or_none()
    if stored is None:
        state, version = WalkState(module), 0
    else:
        position, awaiting_comment, return_to_review, version = stored
        state = WalkState(
            module,
            position=position,
            awaiting_comment=awaiting_comment,
            return_to_review=return_to_review,
        )
    rows = connection.execute(_LOAD_ANSWERS, key | {"round_no": NO_ROUND})
    answers = (Answer(item_id, value, comment) for item_id, value, comment in rows)
    return state, {answer.item_id: answer for answer in answers}, version


def _save_walk(
    session: Session,
    person_id: int,
    initiative_id: int,
    state: WalkState,
    changes: Sequence[Answer],
    version: int,
) -> None:
    connection, now = session.connection(), utc_now()
    values = {
        "person_id": person_id,
        "initiative_id": initiative_id,
        "module": str(state.module),
        "position": str(state.position),
        "awaiting_comment": state.awaiting_comment,
        "return_to_review": state.return_to_review,
        "version": version + 1,
        "updated_at": now,
    }
    if version == 0:
        saved = connection.execute(_statements(session).insert_state, values)
    else:
        key: dict[str, Any] = {"b_person_id": person_id, "b_initiative_id": initiative_id}
        key |= {"b_module": str(state.module), "b_version": version}
        changed = {name: values[name] for name in _STATE_COLUMNS}
        saved = connection.execute(_UPDATE_STATE, key | changed)
    if saved.rowcount != 1:
        raise ConcurrentUpdate(
            f"walkthrough of person {person_id} in initiative {initiative_id} on {state.module}"
            f" is no longer at version {version}"
        )
    if not changes:
        return
    owner = {"person_id": person_id, "initiative_id": initiative_id, "round_no": NO_ROUND}
    rows = [owner | _answer_values(state.module, change, now) for change in changes]
    cleared = [row for row in rows if row["value"] is None and row["comment"] is None]
    kept = [row for row in rows if row not in cleared]
    if cleared:
        connection.execute(_CLEAR_ANSWER, cleared)
    if kept:
        connection.execute(_statements(session).upsert_answer, kept)
    connection.execute(_RECORD_HISTORY, [row | {"recorded_at": now} for row in rows])


# The statements of the path from an update to a stored answer, built once.
_WALK = cast(Table, Walkthrough.__table__)  # type: ignore[attr-defined]
_ANSWER = cast(Table, StoredAnswer.__table__)  # type: ignore[attr-defined]
_WALK_KEY = (
    _WALK.c.person_id == bindparam("person_id"),
    _WALK.c.initiative_id == bindparam("initiative_id"),
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
_RECORD_HISTORY = insert(cast(Table, AnswerHistory.__table__))  # type: ignore[attr-defined]
_PROCESSED = cast(Table, ProcessedUpdate.__table__)  # type: ignore[attr-defined]


class _DialectStatements(NamedTuple):
    """The statements of the answer path that take the dialect's own ON CONFLICT form."""

    insert_state: Any
    upsert_answer: Any
    record_update: Any


@cache
def _built_for(dialect: str) -> _DialectStatements:
    insert_for = _insert_for(dialect)
    answer = insert_for(_ANSWER)
    changed = ("module", "value", "comment", "answered_at")
    return _DialectStatements(
        insert_state=insert_for(_WALK).on_conflict_do_nothing(),
        upsert_answer=answer.on_conflict_do_update(
            index_elements=["person_id", "initiative_id", "round_no", "item_id"],
            set_={name: answer.excluded[name] for name in changed},
        ),
        record_update=insert_for(_PROCESSED).on_conflict_do_nothing(),
    )


def _statements(session: AsyncSession | Session) -> _DialectStatements:
    return _built_for(session.get_bind().dialect.name)


async def _get_or_create_person(
    session: AsyncSession, *, key: str, value: str | int, name: str
) -> Person:
    by_key = select(Person).where(getattr(Person, key) == value)
    person = (await session.exec(by_key)).one_or_none()
    if person is not None:
        return person
    await _insert_person(session, key=key, value=value, name=name)
    return (await session.exec(by_key)).one()


async def _insert_person(session: AsyncSession, *, key: str, value: str | int, name: str) -> None:
    # Two workers may meet the same new person at once: the second insert does nothing.
    insert_person = _dialect_insert(session, Person).values(
        {key: value, "display_name": name, "created_at": utc_now()}
    )
    await session.exec(insert_person.on_conflict_do_nothing(index_elements=[key]))


_PERSON_AND_ROLE = (
    select(Person, Membership.role)
    .outerjoin(
        Membership,
        (col(Membership.person_id) == Person.id)
        & (col(Membership.initiative_id) == Person.active_initiative_id),
    )
    .where(col(Person.telegram_id) == bindparam("telegram_id"))
)


def _dialect_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT with the dialect's ON CONFLICT clauses."""
    return _insert_for(session.get_bind().dialect.name)(table)


def _insert_for(dialect: str) -> Any:
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"no upsert for {dialect}")


def _current_answers(person_id: int, initiative_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        col(StoredAnswer.person_id) == person_id,
        col(StoredAnswer.initiative_id) == initiative_id,
        col(StoredAnswer.round_no) == NO_ROUND,
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


def _check_length(field: str, text: str, limit: int) -> None:
    # SQLite ignores VARCHAR lengths; checking here makes both databases refuse the same text.
    if len(text) > limit:
        raise ValueError(f"{field} is {len(text)} characters long; the limit is {limit}")
