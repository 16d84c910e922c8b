"""Every call the bot makes to Telegram, one row each, with its own status.

Calls are added in the transaction that decided them and sent after it commits. A chat's calls
leave in order: only the earliest unsettled call of a chat may be sent (a callback answer waits
for nothing). A worker claims a call before sending it, so no two workers send the same one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, delete, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import SETTLED, CallStatus, TelegramCall

NO_LANE = 0
"""The chat id of calls that wait for no other (callback answers)."""
EDIT, SEND = "editMessageText", "sendMessage"


@dataclass(frozen=True, slots=True)
class NewCall:
    chat_id: int
    method: str
    params: str
    """JSON."""
    message_id: int | None = None
    """The message an edit changes."""
    digest: str | None = None
    """What the message shows once the call is made (text and buttons)."""
    screen: str | None = None
    """A name for what it shows, to find the message again (``invites:7``)."""


@dataclass(frozen=True, slots=True)
class Call:
    id: int
    chat_id: int
    method: str
    params: str
    attempts: int
    message_id: int | None


@dataclass(frozen=True, slots=True)
class Outcome:
    call_id: int
    status: CallStatus
    at: datetime
    """When it settled, or when to try again (status PENDING)."""
    message_id: int | None = None
    error: str | None = None
    attempted: bool = True
    """False for a call held back before it was made (pacing): not counted as an attempt."""


async def add_calls(
    session: AsyncSession,
    calls: Sequence[NewCall],
    *,
    now: datetime,
    update_id: int | None = None,
    origin: str | None = None,
    claim_until: datetime | None = None,
) -> list[Call]:
    """Adds the calls and returns those claimed until ``claim_until``, to be sent right after
    the commit: the calls of chats with nothing unsettled before them.

    An edit that would show what its message already shows is left out, and an edit still
    waiting to leave is superseded by a newer one of the same message.
    """
    kept = [call for call in calls if not await _changes_nothing(session, call)]
    lanes = {call.chat_id for call in kept if call.chat_id != NO_LANE}
    busy = await _busy_lanes(session, lanes) if claim_until is not None else lanes
    edited = {(call.chat_id, call.message_id) for call in kept if call.method == EDIT}
    for chat_id, message_id in edited:
        await session.exec(
            update(TelegramCall)
            .where(
                col(TelegramCall.chat_id) == chat_id,
                col(TelegramCall.message_id) == message_id,
                col(TelegramCall.method) == EDIT,
                col(TelegramCall.status) == CallStatus.PENDING,
                col(TelegramCall.claimed_until).is_(None),
            )
            .values(status=CallStatus.SUPERSEDED, settled_at=now)
        )
    rows = [
        TelegramCall(
            chat_id=call.chat_id,
            method=call.method,
            params=call.params,
            message_id=call.message_id,
            digest=call.digest,
            screen=call.screen,
            update_id=update_id,
            origin=origin,
            not_before=now,
            created_at=now,
            claimed_until=None if call.chat_id in busy else claim_until,
        )
        for call in kept
    ]
    session.add_all(rows)
    await session.flush()
    return [_call(row) for row in rows if row.claimed_until is not None]


async def claim_due(
    session: AsyncSession, *, now: datetime, until: datetime, limit: int = 200
) -> list[Call]:
    """Claims the calls that may leave now: each chat's earliest unsettled one, when due."""
    rows = await session.exec(
        select(TelegramCall)
        .where(TelegramCall.status == CallStatus.PENDING)
        .order_by(col(TelegramCall.id))
        .limit(limit * 5)
    )
    first_of_lane: dict[int, TelegramCall] = {}
    due = []
    for row in rows:
        if row.chat_id != NO_LANE:
            if row.chat_id in first_of_lane:
                continue
            first_of_lane[row.chat_id] = row
        if row.not_before <= now and (row.claimed_until is None or row.claimed_until < now):
            due.append(row)
    claimed = []
    for row in due[:limit]:
        if row.claimed_until is not None and row.method == SEND:
            # Its worker stopped while sending it: it may have arrived, and is never repeated.
            await session.exec(
                update(TelegramCall)
                .where(col(TelegramCall.id) == row.id)
                .values(
                    status=CallStatus.UNKNOWN,
                    settled_at=now,
                    claimed_until=None,
                    error="its worker stopped while sending it",
                )
            )
            continue
        result = await session.exec(
            update(TelegramCall)
            .where(
                col(TelegramCall.id) == row.id,
                col(TelegramCall.status) == CallStatus.PENDING,
                or_(
                    col(TelegramCall.claimed_until).is_(None),
                    col(TelegramCall.claimed_until) < now,
                ),
            )
            .values(claimed_until=until)
        )
        if cast(CursorResult[Any], result).rowcount == 1:
            claimed.append(_call(row))
    return claimed


async def settle(session: AsyncSession, outcomes: Sequence[Outcome]) -> None:
    """Records what became of claimed calls; PENDING ones are tried again at ``at``."""
    retries = [o for o in outcomes if o.status is CallStatus.PENDING]
    settled = [o for o in outcomes if o.status is not CallStatus.PENDING]
    for attempted in (True, False):
        again = [o for o in retries if o.attempted is attempted]
        if again:
            await session.exec(
                _RETRY if attempted else _POSTPONE,
                params=[
                    {"b_id": o.call_id, "not_before": o.at, "error": _short(o.error)}
                    for o in again
                ],
            )
    if settled:
        await session.exec(
            _SETTLE,
            params=[
                {
                    "b_id": o.call_id,
                    "status": str(o.status),
                    "settled_at": o.at,
                    "b_message_id": o.message_id,
                    "error": _short(o.error),
                }
                for o in settled
            ],
        )


async def release(session: AsyncSession, call_ids: Sequence[int]) -> None:
    """Gives up claims on calls not tried: they wait for their turn in the background."""
    if call_ids:
        await session.exec(
            update(TelegramCall)
            .where(col(TelegramCall.id).in_(call_ids))
            .values(claimed_until=None)
        )


async def next_due(session: AsyncSession) -> datetime | None:
    """When a call may leave next: the earliest due time of the calls that may leave first
    (each chat's earliest unsettled one; a claimed one once its claim ends). None: nothing
    waits. Calls queued behind an earlier one of their chat are not counted: they leave after
    it, whatever their own time."""
    rows = await session.exec(
        select(TelegramCall.chat_id, TelegramCall.not_before, TelegramCall.claimed_until)
        .where(TelegramCall.status == CallStatus.PENDING)
        .order_by(col(TelegramCall.id))
    )
    lanes: set[int] = set()
    times = []
    for chat_id, not_before, claimed_until in rows:
        if chat_id != NO_LANE:
            if chat_id in lanes:
                continue
            lanes.add(chat_id)
        times.append(not_before if claimed_until is None else max(not_before, claimed_until))
    return min(times, default=None)


async def waiting(session: AsyncSession, chat_ids: Collection[int]) -> bool:
    """Whether calls of these chats wait, unclaimed, to be sent (or tried again)."""
    if not chat_ids:
        return False
    found = await session.exec(
        select(TelegramCall.id)
        .where(
            col(TelegramCall.chat_id).in_(list(chat_ids)),
            TelegramCall.status == CallStatus.PENDING,
            col(TelegramCall.claimed_until).is_(None),
        )
        .limit(1)
    )
    return found.first() is not None


async def expire_claims(session: AsyncSession, *, now: datetime) -> None:
    """Ends every claim: for a worker starting where it is the only one (SQLite), whatever is
    claimed was left by a worker that stopped. ``claim_due`` then takes it up."""
    await session.exec(
        update(TelegramCall)
        .where(
            col(TelegramCall.status) == CallStatus.PENDING,
            col(TelegramCall.claimed_until).is_not(None),
        )
        .values(claimed_until=now - timedelta(microseconds=1))
    )


async def forget_calls(session: AsyncSession, *, before: datetime) -> int:
    """Drops settled calls older than ``before``."""
    result = await session.exec(
        delete(TelegramCall).where(
            col(TelegramCall.status).in_([str(s) for s in SETTLED]),
            col(TelegramCall.settled_at) < before,
        )
    )
    return int(cast(CursorResult[Any], result).rowcount)


async def _changes_nothing(session: AsyncSession, call: NewCall) -> bool:
    if call.method != EDIT or call.digest is None:
        return False
    shown = await session.exec(
        select(TelegramCall.digest)
        .where(
            TelegramCall.chat_id == call.chat_id,
            TelegramCall.message_id == call.message_id,
            col(TelegramCall.status).in_([CallStatus.SENT, CallStatus.PENDING]),
        )
        .order_by(col(TelegramCall.id).desc())
        .limit(1)
    )
    return shown.first() == call.digest


async def _busy_lanes(session: AsyncSession, lanes: set[int]) -> set[int]:
    if not lanes:
        return set()
    rows = await session.exec(
        select(TelegramCall.chat_id)
        .where(
            col(TelegramCall.chat_id).in_(lanes),
            TelegramCall.status == CallStatus.PENDING,
        )
        .distinct()
    )
    return set(rows)


def _call(row: TelegramCall) -> Call:
    assert row.id is not None
    return Call(row.id, row.chat_id, row.method, row.params, row.attempts, row.message_id)


def _short(error: str | None) -> str | None:
    return None if error is None else error[:300]


_TABLE = cast(Table, TelegramCall.__table__)  # type: ignore[attr-defined]
_RETRY = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("b_id"))
    .values(attempts=_TABLE.c.attempts + 1, claimed_until=None)
)
"""Also sets not_before and error from its parameters."""
_POSTPONE = update(_TABLE).where(_TABLE.c.id == bindparam("b_id")).values(claimed_until=None)
"""Sets not_before and error from its parameters."""
_SETTLE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("b_id"))
    .values(
        attempts=_TABLE.c.attempts + 1,
        claimed_until=None,
        message_id=func.coalesce(bindparam("b_message_id"), _TABLE.c.message_id),
    )
)
"""Also sets status, settled_at and error from its parameters."""
