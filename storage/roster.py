"""Who is in an initiative and in which role. Every function works inside the caller's
transaction; none commits.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Initiative, Membership, Role
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
