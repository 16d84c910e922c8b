"""Data rights in Telegram: /mydata (a JSON document), /forget (after a confirmation), and
/delete (a coordinator types the initiative's name). The use cases (usecases/data_rights.py)
decide; this only shows."""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import menus
from bot.housekeeping import MEMORY
from bot.keyboards_data import ForgetData, forget_keyboard
from bot.middlewares import AnswersFor
from bot.outbox import Outbox, editable
from bot.round_news import to_others
from bot.texts import LAST_COORDINATOR, STALE_BUTTON
from bot.views import text
from flows.i18n import Translator, translator
from flows.model import N_
from storage.records import InitiativeRecord, PersonRecord
from usecases import data_rights
from usecases.clock import Clock
from usecases.data_rights import Deleted, LastCoordinator, WrongName
from usecases.rounds import Refused

YOUR_DATA = N_(
    "Everything the coach keeps about you: your profile, your initiatives, your answers and "
    "comments with their history, and its replies to you kept in case they must be sent again."
)
ASK_FORGET = N_(
    "This deletes everything the coach keeps about you: your profile, your memberships, your "
    "answers and comments with their history, and its replies to you. Initiatives where you "
    "are the only member are deleted too. The results of closed rounds stay: they are "
    "anonymous. This cannot be undone."
)
CANCELLED = N_("Cancelled: nothing changed.")
NOT_ALLOWED = N_("Only a coordinator of the initiative can delete it.")
ASK_NAME = N_(
    "This deletes “{name}” and everything in it, for all its members: answers, comments, rounds "
    "and their results. This cannot be undone. To confirm, type its name exactly; /cancel to "
    "stop."
)
WRONG_NAME = N_("That is not its name: nothing was deleted. Type “{name}” exactly, or /cancel.")
DELETED = N_("“{name}” is deleted, with everything in it.")
DELETED_FOR_MEMBERS = N_(
    "“{name}” was deleted by a coordinator, with everything in it, your answers included."
)


async def on_mydata(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    export = await data_rights.my_data(session, person.id, clock.now())
    outbox.document(message.chat.id, export.file_name, export.text, text(tr(YOUR_DATA)))


async def on_forget(
    message: Message, session: AsyncSession, person: PersonRecord, tr: Translator, outbox: Outbox
) -> None:
    refused = await data_rights.may_forget(session, person.id)
    if refused is not None:
        _last_coordinator(outbox, tr, message.chat.id, refused)
        return
    key = await data_rights.forget_key(session, person.id)
    assert key is not None  # the person exists: this update made them if needed
    outbox.show(message.chat.id, [text(tr(ASK_FORGET))], forget_keyboard(tr, person.id, key))


async def on_forget_button(
    query: CallbackQuery,
    callback_data: ForgetData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """Forgets the person, whose last sight of the coach is this message; Cancel changes
    nothing. A tap that is not theirs (forged, or from before) only gets a toast."""
    if not isinstance(query.message, Message):
        outbox.answer(query, tr(STALE_BUTTON))
        return
    chat_id, edit = query.message.chat.id, editable(query)
    if not callback_data.confirm:
        outbox.answer(query)
        outbox.show(chat_id, [text(tr(CANCELLED))], edit=edit)
        return
    done = await data_rights.forget(session, person, callback_data.person, callback_data.key)
    if isinstance(done, Refused):
        outbox.answer(query, tr(STALE_BUTTON))
        return
    outbox.answer(query)
    if isinstance(done, LastCoordinator):
        _last_coordinator(outbox, tr, chat_id, done, edit)
        return
    forgotten = tr.plural(
        "Everything the coach kept about you is deleted. Only this message stays, for {n} "
        "day, in case it must be sent again; then it goes too. Write at any time to start "
        "afresh.",
        "Everything the coach kept about you is deleted. Only this message stays, for {n} "
        "days, in case it must be sent again; then it goes too. Write at any time to start "
        "afresh.",
        MEMORY.days,
    )
    outbox.show(chat_id, [text(forgotten)], edit=edit)
    menus.follow(outbox, person, replace(person, role=None, active_initiative_id=None))


def _last_coordinator(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    refused: LastCoordinator,
    edit: int | None = None,
) -> None:
    lines = [text(tr(LAST_COORDINATOR, name=i.name)) for i in refused.initiatives]
    outbox.show(chat_id, lines, edit=edit)


async def on_delete(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    initiative: InitiativeRecord,
) -> None:
    asked = await data_rights.ask_to_delete(session, person.id, initiative.id)
    if isinstance(asked, Refused):
        outbox.show(message.chat.id, [text(tr(NOT_ALLOWED))])
    else:
        outbox.show(message.chat.id, [text(tr(ASK_NAME, name=asked.name))])


def is_deleting(message: Message, person: PersonRecord | None = None) -> bool:
    return person is not None and data_rights.deleting(person) is not None


async def on_name(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """The initiative's name, typed to confirm its deletion."""
    chat_id, now = message.chat.id, clock.now()
    done = await data_rights.typed_name(session, person, message.text or "", now)
    if isinstance(done, Deleted):
        outbox.show(chat_id, [text(tr(DELETED, name=done.initiative.name))])
        await menus.refresh(session, outbox, person)
        await to_others(session, outbox, done.leaves_at, lambda box: _tell(box, done))
    elif isinstance(done, WrongName):
        outbox.show(chat_id, [text(tr(WRONG_NAME, name=done.initiative.name))])
    else:
        outbox.show(chat_id, [text(tr(NOT_ALLOWED))])


def _tell(outbox: Outbox, deleted: Deleted) -> None:
    for chat, language in deleted.to:
        said = translator(language or "en")(DELETED_FOR_MEMBERS, name=deleted.initiative.name)
        outbox.show(chat, [text(said)])
    for before, after in deleted.moved:  # what they may do changed: so does their menu
        menus.follow(outbox, before, after)


def make_router() -> Router:
    router = Router(name="data rights")
    router.message.filter(F.chat.type == "private")
    router.message.register(on_mydata, Command("mydata"))
    router.message.register(on_forget, Command("forget"))
    router.message.register(on_name, is_deleting, F.text, ~F.text.startswith("/"))
    router.callback_query.register(on_forget_button, ForgetData.filter())
    deleting = Router(name="deleting an initiative")
    deleting.message.filter(F.chat.type == "private")
    deleting.message.middleware(AnswersFor())
    deleting.message.register(on_delete, Command("delete"))
    router.include_router(deleting)
    return router
