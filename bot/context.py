"""The one outer middleware: one transaction per update, the person, their language.

A redelivered update (same ``update_id``) is dropped inside the same transaction that records
it, so its effects happen once. When the database cannot be reached the person is told so and
the update is left unconfirmed, to be handled again once the database is back. Any other
failure is logged, told, and recorded as handled, so that one bad update cannot block the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.i18n import Translator, pick_language, translator
from flows.model import N_
from storage import repository as repo

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


class DatabaseDown(Exception):
    """Transient: the update must be handled again later."""


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

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._handle(handler, event, data)
            except repo.ConcurrentUpdate:
                log.info("update %s met a concurrent write (attempt %s)", event.update_id, attempt)
            except (SQLAlchemyError, OSError) as error:
                if not await self._database_reachable():
                    log.warning("database unavailable for update %s: %s", event.update_id, error)
                    await self._tell(event, data, DATABASE_DOWN)
                    raise DatabaseDown from error
                log.exception("update %s failed", event.update_id)
                break
            except Exception:
                log.exception("update %s failed", event.update_id)
                break
        await self._tell(event, data, SOMETHING_WENT_WRONG)
        async with self.sessions.begin() as session:
            await repo.claim_update(session, update_id=event.update_id)
        return None

    async def _handle(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        data["tr"] = translator(pick_language(user.language_code if user else None))
        async with self.writing, self.sessions.begin() as session:
            if not await repo.claim_update(session, update_id=update.update_id):
                return None
            data["session"] = session
            if user is not None and _private(update):
                person = await repo.get_or_create_telegram_person(
                    session, telegram_id=user.id, display_name=display_name(user)
                )
                if person.blocked_at is not None and isinstance(update.event, Message):
                    person.blocked_at = None  # they are writing to the bot again
                data["person"] = person
                data["tr"] = translator(person.locale or pick_language(user.language_code))
            return await handler(update, data)

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
