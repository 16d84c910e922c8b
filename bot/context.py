"""The one outer middleware: one transaction per update, the person, their language, replies.

Handlers put what they show in the update's Outbox. It is stored with the update's id in the
update's own transaction, and delivered once that transaction is committed, outside the
database's write lock. A redelivered update (same ``update_id``) is rolled back and its stored
outbox delivered again, so its effects happen once and what the person sees is never lost.

When the database or Telegram cannot be reached, the person is told so if possible and the
update is left unconfirmed, to be handled again later. Any other failure is logged, told, and
recorded as handled, so that one bad update cannot block the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.outbound import Outbox, TelegramUnreachable
from flows.i18n import Translator, pick_language, translator
from flows.model import N_
from storage import repository as repo
from storage.models import utc_now

log = logging.getLogger(__name__)

DATABASE_DOWN = N_(
    "The coach cannot reach its database right now. Nothing you sent is lost: "
    "it will be taken into account as soon as the database is back."
)
SOMETHING_WENT_WRONG = N_(
    "Something went wrong on our side. Your earlier answers are safe; please try again."
)
ATTEMPTS = 3
"""How often an update that met another worker's write (ConcurrentUpdate) is tried."""
UPDATE_MEMORY = timedelta(days=2)
"""Telegram keeps an unconfirmed update 24 hours at most: older records serve no redelivery."""
FORGET_EVERY = 6 * 3600.0


class HandleLater(Exception):
    """Transient: the update must be handled again later."""


class DatabaseDown(HandleLater):
    pass


class _Redelivered(Exception):
    """This update was handled before: roll back and deliver what it showed then."""


def display_name(user: User) -> str:
    return " ".join(part for part in (user.first_name, user.last_name) if part)[:200]


def _private(update: Update) -> bool:
    """A private message, or a tap on a button the bot showed."""
    if isinstance(update.event, CallbackQuery):
        return True
    return isinstance(update.event, Message) and update.event.chat.type == "private"


class UpdateContext(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.warned: set[int] = set()
        # SQLite has one writer: queue in order here rather than in its busy handler's sleeps.
        single_writer = sessions.kw["bind"].dialect.name == "sqlite"
        self.writing: AbstractAsyncContextManager[Any] = (
            asyncio.Lock() if single_writer else contextlib.nullcontext()
        )
        self._housekeeping: asyncio.Task[None] | None = None

    async def on_startup(self) -> None:
        self._housekeeping = asyncio.create_task(self._forget_old_updates())

    async def on_shutdown(self) -> None:
        if self._housekeeping is not None:
            self._housekeeping.cancel()
            await asyncio.gather(self._housekeeping, return_exceptions=True)

    async def _forget_old_updates(self) -> None:
        while True:
            try:
                async with self.writing, self.sessions.begin() as session:
                    await repo.forget_updates(session, before=utc_now() - UPDATE_MEMORY)
            except (SQLAlchemyError, OSError) as error:
                log.warning("could not forget old updates: %s", error)
            await asyncio.sleep(FORGET_EVERY)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        outbox = await self._handle_once(handler, event, data)
        if outbox is None:
            await self._tell(event, data, SOMETHING_WENT_WRONG)
            async with self.writing, self.sessions.begin() as session:
                await repo.record_update(session, update_id=event.update_id, replies=None)
            return None
        try:
            delivered = await outbox.deliver(data["bot"])
        except TelegramUnreachable as error:
            log.warning("update %s: Telegram unreachable: %s", event.update_id, error)
            raise HandleLater from error
        user: User | None = data.get("event_from_user")
        if not delivered and user is not None:
            log.info("person %s blocked the bot", user.id)
            async with self.writing, self.sessions.begin() as session:
                await repo.mark_blocked(session, telegram_id=user.id)
        return None

    async def _handle_once(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Outbox | None:
        """The outbox of the update's committed effects, or None when handling it failed."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._handle(handler, update, data)
            except _Redelivered:
                async with self.sessions() as session:
                    stored = await repo.stored_replies(session, update_id=update.update_id)
                return Outbox.load(stored)
            except repo.ConcurrentUpdate:
                log.info(
                    "update %s met a concurrent write (attempt %s)", update.update_id, attempt
                )
            except (SQLAlchemyError, OSError) as error:
                if not await self._database_reachable():
                    log.warning("database unavailable for update %s: %s", update.update_id, error)
                    await self._tell(update, data, DATABASE_DOWN)
                    raise DatabaseDown from error
                log.exception("update %s failed", update.update_id)
                return None
            except Exception:
                log.exception("update %s failed", update.update_id)
                return None
        return None

    async def _handle(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Outbox:
        user: User | None = data.get("event_from_user")
        data["tr"] = translator(pick_language(user.language_code if user else None))
        outbox = data["outbox"] = Outbox()
        async with self.writing, self.sessions.begin() as session:
            data["session"] = session
            blocked = False
            if user is not None and _private(update):
                person, data["role"] = await repo.telegram_person(
                    session, telegram_id=user.id, display_name=display_name(user)
                )
                if person.blocked_at is not None and isinstance(update.event, Message):
                    person.blocked_at = None  # they are writing to the bot again
                blocked = person.blocked_at is not None
                data["person"] = person
                data["tr"] = translator(person.locale or pick_language(user.language_code))
            await handler(update, data)
            if blocked:
                outbox = outbox.without_messages()
            if not await repo.record_update(
                session, update_id=update.update_id, replies=outbox.dump()
            ):
                raise _Redelivered
        return outbox

    async def _database_reachable(self) -> bool:
        try:
            async with asyncio.timeout(5), self.sessions() as session:
                await (await session.connection()).exec_driver_sql("SELECT 1")
        except (SQLAlchemyError, OSError, TimeoutError):
            return False
        return True

    async def _tell(self, update: Update, data: dict[str, Any], msgid: str) -> None:
        """Says what went wrong, once per update however often it is tried."""
        if update.update_id in self.warned:
            return
        if len(self.warned) > 10_000:
            self.warned.clear()
        self.warned.add(update.update_id)
        tr: Translator = data["tr"]
        bot: Bot = data["bot"]
        try:
            if isinstance(update.event, CallbackQuery):
                await update.event.answer(tr(msgid)[:200], show_alert=True)
            elif _private(update) and isinstance(update.event, Message):
                await bot.send_message(update.event.chat.id, tr(msgid))
        except TelegramAPIError as error:
            log.info("could not tell the person about a failure: %s", error)
