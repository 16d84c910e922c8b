"""Which stored calls leave next, for the sender's background loop (storage/calls.py adds
them). Each chat's earliest unsettled call may leave when due; a callback answer waits for
nothing; a claim keeps other workers off a call while it is being made.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.calls import BY_ID, NEW_MESSAGES, NO_LANE, PENDING, TABLE, Call
from storage.models import SETTLED, CallStatus


async def claim_due(
    session: AsyncSession, *, now: datetime, until: datetime, limit: int = 200
) -> list[Call]:
    """Claims the calls that may leave now: each chat's earliest unsettled one, when due.

    A send whose claim ended was being made by a worker that stopped: it may have arrived, so
    it is never repeated (unknown).
    """
    return await session.run_sync(lambda sync: _claim(sync.connection(), now, until, limit))


def _claim(connection: Connection, now: datetime, until: datetime, limit: int) -> list[Call]:
    claimed = []
    for row in connection.execute(_DUE, {"now": now, "limit": limit}):
        if row.claimed_until is not None and row.method in NEW_MESSAGES:
            settled = {"status": str(CallStatus.UNKNOWN), "settled_at": now}
            error = {"error": "its worker stopped while sending it"}
            connection.execute(_STOPPED, {"b_id": row.id} | settled | error)
            continue
        if connection.execute(_CLAIM, {"b_id": row.id, "b_now": now, "until": until}).rowcount:
            claimed.append(
                Call(row.id, row.chat_id, row.method, row.params, row.attempts, row.message_id)
            )
    return claimed


async def next_due(session: AsyncSession) -> datetime | None:
    """When a call may leave next: the earliest due time of the calls that may leave first
    (each chat's earliest unsettled one; a claimed one once its claim ends). None: nothing
    waits. Calls queued behind an earlier one of their chat are not counted: they leave after
    it, whatever their own time."""
    rows = (await (await session.connection()).execute(_FIRST_OF_LANES)).all()
    times = [row.not_before if row.claimed_until is None else row.claimed_until for row in rows]
    return min(times, default=None)


async def waiting(session: AsyncSession, chat_ids: Collection[int]) -> bool:
    """Whether calls of these chats wait, unclaimed, to be sent (or tried again)."""
    if not chat_ids:
        return False
    found = await (await session.connection()).execute(_WAITING, {"chats": list(chat_ids)})
    return found.first() is not None


async def expire_claims(session: AsyncSession, *, now: datetime) -> None:
    """Ends every claim: for a worker starting where it is the only one (SQLite), whatever is
    claimed was left by a worker that stopped. ``claim_due`` then takes it up."""
    await (await session.connection()).execute(
        update(TABLE)
        .where(PENDING, TABLE.c.claimed_until.is_not(None))
        .values(claimed_until=now - timedelta(microseconds=1))
    )


async def forget_calls(session: AsyncSession, *, before: datetime) -> int:
    """Drops settled calls older than ``before``."""
    result = await (await session.connection()).execute(
        delete(TABLE).where(
            TABLE.c.status.in_([str(s) for s in SETTLED]), TABLE.c.settled_at < before
        )
    )
    return int(cast(Any, result).rowcount)


_LANE_HEADS = (
    select(func.min(TABLE.c.id))
    .where(PENDING, TABLE.c.chat_id != NO_LANE)
    .group_by(TABLE.c.chat_id)
    .scalar_subquery()
)
_FIRST_OF_LANES = select(TABLE.c.not_before, TABLE.c.claimed_until).where(
    PENDING, or_(TABLE.c.chat_id == NO_LANE, TABLE.c.id.in_(_LANE_HEADS))
)
_DUE = (
    select(
        TABLE.c.id,
        TABLE.c.chat_id,
        TABLE.c.method,
        TABLE.c.params,
        TABLE.c.attempts,
        TABLE.c.message_id,
        TABLE.c.claimed_until,
    )
    .where(
        PENDING,
        or_(TABLE.c.chat_id == NO_LANE, TABLE.c.id.in_(_LANE_HEADS)),
        TABLE.c.not_before <= bindparam("now"),
        or_(TABLE.c.claimed_until.is_(None), TABLE.c.claimed_until < bindparam("now")),
    )
    .order_by(TABLE.c.id)
    .limit(bindparam("limit"))
)
_CLAIM = (
    update(TABLE)
    .where(
        BY_ID,
        PENDING,
        or_(TABLE.c.claimed_until.is_(None), TABLE.c.claimed_until < bindparam("b_now")),
    )
    .values(claimed_until=bindparam("until"))
)
_STOPPED = update(TABLE).where(BY_ID).values(claimed_until=None)
"""Also sets status, settled_at and error from its parameters."""
_WAITING = (
    select(TABLE.c.id)
    .where(
        TABLE.c.chat_id.in_(bindparam("chats", expanding=True)),
        PENDING,
        TABLE.c.claimed_until.is_(None),
    )
    .limit(1)
)
