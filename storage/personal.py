"""Everything stored about one person, to hand it to them (/mydata) or delete it (/forget), and
deleting an initiative with everything in it. Every function works inside the caller's
transaction; none commits.

``POINTING_AT_PERSON`` lists every column that holds a person's id or their Telegram chat; a
test fails when a table gains one that is not listed (and so neither exported nor deleted).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, delete, func, or_, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    NO_ROUND,
    AnswerHistory,
    AssessmentRound,
    CommentMessage,
    GroupLink,
    Initiative,
    Membership,
    Person,
    StoredAnswer,
    TelegramCall,
    Walkthrough,
)

POINTING_AT_PERSON = frozenset(
    {
        ("person", "telegram_id"),
        ("membership", "person_id"),
        ("walkthrough", "person_id"),
        ("answer", "person_id"),
        ("answer_history", "person_id"),
        ("comment_message", "person_id"),
        ("comment_message", "chat_id"),
        ("initiative", "created_by"),
        ("assessment_round", "opened_by"),
        ("group_link", "linked_by"),
        ("group_link", "chat_id"),
        ("telegram_call", "chat_id"),
        ("telegram_call", "origin"),
    }
)
"""Deleting the person row deletes their memberships, walkthroughs, answers, answer history and
comment messages (foreign keys, ON DELETE CASCADE) and unsets who created an initiative, opened
a round or linked a group chat (SET NULL; a group's chat_id is the group's, not a person's);
their calls go by chat, and by the tap that asked for them (``origin`` starts with their
Telegram id)."""

_ANSWER = {
    "module": "module",
    "item": "item_id",
    "round": "round_no",
    "value": "value",
    "comment": "comment",
    "when": "answered_at",
}


async def gather(session: AsyncSession, *, person_id: int) -> dict[str, Any]:
    """Every row about the person, as plain values, by section; empty when they are unknown."""
    person = await session.get(Person, person_id)
    if person is None:
        return {}
    active = person.active_initiative_id
    answering_for = None if active is None else await session.get(Initiative, active)
    profile = {
        "name": person.display_name,
        "language": person.locale,
        "telegram_id": person.telegram_id,
        "terminal_user": person.local_user,
        "created": person.created_at,
        "blocked": person.blocked_at,
        "answering_for": answering_for.name if answering_for else None,
        "pending": person.pending,
        "draft": person.draft,
    }
    sections = {
        "memberships": _section(
            _MEMBERSHIP,
            person_id,
            {"role": "role", "joined": "joined_at", "perspective": "perspective"},
            "joined_at",
        ),
        "initiatives_created": select(
            _INITIATIVE.c.name.label("initiative"), _INITIATIVE.c.created_at.label("created")
        )
        .where(_INITIATIVE.c.created_by == person_id)
        .order_by(_INITIATIVE.c.id),
        "rounds_opened": select(
            _INITIATIVE.c.name.label("initiative"),
            _ROUND.c.number.label("round"),
            _ROUND.c.title,
            _ROUND.c.opened_at.label("opened"),
        )
        .join_from(_ROUND, _INITIATIVE, _INITIATIVE.c.id == _ROUND.c.initiative_id)
        .where(_ROUND.c.opened_by == person_id)
        .order_by(_ROUND.c.id),
        "groups_linked": select(
            _INITIATIVE.c.name.label("initiative"), _GROUPS.c.linked_at.label("linked")
        )
        .join_from(_GROUPS, _INITIATIVE, _INITIATIVE.c.id == _GROUPS.c.initiative_id)
        .where(_GROUPS.c.linked_by == person_id)
        .order_by(_GROUPS.c.initiative_id),
        "answers": _section(_ANSWERS, person_id, _ANSWER, "id"),
        "answer_history": _section(_HISTORY, person_id, _ANSWER | {"when": "recorded_at"}, "id"),
        "walkthroughs": _section(
            _WALKS,
            person_id,
            {
                "module": "module",
                "round": "round_no",
                "position": "position",
                "awaiting_comment": "awaiting_comment",
                "when": "updated_at",
            },
            "updated_at",
        ),
        "comment_messages": _section(
            _COMMENT_MESSAGES,
            person_id,
            {"module": "module", "item": "item_id", "chat": "chat_id", "message": "message_id"},
            "message_id",
        ),
        "replies_kept": select(
            _CALLS.c.method, _CALLS.c.status, _CALLS.c.created_at.label("when"), _CALLS.c.params
        )
        .where(_their_calls(person.telegram_id))
        .order_by(_CALLS.c.id),
    }
    connection = await session.connection()
    found: dict[str, Any] = {"profile": profile}
    for name, statement in sections.items():
        found[name] = [dict(row._mapping) for row in await connection.execute(statement)]
    return found


def _section(table: Table, person_id: int, columns: dict[str, str], order: str) -> Select[Any]:
    """The person's rows of a table about an initiative, with its name: ``columns`` by the
    labels they get; a round number only for a round's rows (None outside any round)."""
    picked = [_INITIATIVE.c.name.label("initiative")]
    for label, name in columns.items():
        column: Any = table.c[name]
        if name == "round_no":
            column = func.nullif(column, NO_ROUND)
        picked.append(column.label(label))
    return (
        select(*picked)
        .join_from(table, _INITIATIVE, _INITIATIVE.c.id == table.c.initiative_id)
        .where(table.c.person_id == person_id)
        .order_by(table.c[order])
    )


async def token(session: AsyncSession, *, person_id: int) -> int | None:
    """A number that names this person and no one made later under the same id (SQLite may
    hand a deleted row's id out again): when they were created, in microseconds."""
    person = await session.get(Person, person_id)
    return None if person is None else int(person.created_at.timestamp() * 1_000_000)


async def alone_in(session: AsyncSession, *, person_id: int) -> list[int]:
    """The initiatives the person is the only member of."""
    members = _MEMBERSHIP.c
    mine = select(members.initiative_id).where(members.person_id == person_id)
    rows = await (await session.connection()).execute(
        select(members.initiative_id)
        .where(members.initiative_id.in_(mine))
        .group_by(members.initiative_id)
        .having(func.count() == 1)
    )
    return list(rows.scalars())


async def delete_initiative(session: AsyncSession, *, initiative_id: int) -> None:
    """The initiative and everything in it: memberships, walkthroughs, answers and their history,
    rounds and their snapshots (foreign keys, ON DELETE CASCADE); whoever answered for it
    answers for none."""
    await session.exec(delete(Initiative).where(col(Initiative.id) == initiative_id))


async def forget_person(session: AsyncSession, *, person_id: int, telegram_id: int | None) -> None:
    """The person, what points at them (POINTING_AT_PERSON), and the calls to their chat."""
    if telegram_id is not None:
        await session.exec(delete(_CALLS).where(_their_calls(telegram_id)))
    await session.exec(delete(Person).where(col(Person.id) == person_id))


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


_CALLS, _INITIATIVE, _ROUND, _MEMBERSHIP = (
    _table(model) for model in (TelegramCall, Initiative, AssessmentRound, Membership)
)
_ANSWERS, _HISTORY, _WALKS, _COMMENT_MESSAGES = (
    _table(model) for model in (StoredAnswer, AnswerHistory, Walkthrough, CommentMessage)
)
_GROUPS = _table(GroupLink)


def _their_calls(telegram_id: int | None) -> ColumnElement[bool]:
    """Calls to the person's chat, and those a tap of theirs asked for (callback answers)."""
    if telegram_id is None:
        return _CALLS.c.id.is_(None)
    return or_(_CALLS.c.chat_id == telegram_id, _CALLS.c.origin.startswith(f"{telegram_id}:"))
