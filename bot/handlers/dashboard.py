"""The coach dashboard in Telegram: /dashboard lists the initiatives a coach or coordinator
follows, a button opens one. The use cases (usecases/dashboard.py) decide; this only shows."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards import InitiativeId, buttons, tap_button
from bot.outbox import Outbox
from bot.render import HTML
from bot.render_dashboard import NOTHING_FOLLOWED, dashboard, followed_list
from bot.views import text
from flows.i18n import Translator
from flows.model import N_
from flows.text import clean_line, clip
from storage.records import PersonRecord
from usecases import rounds
from usecases.clock import Clock
from usecases.dashboard import Followed, followed, view

NOT_FOLLOWED = N_("This dashboard is not one you follow.")
SHOWN_AT_ONCE = 20


class DashboardData(CallbackData, prefix="db"):
    initiative: InitiativeId


def _keyboard(shown: list[Followed]) -> InlineKeyboardMarkup:
    rows = [
        [
            tap_button(
                clip(clean_line(f.initiative.name), 40), DashboardData(initiative=f.initiative.id)
            )
        ]
        for f in shown[:SHOWN_AT_ONCE]
    ]
    return buttons(*rows)


async def on_dashboard(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    shown = await followed(session, person.id, clock.now())
    if not shown:
        outbox.show(message.chat.id, [text(tr(NOTHING_FOLLOWED))])
        return
    outbox.show(message.chat.id, followed_list(tr, HTML, shown), _keyboard(shown))


async def on_open(
    query: CallbackQuery,
    callback_data: DashboardData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    shown = await view(session, person.id, callback_data.initiative, clock.now())
    if isinstance(shown, rounds.Refused) or query.message is None:
        outbox.answer(query, tr(NOT_FOLLOWED), alert=True)  # nothing of it, not even its name
        return
    outbox.answer(query)
    outbox.show(query.message.chat.id, dashboard(tr, HTML, shown))


def make_router() -> Router:
    router = Router(name="dashboard")
    router.message.filter(F.chat.type == "private")
    router.message.register(on_dashboard, Command("dashboard"))
    router.callback_query.register(on_open, DashboardData.filter())
    return router
