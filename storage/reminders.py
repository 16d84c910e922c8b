"""Reminder waves of rounds: each queued once, whoever queues it (a restart, a second worker)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import dialect_insert
from storage.models import AssessmentRound, RoundReminder
from storage.rounds import RoundRecord, round_record


async def open_rounds(session: AsyncSession) -> list[RoundRecord]:
    """Every round not closed yet, in every initiative."""
    rows = await session.exec(
        select(AssessmentRound)
        .where(col(AssessmentRound.closed_at).is_(None))
        .order_by(col(AssessmentRound.id))
    )
    return [round_record(row) for row in rows]


async def queue(
    session: AsyncSession, *, round_id: int, kind: str, slot: int, now: datetime
) -> bool:
    """Marks the wave queued; False when it was already (by anyone)."""
    values = {"round_id": round_id, "kind": kind, "slot": slot, "queued_at": now}
    statement = dialect_insert(session, RoundReminder).values(values).on_conflict_do_nothing()
    result = await session.exec(statement)
    return bool(cast(Any, result).rowcount)


async def count(
    session: AsyncSession,
    *,
    round_id: int,
    kinds: Sequence[str],
    since: datetime | None = None,
) -> int:
    """How many waves of these kinds were queued (since ``since``)."""
    query = select(func.count()).where(
        RoundReminder.round_id == round_id, col(RoundReminder.kind).in_(kinds)
    )
    if since is not None:
        query = query.where(col(RoundReminder.queued_at) >= since)
    return (await session.exec(query)).one()
