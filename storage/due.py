"""Which stored calls leave next, for the sender's background loops (storage/calls.py adds
them). Each lane's earliest unsettled call may leave when due; a callback answer waits for
nothing; a claim keeps other workers off a call while it is being made. The replies to updates
and the calls the bot makes on its own are claimed apart (``own``): each has its loop.

On PostgreSQL the due rows are read ``FOR UPDATE SKIP LOCKED``: two workers claiming at once
take different calls, and neither waits for the other.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.calls import BY_ID, NEW_MESSAGES, NO_LANE, OWN, PENDING, REPLY, TABLE, Call
from storage.models import SETTLED, CallStatus
from storage.round_calls import open_round_origins


async def claim_due(
    session: AsyncSession,
    *,
    now: datetime,
    until: datetime,
    limit: int = 200,
    own: bool = False,
) -> list[Call]:
    """Claims the calls that may leave now: each lane's earliest unsettled one, when due; the
    replies to updates, or with ``own`` the calls the bot makes on its own.

    A send whose claim ended was being made by a worker that stopped: it may have arrived, so
    it is never repeated (unknown).
    """
    return await session.run_sync(
        lambda sync: _claim(sync.connection(), _DUE[own], now, until, limit)
    )


def _claim(
    connection: Connection, due: Any, now: datetime, until: datetime, limit: int
) -> list[Call]:
    rows, stopped = [], []
    for row in connection.execute(due, {"now": now, "limit": limit}):
        if row.claimed_until is not None and row.method in NEW_MESSAGES:
            stopped.append(row.id)
        else:
            rows.append(row)
    if stopped:
        error = "its worker stopped while sending it"
        settled = {"status": str(CallStatus.UNKNOWN), "settled_at": now, "error": error}
        connection.execute(_STOPPED, [{"b_id": call_id} | settled for call_id in stopped])
    if not rows:
        return []
    ids = [row.id for row in rows]
    taken = set(connection.execute(_CLAIM, {"ids": ids, "b_now": now, "until": until}).scalars())
    return [
        Call(row.id, row.chat_id, row.method, row.params, row.attempts, row.message_id)
        for row in rows
        if row.id in taken
    ]


async def next_due(session: AsyncSession, *, own: bool = False) -> datetime | None:
    """When a call may leave next: the earliest due time of the calls that may leave first
    (each lane's earliest unsettled one; a claimed one once its claim ends). None: nothing
    waits. Calls queued behind an earlier one of their lane are not counted: they leave after
    it, whatever their own time."""
    found = await (await session.connection()).execute(_NEXT_DUE[own])
    return cast(datetime | None, found.scalar())


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
    """Drops settled calls older than ``before``, but those of open rounds' messages: /progress
    counts them."""
    statement = delete(TABLE).where(
        TABLE.c.status.in_([str(s) for s in SETTLED]), TABLE.c.settled_at < before
    )
    kept = await open_round_origins(session)
    if kept:
        statement = statement.where(or_(TABLE.c.origin.is_(None), TABLE.c.origin.not_in(kept)))
    result = await (await session.connection()).execute(statement)
    return int(cast(Any, result).rowcount)


def _lanes(own: bool) -> Any:
    """The calls that may leave first: the earliest unsettled call of each lane."""
    heads = (
        select(func.min(TABLE.c.id))
        .where(PENDING, TABLE.c.chat_id != NO_LANE, OWN if own else REPLY)
        .group_by(TABLE.c.chat_id)
        .scalar_subquery()
    )
    return TABLE.c.id.in_(heads) if own else or_(TABLE.c.chat_id == NO_LANE, TABLE.c.id.in_(heads))


_NEXT_DUE = {
    own: select(func.min(func.coalesce(TABLE.c.claimed_until, TABLE.c.not_before))).where(
        PENDING, _lanes(own)
    )
    for own in (False, True)
}
_DUE = {
    own: select(
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
        _lanes(own),
        TABLE.c.not_before <= bindparam("now"),
        or_(TABLE.c.claimed_until.is_(None), TABLE.c.claimed_until < bindparam("now")),
    )
    .order_by(TABLE.c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True, of=TABLE)
    for own in (False, True)
}
_CLAIM = (
    update(TABLE)
    .where(
        TABLE.c.id.in_(bindparam("ids", expanding=True)),
        PENDING,
        or_(TABLE.c.claimed_until.is_(None), TABLE.c.claimed_until < bindparam("b_now")),
    )
    .values(claimed_until=bindparam("until"))
    .returning(TABLE.c.id)
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
