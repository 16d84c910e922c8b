"""Every call the bot makes to Telegram, one row each, with its own status.

Calls are added in the transaction that decided them and sent after it commits. A chat's calls
leave in order: only the earliest unsettled call of a chat's lane may be sent (a callback answer
waits for nothing). A chat has two lanes: the replies to its updates, and what the bot sends it
on its own (``OWN``). A worker claims a call before sending it, so no two workers send the same
one.

These statements run on every tap: they are built once, and each function runs its statements
on the transaction's connection in one greenlet switch (as storage/walks.py does), through
storage/prepared.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, literal_column, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import CallStatus, TelegramCall
from storage.prepared import run

NO_LANE = 0
"""The chat id of calls that wait for no other (callback answers)."""
EDIT, SEND = "editMessageText", "sendMessage"
NEW_MESSAGES = frozenset({SEND, "sendDocument", "sendPhoto", "sendMediaGroup"})
"""Calls that make a new message: one that may have arrived is never made again."""
BLOCKED = "blocked by the person"
GROUP_GONE = "not in the group chat any more"
"""A post for a group the bot was removed from, or that was unlinked before it left."""
GAVE_UP = "gave up: "
"""The start of the error of a call given up after too many attempts."""


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
    prepared: object = None
    """The call as the caller built it, to make it without parsing ``params`` (not stored)."""


@dataclass(frozen=True, slots=True)
class Call:
    id: int
    chat_id: int
    method: str
    params: str
    attempts: int
    message_id: int | None
    prepared: object = None


@dataclass(frozen=True, slots=True)
class Outcome:
    call_id: int
    status: CallStatus
    at: datetime
    """When it settled, or when to try again (status PENDING)."""
    message_id: int | None = None
    error: str | None = None
    attempted: bool = True
    """False for a call held back before it was made (pacing) or by Telegram's flood control:
    not counted as an attempt."""


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
    if not calls:
        return []
    added = (calls, now, update_id, origin, claim_until)
    return await session.run_sync(lambda sync: _add(sync.connection(), *added))


def _add(
    connection: Connection,
    calls: Sequence[NewCall],
    now: datetime,
    update_id: int | None,
    origin: str | None,
    claim_until: datetime | None,
) -> list[Call]:
    kept, busy = [], set()
    for call in calls:
        if call.chat_id == NO_LANE:
            kept.append(call)
            continue
        if claim_until is None and call.method != EDIT:
            busy.add(call.chat_id)  # left to the background loop: nothing to look up
            kept.append(call)
            continue
        if call.method == EDIT:
            key = {"b_chat": call.chat_id, "b_message": call.message_id}
            latest = run(connection, _LATEST, key).one_or_none()
        else:
            latest = None
        if latest is None:
            queued = run(connection, _QUEUED, {"chat_id": call.chat_id}).scalar()
        else:
            if call.digest is not None and latest.digest == call.digest:
                continue  # the message shows this already, or will
            if _unsent_edit(latest):
                run(connection, _SUPERSEDE, {"b_id": latest.id, "b_now": now})
            queued = latest.queued
        if queued or claim_until is None:
            busy.add(call.chat_id)
        kept.append(call)
    if not kept:
        return []
    claims = [None if call.chat_id in busy else claim_until for call in kept]
    rows = [
        {
            "chat_id": call.chat_id,
            "method": call.method,
            "params": call.params,
            "status": str(CallStatus.PENDING),
            "attempts": 0,
            "message_id": call.message_id,
            "digest": call.digest,
            "screen": call.screen,
            "update_id": update_id,
            "origin": origin,
            "not_before": now,
            "created_at": now,
            "claimed_until": claim,
        }
        for call, claim in zip(kept, claims, strict=True)
    ]
    if all(claim is None for claim in claims):
        run(connection, _INSERT_ONLY, rows)  # none to send now: no ids to read back
        return []
    # One statement for all rows; ids are handed out in the order the rows are inserted.
    ids = sorted(run(connection, _INSERT, rows).scalars())
    return [
        Call(call_id, call.chat_id, call.method, call.params, 0, call.message_id, call.prepared)
        for call_id, call, claim in zip(ids, kept, claims, strict=True)
        if claim is not None
    ]


async def settle(session: AsyncSession, outcomes: Sequence[Outcome]) -> None:
    """Records what became of claimed calls; PENDING ones are tried again at ``at``."""
    if outcomes:
        await session.run_sync(lambda sync: _settle(sync.connection(), outcomes))


def _settle(connection: Connection, outcomes: Sequence[Outcome]) -> None:
    for statement, attempted in ((_RETRY, True), (_POSTPONE, False)):
        again = [
            {"b_id": o.call_id, "not_before": o.at, "error": _short(o.error)}
            for o in outcomes
            if o.status is CallStatus.PENDING and o.attempted is attempted
        ]
        if again:
            run(connection, statement, again)
    settled = [
        {
            "b_id": o.call_id,
            "status": str(o.status),
            "settled_at": o.at,
            "b_message_id": o.message_id,
            "error": _short(o.error),
        }
        for o in outcomes
        if o.status is not CallStatus.PENDING
    ]
    if settled:
        run(connection, _SETTLE, settled)


async def drop_unsent(session: AsyncSession, *, chat_id: int, now: datetime) -> None:
    """What the bot was to send a group chat on its own and has not claimed yet fails for
    good (GROUP_GONE): the group was unlinked."""
    await (await session.connection()).execute(
        _DROP, {"b_chat": chat_id, "b_now": now, "error": GROUP_GONE}
    )


async def release(session: AsyncSession, call_ids: Sequence[int]) -> None:
    """Gives up claims on calls not tried: they wait for their turn in the background."""
    if call_ids:
        await (await session.connection()).execute(_RELEASE, {"ids": list(call_ids)})


def _unsent_edit(row: Any) -> bool:
    return bool(
        row.method == EDIT and row.status == CallStatus.PENDING and row.claimed_until is None
    )


def _short(error: str | None) -> str | None:
    return None if error is None else error[:300]


TABLE = cast(Table, TelegramCall.__table__)  # type: ignore[attr-defined]


def _literal(status: CallStatus) -> Any:
    return literal_column(f"'{status}'")


PENDING = TABLE.c.status == _literal(CallStatus.PENDING)
"""Written out, not a parameter, so that the indexes of unsettled calls serve it."""
OWN = TABLE.c.update_id.is_(None)
"""Calls the bot makes on its own (round news, reminders, results), in lanes of their own: a
reply to someone who just tapped never waits behind them."""
REPLY = TABLE.c.update_id.is_not(None)
BY_ID = TABLE.c.id == bindparam("b_id")
"""The conditions the statements here and in storage/due.py share."""
_INSERT_ONLY = insert(TABLE)
_INSERT = _INSERT_ONLY.returning(TABLE.c.id)
_SAME_MESSAGE = (
    TABLE.c.chat_id == bindparam("b_chat"),
    TABLE.c.message_id == bindparam("b_message"),
)
_QUEUED = select(
    select(TABLE.c.id)
    .where(TABLE.c.chat_id == bindparam("chat_id"), PENDING, REPLY)
    .limit(1)
    .exists()
)
"""Whether a reply to the chat is still unsettled: a new one waits behind it."""
_LATEST = (
    select(
        TABLE.c.id,
        TABLE.c.digest,
        TABLE.c.method,
        TABLE.c.status,
        TABLE.c.claimed_until,
        select(TABLE.c.id)
        .where(TABLE.c.chat_id == bindparam("b_chat"), PENDING, REPLY)
        .limit(1)
        .exists()
        .label("queued"),
    )
    .where(
        *_SAME_MESSAGE,
        TABLE.c.status.in_([_literal(CallStatus.SENT), _literal(CallStatus.PENDING)]),
    )
    .order_by(TABLE.c.id.desc())
    .limit(1)
)
"""The newest call that made, or will make, a message: what it shows (``digest``); and whether
its chat has a reply still unsettled (``queued``). An older edit still waiting to leave is
always the newest: each new one supersedes the one before."""
_SUPERSEDE = (
    update(TABLE)
    .where(BY_ID, PENDING, TABLE.c.claimed_until.is_(None))
    .values(status=str(CallStatus.SUPERSEDED), settled_at=bindparam("b_now"))
)
_DROP = (
    update(TABLE)
    .where(
        TABLE.c.chat_id == bindparam("b_chat"),
        PENDING,
        OWN,
        TABLE.c.claimed_until.is_(None),
    )
    .values(status=str(CallStatus.FAILED), settled_at=bindparam("b_now"))
)
"""Also sets error from its parameters."""
_RETRY = update(TABLE).where(BY_ID).values(attempts=TABLE.c.attempts + 1, claimed_until=None)
"""Also sets not_before and error from its parameters."""
_POSTPONE = update(TABLE).where(BY_ID).values(claimed_until=None)
"""Sets not_before and error from its parameters."""
_SETTLE = (
    update(TABLE)
    .where(BY_ID)
    .values(
        attempts=TABLE.c.attempts + 1,
        claimed_until=None,
        message_id=func.coalesce(bindparam("b_message_id"), TABLE.c.message_id),
    )
)
"""Also sets status, settled_at and error from its parameters."""
_RELEASE = (
    update(TABLE)
    .where(TABLE.c.id.in_(bindparam("ids", expanding=True)))
    .values(claimed_until=None)
)
