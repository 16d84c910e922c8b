"""The calls that carry a round's messages (its news, its reminders), tagged with the round in
``origin``: counted by status for /progress, and kept while the round is open."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.calls import TABLE
from storage.models import AssessmentRound, CallStatus

NEWS, REMINDERS = "news", "reminders"
"""News: the round opened, its results; reminders: its reminder waves."""
KINDS = (NEWS, REMINDERS)


def origin(round_id: int, kind: str) -> str:
    """The ``origin`` of the calls of a round's messages of this kind (``round:7:reminders``);
    no tap's origin looks like it."""
    return f"round:{round_id}:{kind}"


@dataclass(frozen=True, slots=True)
class Tally:
    kind: str
    status: CallStatus
    error: str | None
    calls: int


async def tally(session: AsyncSession, *, round_id: int) -> list[Tally]:
    """How many calls of each kind of the round's messages are in each status, by error."""
    kinds = {origin(round_id, kind): kind for kind in KINDS}
    rows = await (await session.connection()).execute(
        select(TABLE.c.origin, TABLE.c.status, TABLE.c.error, func.count())
        .where(TABLE.c.origin.in_(list(kinds)))
        .group_by(TABLE.c.origin, TABLE.c.status, TABLE.c.error)
    )
    return [Tally(kinds[tag], CallStatus(status), error, n) for tag, status, error, n in rows]


async def open_round_origins(session: AsyncSession) -> list[str]:
    """The origins of the messages of every round still open."""
    found = await (await session.connection()).execute(
        select(col(AssessmentRound.id)).where(col(AssessmentRound.closed_at).is_(None))
    )
    return [origin(round_id, kind) for round_id in found.scalars() for kind in KINDS if round_id]
