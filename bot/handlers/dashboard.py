"""The coach dashboard in Telegram: /dashboard lists the initiatives a coach or coordinator
follows, a button opens one; under it, buttons send its charts and its files. The use cases
(usecases/dashboard.py, usecases/exports.py) decide; this only shows."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chart_requests import Drawn
from bot.keyboards import InitiativeId, buttons, tap_button
from bot.keyboards_dashboard import ChartsData, ExportData, dashboard_keyboard
from bot.outbox import Outbox
from bot.render import HTML
from bot.render_dashboard import NOTHING_FOLLOWED, dashboard, followed_list
from bot.render_summary import summary_markdown
from bot.texts import NOTHING_CLOSED, TOO_FEW_FOR_ANSWERS
from bot.views import text
from flows.i18n import Translator
from flows.model import N_
from flows.text import clean_line, clip
from storage.records import PersonRecord
from usecases import rounds
from usecases.clock import Clock
from usecases.dashboard import Dashboard, Followed, followed, view
from usecases.exports import ExportKind, NothingClosed, TooFewForAnswers, csv_export

NOT_FOLLOWED = N_("This dashboard is not one you follow.")
CHARTS_CAPTION = N_("Round “{title}”: the charts of its figures.")
NO_CHARTS = N_("Too few answers for any chart: the figures are below as text.")
CHARTS_FAILED = N_(
    "Sorry, the charts could not be drawn this time. Here are the same figures as text; "
    "try the button again later."
)
FILE_CAPTIONS = {
    ExportKind.FIGURES: N_("Round “{title}”: its group figures, one row per item."),
    ExportKind.ANSWERS: N_("Round “{title}”: its anonymous answers, one row per answer."),
    ExportKind.SUMMARY: N_("Round “{title}”: a one-page summary."),
}
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
    keyboard = dashboard_keyboard(tr, shown.followed.initiative.id) if shown.summary else None
    outbox.show(query.message.chat.id, dashboard(tr, HTML, shown), keyboard)


async def on_charts(
    query: CallbackQuery,
    callback_data: ChartsData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    drawn: Drawn | None = None,
) -> None:
    shown = await _shown(query, callback_data.initiative, session, person, tr, outbox, clock)
    if shown is None or query.message is None:
        return
    latest, chat = shown.followed.latest, query.message.chat.id
    assert latest is not None
    outbox.once(query)
    if drawn is None or (drawn.initiative, drawn.round_id, drawn.language) != (
        latest.initiative_id,
        latest.id,
        tr.language,
    ):
        drawn = None  # drawn for another round or language, or not at all
    if drawn is None or drawn.images is None:
        outbox.show(chat, [text(tr(CHARTS_FAILED)), *dashboard(tr, HTML, shown)])
    elif not drawn.images:
        outbox.show(chat, [text(tr(NO_CHARTS)), *dashboard(tr, HTML, shown)])
    else:
        outbox.photos(chat, drawn.images, text(tr(CHARTS_CAPTION, title=latest.title)))


async def on_export(
    query: CallbackQuery,
    callback_data: ExportData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    if query.message is None:
        outbox.answer(query)
        return
    chat, kind, initiative = query.message.chat.id, callback_data.kind, callback_data.initiative
    if kind is ExportKind.SUMMARY:
        shown = await _shown(query, initiative, session, person, tr, outbox, clock)
        if shown is not None and shown.followed.latest is not None:
            name = f"round-{shown.followed.latest.number}-summary.md"
            caption = _caption(tr, kind, shown)
            outbox.once(query)
            outbox.document(chat, name, summary_markdown(tr, shown), caption)
        return
    made = await csv_export(session, person.id, initiative, kind, tr, clock.now())
    if isinstance(made, rounds.Refused):
        outbox.answer(query, tr(NOT_FOLLOWED), alert=True)
    elif isinstance(made, NothingClosed):
        outbox.answer(query, tr(NOTHING_CLOSED), alert=True)
    elif isinstance(made, TooFewForAnswers):
        outbox.answer(query)
        reason = tr(TOO_FEW_FOR_ANSWERS, threshold=made.threshold, n=made.respondents)
        outbox.show(chat, [text(reason)])
    else:
        outbox.answer(query)
        outbox.once(query)
        outbox.document(chat, made.file_name, made.text, _caption(tr, kind, made.shown))


async def _shown(
    query: CallbackQuery,
    initiative: int,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> Dashboard | None:
    """The dashboard with a closed round, the tap answered; None: told why, in a box."""
    shown = await view(session, person.id, initiative, clock.now())
    if isinstance(shown, rounds.Refused):
        outbox.answer(query, tr(NOT_FOLLOWED), alert=True)
        return None
    if shown.summary is None:
        outbox.answer(query, tr(NOTHING_CLOSED), alert=True)
        return None
    outbox.answer(query)
    return shown


def _caption(tr: Translator, kind: ExportKind, shown: Dashboard) -> str:
    assert shown.followed.latest is not None
    return text(tr(FILE_CAPTIONS[kind], title=shown.followed.latest.title))


def make_router() -> Router:
    router = Router(name="dashboard")
    router.message.filter(F.chat.type == "private")
    router.message.register(on_dashboard, Command("dashboard"))
    router.callback_query.register(on_open, DashboardData.filter())
    router.callback_query.register(on_charts, ChartsData.filter())
    router.callback_query.register(on_export, ExportData.filter())
    return router
