"""/settings in Telegram: the initiative's settings, each changed by a tap or by typing its
value, and the settings shown again. The use cases (usecases/settings.py) decide."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards_settings import (
    SettingsAct,
    SettingsData,
    choice,
    choices_keyboard,
    manages_settings,
    settings_keyboard,
)
from bot.middlewares import AnswersFor
from bot.outbox import Outbox, editable
from bot.render import HTML
from bot.render_settings import about, refusal, screen, value
from bot.texts import STALE_BUTTON
from bot.views import text
from flows.i18n import Translator
from storage.records import InitiativeRecord, PersonRecord
from usecases import settings
from usecases.clock import Clock


def is_settings_text(message: Message, person: PersonRecord | None = None) -> bool:
    return person is not None and settings.asked(person.pending) is not None


async def on_settings(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    found = await settings.current(session, person.id, initiative.id)
    if isinstance(found, settings.Refused):
        outbox.show(message.chat.id, [text(refusal(tr, found))])
        return
    _show(outbox, tr, message.chat.id, None, found, clock.now())


async def on_settings_text(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """The value asked for: refused with why (the person may type again), or set."""
    done = await settings.typed(session, person, message.text or "")
    if isinstance(done, settings.Refused):
        outbox.show(message.chat.id, [text(refusal(tr, done))])
        return
    _show(outbox, tr, message.chat.id, None, done, clock.now(), saved=True)


async def on_settings_button(
    query: CallbackQuery,
    callback_data: SettingsData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    assert isinstance(query.message, Message)  # manages_settings
    chat_id, edit, act, setting = (
        query.message.chat.id,
        editable(query),
        callback_data.act,
        callback_data.setting,
    )
    found = await _apply(session, person.id, callback_data)
    if found is None:
        outbox.answer(query, tr(STALE_BUTTON))
        return
    if isinstance(found, settings.Refused):
        outbox.answer(query, refusal(tr, found), alert=True)
        return
    outbox.answer(query)
    if setting is None or act in (SettingsAct.SHOW, SettingsAct.SET):
        _show(outbox, tr, chat_id, edit, found, clock.now(), saved=act is SettingsAct.SET)
    elif act is SettingsAct.TYPE:
        outbox.show(chat_id, about(tr, HTML, setting, typing=True), edit=edit)
    else:
        keyboard = choices_keyboard(tr, found.id, setting, value(found, setting))
        outbox.show(chat_id, about(tr, HTML, setting), keyboard, edit)


async def _apply(
    session: AsyncSession, person_id: int, data: SettingsData
) -> InitiativeRecord | settings.Refused | None:
    """What a tap does; None for a value no button offers."""
    if data.setting is None or data.act in (SettingsAct.SHOW, SettingsAct.PICK):
        return await settings.current(session, person_id, data.initiative)
    if data.act is SettingsAct.TYPE:
        return await settings.ask(session, person_id, data.initiative, data.setting)
    typed = choice(data.setting, data.value)
    if typed is None:
        return None
    return await settings.change(session, person_id, data.initiative, data.setting, typed)


def _show(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    edit: int | None,
    initiative: InitiativeRecord,
    now: datetime,
    saved: bool = False,
) -> None:
    paragraphs = screen(tr, HTML, initiative, now, saved)
    outbox.show(chat_id, paragraphs, settings_keyboard(tr, initiative.id), edit)


def make_router() -> Router:
    router = Router(name="settings")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(AnswersFor())
    router.message.register(on_settings, Command("settings"))
    router.message.register(on_settings_text, is_settings_text, F.text, ~F.text.startswith("/"))
    router.callback_query.register(on_settings_button, SettingsData.filter(), manages_settings)
    return router
