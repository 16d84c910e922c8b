"""When an initiative last saw an answer: the dashboards' "last activity"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import StoredAnswer


async def last_answers(
    session: AsyncSession, *, initiative_ids: Sequence[int]
) -> dict[int, datetime]:
    """The time of each initiative's latest saved answer (any round);
    initiatives without any are left out."""
    found = {}
    for initiative in initiative_ids:  # one index lookup each; a GROUP BY would scan them all
        at = (
            await session.exec(
                select(func.max(StoredAnswer.answered_at)).where(
                    StoredAnswer.initiative_id == initiative
                )
            )
        ).one()
        if at is not None:
            found[initiative] = at
    return found
