"""Who is in an initiative and in which role. Every function works inside the caller's
transaction; none commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    AnswerHistory,
    CommentMessage,
    Initiative,
    Membership,
    Person,
    Role,
    StoredAnswer,
    Walkthrough,
)
from storage.records import InitiativeRecord
from storage.repository import initiative_record


async def last_coordinator_of(
    session: AsyncSession, *, person_id: int, initiative_id: int | None = None
) -> list[InitiativeRecord]:
    """The initiatives (all, or only this one) where the person is the only coordinator and
    someone else remains: they hand over, or delete the initiative, before they leave, step
    down or are forgotten. An initiative they are alone in goes with them."""
    mine = select(Membership.initiative_id).where(
        Membership.person_id == person_id, Membership.role == Role.COORDINATOR
    )
    if initiative_id is not None:
        mine = mine.where(Membership.initiative_id == initiative_id)
    coordinators = func.count().filter(col(Membership.role) == Role.COORDINATOR)
    rows = await session.exec(
        select(Initiative)
        .join(Membership, col(Membership.initiative_id) == Initiative.id)
        .where(col(Initiative.id).in_(mine))
        .group_by(col(Initiative.id))
        .having(coordinators == 1, func.count() > 1)
        .order_by(col(Initiative.name), col(Initiative.id))
    )
    return [initiative_record(row) for row in rows]


@dataclass(frozen=True, slots=True)
class RosterRow:
    person_id: int
    display_name: str
    role: Role
    telegram_id: int | None
    locale: str | None
    blocked: bool


_ROLE_ORDER = case(
    (col(Membership.role) == Role.COORDINATOR, 0), (col(Membership.role) == Role.COACH, 1), else_=2
)


async def roster(
    session: AsyncSession, *, initiative_id: int, person_id: int | None = None
) -> list[RosterRow]:
    """Everyone in the initiative (or only ``person_id``), coordinators first, then coaches,
    then members, each by name."""
    query = (
        select(Person, Membership.role)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.initiative_id == initiative_id)
        .order_by(_ROLE_ORDER, col(Person.display_name), col(Person.id))
    )
    if person_id is not None:
        query = query.where(Person.id == person_id)
    return [
        RosterRow(
            found.key,
            found.display_name,
            Role(role),
            found.telegram_id,
            found.locale,
            found.blocked_at is not None,
        )
        for found, role in await session.exec(query)
    ]


async def hold(session: AsyncSession, *, initiative_id: int) -> None:
    """Until the transaction ends, nobody else changes the initiative's roster (PostgreSQL:
    a row lock; SQLite has one writer): two coordinators stepping down at once cannot leave it
    with none."""
    await session.exec(
        select(Initiative.id).where(Initiative.id == initiative_id).with_for_update()
    )


async def set_role(
    session: AsyncSession, *, person_id: int, initiative_id: int, role: Role
) -> None:
    await session.exec(
        update(Membership)
        .where(
            col(Membership.person_id) == person_id, col(Membership.initiative_id) == initiative_id
        )
        .values(role=role)
    )


async def remove(session: AsyncSession, *, person_id: int, initiative_id: int) -> None:
    """The person leaves the initiative; it is no longer the one they answer for. What they
    answered outside rounds stays theirs (forgetting a person deletes it)."""
    await session.exec(
        delete(Membership).where(
            col(Membership.person_id) == person_id, col(Membership.initiative_id) == initiative_id
        )
    )
    await session.exec(
        update(Person)
        .where(col(Person.id) == person_id, col(Person.active_initiative_id) == initiative_id)
        .values(active_initiative_id=None)
    )


async def leave_round(
    session: AsyncSession,
    *,
    person_id: int,
    initiative_id: int,
    round_no: int,
    modules: Sequence[str],
) -> None:
    """The person's answers, comments, history and walkthroughs of the (open) round go: it
    counts them no more. The messages their comments on its modules were typed in no longer
    edit anything."""
    for table in (StoredAnswer, AnswerHistory, Walkthrough):
        await session.exec(
            delete(table).where(
                col(table.person_id) == person_id,
                col(table.initiative_id) == initiative_id,
                col(table.round_no) == round_no,
            )
        )
    await session.exec(
        delete(CommentMessage).where(
            col(CommentMessage.person_id) == person_id,
            col(CommentMessage.initiative_id) == initiative_id,
            col(CommentMessage.module).in_(list(modules)),
        )
    )
