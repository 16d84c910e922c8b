"""The one outer middleware: one transaction per update, the person, their language.

A redelivered update (same ``update_id``) is dropped inside the same transaction that records
it, so its effects happen once. When the database cannot be reached the person is told so and
the update is left unconfirmed, to be handled again once the database is back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User
from sqlalchemy.exc import DBAPIError, OperationalError
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


class DatabaseDown(Exception):
    """Transient: the update must be handled again later."""


def display_name(user: User) -> str:
    return " ".join(part for part in (user.first_name, user.last_name) if part)[:200]


def _writes_privately(update: Update) -> bool:
    return isinstance(update.event, Message) and update.event.chat.type == "private"


class UpdateContext(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.warned: set[int] = set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        user: User | None = data.get("event_from_user")
        try:
            async with self.sessions.begin() as session:
                if not await repo.claim_update(session, update_id=event.update_id):
                    return None
                data["session"] = session
                if user is not None:
                    person = await repo.get_or_create_telegram_person(
                        session, telegram_id=user.id, display_name=display_name(user)
                    )
                    if person.blocked_at is not None and _writes_privately(event):
                        person.blocked_at = None  # they are talking to the bot again
                    data["person"] = person
                    data["tr"] = translator(person.locale or pick_language(user.language_code))
                return await handler(event, data)
        except (OperationalError, DBAPIError, OSError) as error:
            log.warning("database unavailable for update %s: %s", event.update_id, error)
            await self._tell(event, data, DATABASE_DOWN, once=True)
            raise DatabaseDown from error
        except TelegramAPIError:
            log.exception("Telegram refused a call for update %s", event.update_id)
            await self._tell(event, data, SOMETHING_WENT_WRONG)
        except Exception:
            log.exception("update %s failed", event.update_id)
            await self._tell(event, data, SOMETHING_WENT_WRONG)
        return None

    async def _tell(
        self, update: Update, data: dict[str, Any], msgid: str, once: bool = False
    ) -> None:
        if once and update.update_id in self.warned:
            return
        self.warned.add(update.update_id)
        user: User | None = data.get("event_from_user")
        tr: Translator = translator(pick_language(user.language_code if user else None))
        bot: Bot = data["bot"]
        try:
            if isinstance(update.event, CallbackQuery):
                await update.event.answer(tr(msgid)[:200], show_alert=True)
            elif isinstance(update.event, Message) and update.event.chat.type == "private":
                await bot.send_message(update.event.chat.id, tr(msgid))
        except TelegramAPIError as error:
            log.info("could not tell the person about a failure: %s", error)
