"""Sends the stored calls to Telegram: each once, each chat's in order, retried on their own.

The calls of an update are claimed in its transaction and sent as soon as it is committed; the
background loop takes whatever is left: calls to retry, calls that waited for an earlier one of
their chat, calls another worker left behind. What the bot sends on its own (round news,
reminders) has a loop of its own, paced behind the replies (bot/broadcast.py). What became of
each call is stored with it.

Retry policy: flood control (429) after its ``retry_after``, however often (and what the bot
sends on its own waits as long, bot/pacing.py); a 5xx answer, or a connection
refused before the request was written, is not delivered and is tried again with a growing
pause. A timeout or a dropped connection after the request was written is unknown: edits and
callback answers are made again (repeating them is harmless), a new message is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMyCommands,
    EditMessageText,
    SendMessage,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import Message
from aiohttp import ClientConnectorError
from sqlalchemy.exc import SQLAlchemyError

from bot import documents
from bot.broadcast import Broadcast, finish, rest
from bot.pacing import Pacing
from bot.settling import Fates, Settling
from storage import due
from storage.calls import BLOCKED, GAVE_UP, GROUP_GONE, NEW_MESSAGES, NO_LANE, Call, Outcome
from storage.db import Transactions
from storage.models import CallStatus
from storage.sending_turn import SendingTurn
from usecases.clock import Clock

log = logging.getLogger(__name__)

METHODS: dict[str, Callable[[str], TelegramMethod[Any]]] = {
    method.__api_method__: method.model_validate_json
    for method in (
        AnswerCallbackQuery,
        EditMessageText,
        SendMessage,
        SetMyCommands,
        DeleteMyCommands,
    )
} | {"sendDocument": documents.rebuilt}
"""How a stored call (its JSON) is made again."""
LEASE = timedelta(seconds=15)
"""How long a claimed call is this worker's; then another may take it."""
REQUEST_TIMEOUT = 8
ATTEMPTS = 8
LONGEST_PAUSE = 60.0
IDLE = 5.0
"""How often the loop looks for calls left by other workers when nothing else wakes it."""
THREAD_GONE = "message thread not found"
"""Telegram's answer to a send into a forum topic that was deleted."""


class Sender:
    def __init__(self, bot: Bot, database: Transactions, clock: Clock) -> None:
        self.bot, self.database, self.clock = bot, database, clock
        self.pacing = Pacing(clock)
        self.settling = Settling(database, self.wake)
        self.broadcast = Broadcast(self, SendingTurn(database.sessions.kw["bind"]))
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def claim_until(self) -> datetime:
        return self.clock.now() + LEASE

    async def deliver(self, claimed: Sequence[Call]) -> None:
        """Makes the calls this worker claimed, each chat's in order; their fate is stored with
        the next transaction (bot/settling.py)."""
        if not claimed:
            return
        lanes: dict[tuple[int, int], list[Call]] = {}
        for call in claimed:  # a callback answer waits for nothing
            lane = (call.chat_id, call.id if call.chat_id == NO_LANE else 0)
            lanes.setdefault(lane, []).append(call)
        results = await asyncio.gather(*(self._lane(lane) for lane in lanes.values()))
        outcomes = [outcome for done, _ in results for outcome in done]
        untried = [call_id for _, waiting in results for call_id in waiting]
        self.record(claimed, outcomes, untried)

    def record(
        self, made: Sequence[Call], outcomes: list[Outcome], untried: list[int], soon: bool = True
    ) -> None:
        """Keeps what became of calls, to be stored with the next transaction (bot/settling.py)."""
        chat_of = {call.id: call.chat_id for call in made}
        blocked = {chat_of[o.call_id] for o in outcomes if o.error in (BLOCKED, GROUP_GONE)}
        # A person's updates are handled one after the other (event isolation), so nothing
        # queues behind the calls of a private chat while they are made; other chats may.
        chats = {call.chat_id for call in made if call.chat_id < NO_LANE}
        self.settling.record(outcomes, untried, blocked, chats, soon=soon)

    def wake(self) -> None:
        self._wake.set()
        self.broadcast.wake()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="sender")

    async def stop(self) -> None:
        """Once what it claimed is made or given back and stored: a clean stop leaves nothing
        claimed behind."""
        self._stopping.set()
        self.wake()
        await finish(self._task)
        await self.broadcast.stop()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.settling.flushed(), timeout=5)

    async def _run(self) -> None:
        if self.database.single_process:
            try:
                async with self.database.begin() as session:
                    await due.expire_claims(session, now=self.clock.now())
            except (SQLAlchemyError, OSError) as error:
                log.warning("sender cannot take up calls left claimed: %s", error)
        if not self._stopping.is_set():
            self.broadcast.start()  # once claims left behind are ended: it takes up its own
        while not self._stopping.is_set():
            self._wake.clear()
            fates, waiting = Fates(), False
            try:
                async with self.database.begin() as session:
                    # What it just made is stored first: the next call of each chat is due.
                    fates = self.settling.take()
                    waiting = await self.settling.write(session, fates)
                    now = self.clock.now()
                    claimed = await due.claim_due(session, now=now, until=now + LEASE)
                    next_at = None if claimed else await due.next_due(session)
            except (SQLAlchemyError, OSError) as error:
                log.warning("sender cannot read its calls: %s", error)
                self.settling.restore(fates)
                claimed, next_at, waiting = [], None, False
            if claimed or waiting:
                await self.deliver(claimed)
                continue
            pause = IDLE if next_at is None else (next_at - self.clock.now()).total_seconds()
            await self._pause(min(max(pause, 0.0), IDLE))

    async def _pause(self, seconds: float) -> None:
        await rest(self.clock, self._wake, seconds)

    async def _lane(self, lane: list[Call]) -> tuple[list[Outcome], list[int]]:
        outcomes = []
        for position, call in enumerate(lane):
            outcome = await self.make(call)
            outcomes.append(outcome)
            if outcome.status is CallStatus.PENDING:
                return outcomes, [later.id for later in lane[position + 1 :]]
        return outcomes, []

    async def make(self, call: Call, *, own: bool = False) -> Outcome:
        """Makes one call, unless its chat's limit (or for a reply, the overall one) holds it
        back: then it is to be tried at its turn."""
        wait = self.pacing.take(call.id, call.method, call.chat_id, overall=not own)
        if wait > 0:
            at = self.clock.now() + timedelta(seconds=wait)
            return Outcome(call.id, CallStatus.PENDING, at, attempted=False)
        method = call.prepared
        if not isinstance(method, TelegramMethod):
            method = METHODS[call.method](call.params)
        try:
            result = await self._send(method)
        except TelegramRetryAfter as error:
            self.pacing.hold(error.retry_after)
            at = self.clock.now() + timedelta(seconds=error.retry_after)
            refused = f"flood control: {error.message}"  # however often: it is not a failure
            return Outcome(call.id, CallStatus.PENDING, at, error=refused, attempted=False)
        except TelegramServerError as error:
            return self._again(call, _pause(call.attempts), error.message)
        except TelegramNetworkError as error:
            if (
                isinstance(error.__cause__, ClientConnectorError)
                or call.method not in NEW_MESSAGES
            ):
                return self._again(call, _pause(call.attempts), error.message)
            log.warning("call %s to chat %s: no answer, may have arrived", call.id, call.chat_id)
            return self._settled(call, CallStatus.UNKNOWN, error=error.message)
        except TelegramForbiddenError as error:
            log.info("chat %s blocked the bot: %s", call.chat_id, error.message)
            gone = BLOCKED if call.chat_id > 0 else GROUP_GONE  # a group: the bot was removed
            return self._settled(call, CallStatus.FAILED, error=gone)
        except TelegramBadRequest as error:
            quiet = isinstance(method, AnswerCallbackQuery)  # too old, or answered before a crash
            (log.info if quiet else log.error)("Telegram refused %s: %s", call.id, error.message)
            return self._settled(call, CallStatus.FAILED, error=error.message)
        except TelegramAPIError as error:
            log.error("Telegram refused call %s: %s", call.id, error.message)
            return self._settled(call, CallStatus.FAILED, error=error.message)
        message_id = result.message_id if isinstance(result, Message) else None
        return self._settled(call, CallStatus.SENT, message_id=message_id)

    async def _send(self, method: TelegramMethod[Any]) -> Any:
        """Makes the call; a group Telegram moved (upgraded to a supergroup) or whose forum
        topic is gone is followed, and the call made again there (bot/settling.py stores it)."""
        try:
            return await self._call(method)
        except TelegramMigrateToChat as error:
            old, new = getattr(method, "chat_id", None), error.migrate_to_chat_id
            if not isinstance(old, int) or old == new:
                raise
            log.info("group %s became supergroup %s", old, new)
            self.settling.follow(moved={old: new})
            return await self._call(method.model_copy(update={"chat_id": new}))
        except TelegramBadRequest as error:
            chat, thread = (
                getattr(method, "chat_id", None),
                getattr(method, "message_thread_id", None),
            )
            gone = THREAD_GONE in error.message and thread is not None
            if not gone or not isinstance(chat, int):
                raise
            log.info("topic %s of group %s is gone: posting in General", thread, chat)
            self.settling.follow(general={chat})
            return await self._call(method.model_copy(update={"message_thread_id": None}))

    async def _call(self, method: TelegramMethod[Any]) -> Any:
        if not isinstance(method, EditMessageText):
            return await self.bot(method, request_timeout=REQUEST_TIMEOUT)
        try:
            return await self.bot(method, request_timeout=REQUEST_TIMEOUT)
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return True
            if "can't be edited" not in error.message and "not found" not in error.message:
                raise
            # Too old to edit, or gone: show it anew.
            assert method.chat_id is not None and method.text is not None  # as Outbox made it
            anew = SendMessage(
                chat_id=method.chat_id, text=method.text, reply_markup=method.reply_markup
            )
            return await self.bot(anew, request_timeout=REQUEST_TIMEOUT)

    def _again(self, call: Call, after: float, error: str) -> Outcome:
        if call.attempts + 1 >= ATTEMPTS:
            log.error("call %s failed %s times: %s", call.id, ATTEMPTS, error)
            return self._settled(call, CallStatus.FAILED, error=f"{GAVE_UP}{error}")
        at = self.clock.now() + timedelta(seconds=after)
        return Outcome(call.id, CallStatus.PENDING, at, error=error)

    def _settled(
        self,
        call: Call,
        status: CallStatus,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> Outcome:
        return Outcome(call.id, status, self.clock.now(), message_id=message_id, error=error)


def _pause(attempts: int) -> float:
    return min(LONGEST_PAUSE, 0.5 * 2.0**attempts)
