"""The perspective a member gave for an initiative (flows.perspectives), per membership."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Membership


async def perspective(session: AsyncSession, *, person_id: int, initiative_id: int) -> str | None:
    found = await session.exec(
        select(Membership.perspective).where(
            Membership.person_id == person_id, Membership.initiative_id == initiative_id
        )
    )
    return found.one_or_none()


async def set_perspective(
    session: AsyncSession, *, person_id: int, initiative_id: int, perspective: str | None
) -> bool:
    """False when the person is not in the initiative."""
    done = await session.exec(
        update(Membership)
        .where(
            col(Membership.person_id) == person_id,
            col(Membership.initiative_id) == initiative_id,
        )
        .values(perspective=perspective)
    )
    return bool(done.rowcount)
