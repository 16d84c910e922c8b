"""When an initiative last saw an answer: the dashboards' "last activity"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import StoredAnswer


async def last_answers(
    session: AsyncSession, *, initiative_ids: Sequence[int]
) -> dict[int, datetime]:
    """The time of each initiative's latest saved answer (any round);
    initiatives without any are left out."""
    if not initiative_ids:
        return {}
    rows = await session.exec(
        select(StoredAnswer.initiative_id, func.max(StoredAnswer.answered_at))
        .where(col(StoredAnswer.initiative_id).in_(list(initiative_ids)))
        .group_by(col(StoredAnswer.initiative_id))
    )
    return {initiative: at for initiative, at in rows if at is not None}
