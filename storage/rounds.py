"""Assessment rounds: opening, the open round, closing with its anonymous snapshot, and what a
closed round stored. Every function works inside the caller's transaction; none commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import sqlalchemy
from sqlalchemy import Table, and_, bindparam, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.group import Response
from flows.model import ModuleId
from storage import round_counts
from storage.dialect import check_length
from storage.models import (
    TITLE_MAX_LENGTH,
    AssessmentRound,
    Membership,
    Person,
    Role,
    RoundAnswer,
    RoundComment,
    RoundRespondent,
    StoredAnswer,
)
from storage.prepared import run


@dataclass(frozen=True, slots=True)
class RoundRecord:
    id: int
    initiative_id: int
    number: int
    title: str
    modules: tuple[ModuleId, ...]
    opened_at: datetime
    deadline: datetime | None
    closed_at: datetime | None
    respondents: int | None

    def covers(self, module: ModuleId) -> bool:
        return module in self.modules


@dataclass(frozen=True, slots=True)
class Snapshot:
    round: RoundRecord
    responses: tuple[Response, ...]
    comments: tuple[tuple[ModuleId, str, str], ...]
    """(module, item, text), in an order that says nothing about who wrote them."""


async def open_round(
    session: AsyncSession,
    *,
    initiative_id: int,
    title: str,
    modules: Sequence[ModuleId],
    deadline: datetime | None,
    opened_by: int,
    now: datetime,
) -> RoundRecord:
    check_length("title", title, TITLE_MAX_LENGTH)
    latest = await session.exec(
        select(func.max(AssessmentRound.number)).where(
            AssessmentRound.initiative_id == initiative_id
        )
    )
    row = AssessmentRound(
        initiative_id=initiative_id,
        number=(latest.one() or 0) + 1,
        title=title,
        modules=",".join(modules),
        opened_by=opened_by,
        opened_at=now,
        deadline=deadline,
    )
    session.add(row)
    await session.flush()
    return round_record(row)


async def open_round_of(session: AsyncSession, *, initiative_id: int) -> RoundRecord | None:
    """The initiative's round not closed yet (its deadline may have passed)."""
    found = await session.exec(
        select(AssessmentRound).where(
            AssessmentRound.initiative_id == initiative_id,
            col(AssessmentRound.closed_at).is_(None),
        )
    )
    row = found.one_or_none()
    return None if row is None else round_record(row)


async def open_with_role(
    session: AsyncSession, *, initiative_id: int, person_id: int
) -> tuple[RoundRecord, Role | None] | None:
    """The round not closed yet, with the person's role in the initiative: one prebuilt
    statement, for every tap."""
    key = {"initiative_id": initiative_id, "person_id": person_id}
    row = await session.run_sync(
        lambda sync: run(sync.connection(), _OPEN_WITH_ROLE, key).one_or_none()
    )
    if row is None:
        return None
    found = AssessmentRound(**{name: getattr(row, name) for name in _ROUND_COLUMNS})
    return round_record(found), None if row.role is None else Role(row.role)


async def latest_closed(session: AsyncSession, *, initiative_id: int) -> RoundRecord | None:
    found = await session.exec(
        select(AssessmentRound)
        .where(
            AssessmentRound.initiative_id == initiative_id,
            col(AssessmentRound.closed_at).is_not(None),
        )
        .order_by(col(AssessmentRound.number).desc())
        .limit(1)
    )
    row = found.one_or_none()
    return None if row is None else round_record(row)


async def closed_before(
    session: AsyncSession, *, initiative_id: int, number: int
) -> RoundRecord | None:
    """The latest round closed before round ``number``: what a trend compares with."""
    found = await session.exec(
        select(AssessmentRound)
        .where(
            AssessmentRound.initiative_id == initiative_id,
            AssessmentRound.number < number,
            col(AssessmentRound.closed_at).is_not(None),
        )
        .order_by(col(AssessmentRound.number).desc())
        .limit(1)
    )
    row = found.one_or_none()
    return None if row is None else round_record(row)


async def comments_of(
    session: AsyncSession, *, round_id: int
) -> tuple[tuple[ModuleId, str, str], ...]:
    """A closed round's comments: (module, item, text), in an order that says nothing."""
    found = await session.exec(
        select(RoundComment)
        .where(RoundComment.round_id == round_id)
        .order_by(col(RoundComment.id))
    )
    return tuple((ModuleId(c.module), c.item_id, c.text) for c in found if c.module in _KNOWN)


async def unannounced(session: AsyncSession, *, now: datetime) -> list[RoundRecord]:
    """Rounds closed, or past their deadline, whose results were not sent yet."""
    found = await session.exec(
        select(AssessmentRound)
        .where(
            col(AssessmentRound.results_sent_at).is_(None),
            or_(
                col(AssessmentRound.closed_at).is_not(None),
                col(AssessmentRound.deadline) <= now,
            ),
        )
        .order_by(col(AssessmentRound.id))
        .with_for_update(skip_locked=True)
    )
    return [round_record(row) for row in found]


async def mark_announced(session: AsyncSession, *, round_id: int, now: datetime) -> bool:
    """Marks the round's results as sent; False when someone did already."""
    row = await session.get(
        AssessmentRound, round_id, with_for_update=True, populate_existing=True
    )
    if row is None or row.results_sent_at is not None:
        return False
    row.results_sent_at = now
    session.add(row)
    await session.flush()
    return True


async def set_deadline(session: AsyncSession, *, round_id: int, deadline: datetime) -> None:
    row = await session.get(AssessmentRound, round_id)
    assert row is not None
    row.deadline = deadline
    session.add(row)
    await session.flush()


async def close(session: AsyncSession, *, round_id: int, now: datetime) -> RoundRecord:
    """Closes the round and stores its answers and comments once, under respondent numbers
    drawn at random: nothing in the snapshot points back to a person."""
    # Read again under a row lock: another worker may have closed it since it was loaded.
    row = await session.get(
        AssessmentRound, round_id, with_for_update=True, populate_existing=True
    )
    assert row is not None
    if row.closed_at is not None:
        return round_record(row)
    answers = (
        await session.exec(
            select(StoredAnswer).where(
                StoredAnswer.initiative_id == row.initiative_id,
                StoredAnswer.round_no == row.number,
            )
        )
    ).all()
    people = sorted({a.person_id for a in answers if a.value is not None})
    numbers = list(range(1, len(people) + 1))
    secrets.SystemRandom().shuffle(numbers)
    respondent = dict(zip(people, numbers, strict=True))
    responses = [
        Response(respondent[a.person_id], ModuleId(a.module), a.item_id, a.value)
        for a in answers
        if a.value is not None and a.module in _KNOWN
    ]
    if responses:
        rows = [
            {"round_id": round_id, "respondent": r.respondent, "module": str(r.module)}
            | {"item_id": r.item_id, "value": r.value}
            for r in responses
        ]
        await (await session.connection()).execute(sqlalchemy.insert(_ROUND_ANSWER), rows)
    sides = await session.exec(
        select(Membership.person_id, Membership.perspective).where(
            Membership.initiative_id == row.initiative_id
        )
    )
    side = {respondent[person]: said for person, said in sides if person in respondent}
    if respondent:
        rows = [
            {"round_id": round_id, "respondent": number, "perspective": side.get(number)}
            for number in respondent.values()
        ]
        await (await session.connection()).execute(sqlalchemy.insert(_ROUND_RESPONDENT), rows)
    modules = round_record(row).modules
    await round_counts.store(
        session, round_id=round_id, modules=modules, responses=responses, sides=side
    )
    comments = [(a.module, a.item_id, a.comment) for a in answers if a.comment]
    secrets.SystemRandom().shuffle(comments)
    for module, item_id, text in comments:
        session.add(RoundComment(round_id=round_id, module=module, item_id=item_id, text=text))
    row.closed_at, row.respondents = now, len(people)
    session.add(row)
    await session.flush()
    return round_record(row)


async def snapshot(session: AsyncSession, *, round_id: int) -> Snapshot:
    row = await session.get(AssessmentRound, round_id)
    assert row is not None and row.closed_at is not None
    known = set(ModuleId)
    answers = await session.exec(select(RoundAnswer).where(RoundAnswer.round_id == round_id))
    comments = await session.exec(
        select(RoundComment)
        .where(RoundComment.round_id == round_id)
        .order_by(col(RoundComment.id))
    )
    return Snapshot(
        round_record(row),
        tuple(
            Response(a.respondent, ModuleId(a.module), a.item_id, a.value)
            for a in answers
            if a.module in known
        ),
        tuple((ModuleId(c.module), c.item_id, c.text) for c in comments if c.module in known),
    )


async def answered(
    session: AsyncSession, *, initiative_id: int, round_no: int
) -> dict[tuple[int, ModuleId], int]:
    """How many items each person answered (a value, not only a comment), by module."""
    rows = await session.exec(
        select(StoredAnswer.person_id, StoredAnswer.module, func.count())
        .where(
            StoredAnswer.initiative_id == initiative_id,
            StoredAnswer.round_no == round_no,
            col(StoredAnswer.value).is_not(None),
        )
        .group_by(col(StoredAnswer.person_id), col(StoredAnswer.module))
    )
    known = set(ModuleId)
    return {(p, ModuleId(m)): n for p, m, n in rows if m in known}


async def members(session: AsyncSession, *, initiative_id: int) -> list[tuple[int, str]]:
    """(person, role) of everyone in the initiative."""
    rows = await session.exec(
        select(Membership.person_id, Membership.role).where(
            Membership.initiative_id == initiative_id
        )
    )
    return list(rows)


async def reachable(
    session: AsyncSession, *, initiative_id: int, roles: Sequence[Role]
) -> list[tuple[int, int, str | None]]:
    """(person, Telegram chat, language) of the members with these roles whom the bot may write
    to: on Telegram, and not blocking it."""
    rows = await session.exec(
        select(Person.id, Person.telegram_id, Person.locale)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(
            Membership.initiative_id == initiative_id,
            col(Membership.role).in_([str(role) for role in roles]),
            col(Person.telegram_id).is_not(None),
            col(Person.blocked_at).is_(None),
        )
        .order_by(col(Person.id))
    )
    return [
        (person, chat, locale)
        for person, chat, locale in rows
        if person is not None and chat is not None
    ]


def round_record(row: AssessmentRound) -> RoundRecord:
    """A round row copied out as a plain value."""
    assert row.id is not None
    known = set(ModuleId)
    return RoundRecord(
        id=row.id,
        initiative_id=row.initiative_id,
        number=row.number,
        title=row.title,
        modules=tuple(ModuleId(m) for m in row.modules.split(",") if m in known),
        opened_at=row.opened_at,
        deadline=row.deadline,
        closed_at=row.closed_at,
        respondents=row.respondents,
    )


_ROUND = cast(Table, AssessmentRound.__table__)  # type: ignore[attr-defined]
_MEMBERSHIP = cast(Table, Membership.__table__)  # type: ignore[attr-defined]
_ROUND_COLUMNS = tuple(column.name for column in _ROUND.columns)
_OPEN_WITH_ROLE = (
    sqlalchemy.select(*_ROUND.columns, _MEMBERSHIP.c.role)
    .select_from(
        _ROUND.outerjoin(
            _MEMBERSHIP,
            and_(
                _MEMBERSHIP.c.initiative_id == _ROUND.c.initiative_id,
                _MEMBERSHIP.c.person_id == bindparam("person_id"),
            ),
        )
    )
    .where(_ROUND.c.initiative_id == bindparam("initiative_id"), _ROUND.c.closed_at.is_(None))
)


_KNOWN = frozenset(ModuleId)
_ROUND_ANSWER = cast(Table, RoundAnswer.__table__)  # type: ignore[attr-defined]
_ROUND_RESPONDENT = cast(Table, RoundRespondent.__table__)  # type: ignore[attr-defined]
