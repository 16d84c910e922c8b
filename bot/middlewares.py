"""The middlewares every update goes through, outermost first, one job each.

Deliver → Failures → (DrawCharts, bot/chart_requests.py) → Transaction → Deduplicate → KeepCalls →
Who → (messages: EndPrompts) →
the handler.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.outbox import Outbox
from bot.screens import NO_INITIATIVE
from bot.sender import Sender
from bot.settling import Fates, Settling
from bot.views import text
from flows.i18n import Translator, pick_language, translator
from flows.model import N_
from flows.text import clean_line
from storage import calls, shown, updates
from storage import repository as repo
from storage.db import Transactions
from storage.walks import ConcurrentUpdate
from usecases import initiatives, walkthrough

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

DATABASE_DOWN = N_(
    "The coach cannot reach its database right now. Nothing you sent is lost: "
    "it will be taken into account as soon as the database is back."
)
SOMETHING_WENT_WRONG = N_(
    "Something went wrong on our side. Your earlier answers are safe; please try again."
)
ATTEMPTS = 3
"""How often an update that met another worker's write (ConcurrentUpdate) is tried."""
DOUBLE_TAP = timedelta(seconds=30)


class HandleLater(Exception):
    """Transient: the update must be handled again later (it stays unconfirmed)."""


class DatabaseDown(HandleLater):
    pass


def display_name(user: User) -> str:
    return clean_line(" ".join(part for part in (user.first_name, user.last_name) if part))[:200]


def private(update: Update) -> bool:
    """A private message, or a tap on a button the bot showed."""
    if isinstance(update.event, CallbackQuery):
        return True
    return isinstance(update.event, Message) and update.event.chat.type == "private"


class Deliver(BaseMiddleware):
    """Once the update's transaction is committed, sends the calls it stored.

    The update is confirmed to Telegram whatever happens to its calls: the sender retries them.
    """

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["claimed"] = []
        result = await handler(event, data)
        await self.sender.deliver(data["claimed"])
        outbox: Outbox | None = data.get("outbox")
        if data.get("redelivered") or (outbox is not None and outbox.queued):
            self.sender.wake()  # whatever it left unsent, or queued for others, goes now
        return result


class Failures(BaseMiddleware):
    """Tells the person when their update could not be handled.

    The database out of reach: told once, and the update is handled again later. Any other
    failure: logged, told, and the update recorded as handled, so one bad update blocks nothing.
    """

    def __init__(self, database: Transactions, sender: Sender) -> None:
        self.database, self.sender = database, sender
        self.warned: set[int] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        try:
            return await handler(event, data)
        except DatabaseDown:
            log.warning("database unavailable for update %s", event.update_id)
            await self._tell_directly(event, data)
            raise
        except Exception:
            log.exception("update %s failed", event.update_id)
        outbox = Outbox()
        _notice(outbox, event, _translator(data), SOMETHING_WENT_WRONG)
        claimed: list[calls.Call] = []
        try:
            async with self.database.begin() as session:
                if await updates.record_update(session, update_id=event.update_id):
                    claimed = await calls.add_calls(
                        session,
                        outbox.stored(),
                        now=self.sender.clock.now(),
                        update_id=event.update_id,
                        claim_until=self.sender.claim_until(),
                    )
        except (SQLAlchemyError, OSError) as error:
            log.warning("could not record failed update %s: %s", event.update_id, error)
            claimed = []  # not stored: not sent
        data["claimed"] = claimed
        return None

    async def _tell_directly(self, update: Update, data: dict[str, Any]) -> None:
        """Nothing can be stored: one best-effort call, once per update however often tried."""
        if update.update_id in self.warned:
            return
        if len(self.warned) > 10_000:
            self.warned.clear()
        self.warned.add(update.update_id)
        outbox = Outbox()
        _notice(outbox, update, _translator(data), DATABASE_DOWN)
        bot: Bot = data["bot"]
        for call in outbox.calls:
            try:
                await bot(call)
            except TelegramAPIError as error:
                log.info("could not tell the person about a failure: %s", error)


class Transaction(BaseMiddleware):
    """One database transaction per update, tried again when it met a concurrent write or a
    connection the server had dropped. It also stores what became of the calls made since the
    last one (bot/settling.py)."""

    def __init__(self, database: Transactions, settling: Settling) -> None:
        self.database, self.settling = database, settling

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        for attempt in range(1, ATTEMPTS + 1):
            data["outbox"] = Outbox()
            try:
                with self.settling.updating():
                    return await self._attempt(handler, event, data)
            except ConcurrentUpdate:
                log.info("update met a concurrent write (attempt %s)", attempt)
            except (SQLAlchemyError, OSError) as error:
                if isinstance(error, DBAPIError) and error.connection_invalidated:
                    log.info("update met a dead connection (attempt %s)", attempt)
                    continue  # the pool connects anew (storage/db.py)
                if not await self.database.reachable():
                    raise DatabaseDown from error
                raise
        raise ConcurrentUpdate(f"still concurrent after {ATTEMPTS} attempts")

    async def _attempt(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        fates = Fates()
        try:
            async with self.database.begin() as session:
                data["session"] = session
                # What earlier deliveries made is stored first: this update sees it settled.
                fates = self.settling.take()
                waiting = await self.settling.write(session, fates)
                result = await handler(event, data)
        except BaseException:
            data["claimed"] = []  # rolled back: those calls were never stored, never send them
            self.settling.restore(fates)
            raise
        if waiting:
            self.settling.wake()
        return result


class Deduplicate(BaseMiddleware):
    """A redelivered update (same ``update_id``) changes nothing: its calls are stored already."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        if not await updates.record_update(data["session"], update_id=event.update_id):
            data["redelivered"] = True
            return None
        return await handler(event, data)


class KeepCalls(BaseMiddleware):
    """Stores the calls the handler put in the outbox, in the update's transaction."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        result = await handler(event, data)
        outbox: Outbox = data["outbox"]
        session, now = data["session"], self.sender.clock.now()
        if outbox.origin and outbox.sends() and await self._tapped_before(outbox.origin, data):
            outbox.drop_sends()
        data["claimed"] = await calls.add_calls(
            session,
            outbox.stored(),
            now=now,
            update_id=event.update_id,
            origin=outbox.origin,
            claim_until=self.sender.claim_until(),
        )
        return result

    async def _tapped_before(self, origin: str, data: dict[str, Any]) -> bool:
        since = self.sender.clock.now() - DOUBLE_TAP
        return await shown.tapped_before(data["session"], origin=origin, since=since)


class Who(BaseMiddleware):
    """The person in a private chat, with their role, and the language to speak to them in."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        user: User | None = data.get("event_from_user")
        data["tr"] = _translator(data)
        if user is not None and private(event):
            session = data["session"]
            person = await repo.telegram_person(
                session,
                telegram_id=user.id,
                display_name=display_name(user),
                language=pick_language(user.language_code),  # kept at first contact
            )
            if person.blocked and isinstance(event.event, Message):
                await repo.set_blocked(session, telegram_id=user.id, blocked=False)
                person = replace(person, blocked=False)  # they are writing to the bot again
            data["person"] = person
            data["outbox"].blocked = person.blocked
            data["tr"] = translator(person.locale or pick_language(user.language_code))
        return await handler(event, data)


class EndPrompts(BaseMiddleware):
    """A command ends whatever the person was typing for: a comment, an initiative's name."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        person = data.get("person")
        if isinstance(event, Message) and (event.text or "").startswith("/") and person:
            session = data["session"]
            await walkthrough.drop_comment_prompt(session, person.id, data["clock"].now())
            if person.pending is not None:
                await initiatives.cancel(session, person.id)
                data["person"] = replace(person, pending=None, draft=None)
        return await handler(event, data)


def _translator(data: dict[str, Any]) -> Translator:
    if "tr" in data:
        return data["tr"]  # type: ignore[no-any-return]
    user: User | None = data.get("event_from_user")
    return translator(pick_language(user.language_code if user else None))


def _notice(outbox: Outbox, update: Update, tr: Translator, msgid: str) -> None:
    if isinstance(update.event, CallbackQuery):
        outbox.answer(update.event, tr(msgid), alert=True)
    elif private(update) and isinstance(update.event, Message):
        outbox.show(update.event.chat.id, [text(tr(msgid))])


class AnswersFor(BaseMiddleware):
    """For commands about the initiative a person answers for: it, as ``initiative``, or one
    sentence saying how to get one (and the handler is not called)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        person = data.get("person")
        found = None
        if person is not None:
            found = await repo.active_initiative(data["session"], person_id=person.id)
        if found is None:
            assert isinstance(event, Message)
            data["outbox"].show(event.chat.id, [text(data["tr"](NO_INITIATIVE))])
            return None
        data["initiative"] = found
        return await handler(event, data)
