"""/perspective: which side a person speaks from in the initiative they answer for, or none.
The use cases (usecases/perspectives.py) decide; this only shows."""

from __future__ import annotations

from typing import Annotated

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from pydantic import Field
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards import InitiativeId, buttons, tap_button
from bot.middlewares import AnswersFor
from bot.outbox import Outbox, editable
from bot.texts import ROUND_REFUSALS, STALE_BUTTON
from bot.views import text
from flows.i18n import Translator
from flows.model import N_
from flows.perspectives import PERSPECTIVE_LABELS, Perspective
from storage.records import InitiativeRecord, PersonRecord
from usecases import perspectives, rounds

ASK = N_(
    "Which side do you speak from in “{name}”? It is optional: coaches then see where the "
    "sides see things differently, never who answered what."
)
NOW_SAID = N_("You speak from: {perspective}.")
NONE_SAID = N_("You have not said which side you speak from.")
RATHER_NOT = N_("Rather not say")
Choice = Annotated[str, Field(max_length=16)]


class PerspectiveData(CallbackData, prefix="pv"):
    initiative: InitiativeId
    choice: Choice
    """A Perspective's value, or empty: none."""


def _keyboard(tr: Translator, initiative: int) -> InlineKeyboardMarkup:
    rows = [
        [tap_button(tr(PERSPECTIVE_LABELS[p]), PerspectiveData(initiative=initiative, choice=p))]
        for p in Perspective
    ]
    rows.append([tap_button(tr(RATHER_NOT), PerspectiveData(initiative=initiative, choice=""))])
    return buttons(*rows)


def _said(tr: Translator, chosen: Perspective | None) -> str:
    if chosen is None:
        return tr(NONE_SAID)
    return tr(NOW_SAID, perspective=tr(PERSPECTIVE_LABELS[chosen]))


async def on_perspective(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    initiative: InitiativeRecord,
) -> None:
    chosen = await perspectives.mine(session, person.id, initiative.id)
    if isinstance(chosen, rounds.Refused):
        outbox.show(message.chat.id, [text(tr(ROUND_REFUSALS[chosen.why]))])
        return
    paragraphs = [text(_said(tr, chosen)), text(tr(ASK, name=initiative.name))]
    outbox.show(message.chat.id, paragraphs, _keyboard(tr, initiative.id))


async def on_choice(
    query: CallbackQuery,
    callback_data: PerspectiveData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
) -> None:
    valid = callback_data.choice in set(Perspective) or callback_data.choice == ""
    if not valid or query.message is None:
        outbox.answer(query, tr(STALE_BUTTON), alert=True)
        return
    chosen = Perspective(callback_data.choice) if callback_data.choice else None
    done = await perspectives.choose(session, person.id, callback_data.initiative, chosen)
    if isinstance(done, rounds.Refused):
        outbox.answer(query, tr(ROUND_REFUSALS[done.why]), alert=True)
        return
    outbox.answer(query)
    outbox.show(query.message.chat.id, [text(_said(tr, done))], edit=editable(query))


def make_router() -> Router:
    router = Router(name="perspectives")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(AnswersFor())
    router.message.register(on_perspective, Command("perspective"))
    router.callback_query.register(on_choice, PerspectiveData.filter())
    return router
