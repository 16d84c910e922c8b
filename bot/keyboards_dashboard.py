"""The buttons under one initiative's dashboard: its charts and its files."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.keyboards import InitiativeId, buttons, tap_button
from flows.i18n import Translator
from flows.model import N_
from usecases.exports import ExportKind

CHARTS = N_("Charts")
EXPORTS = {
    ExportKind.FIGURES: N_("Figures (CSV)"),
    ExportKind.ANSWERS: N_("Answers (CSV)"),
    ExportKind.SUMMARY: N_("Summary (Markdown)"),
}


class ChartsData(CallbackData, prefix="dbc"):
    initiative: InitiativeId


class ExportData(CallbackData, prefix="dbx"):
    initiative: InitiativeId
    kind: ExportKind


def dashboard_keyboard(tr: Translator, initiative: int) -> InlineKeyboardMarkup:
    files = [
        tap_button(tr(label), ExportData(initiative=initiative, kind=kind))
        for kind, label in EXPORTS.items()
    ]
    return buttons(
        [tap_button(tr(CHARTS), ChartsData(initiative=initiative)), files[0]], files[1:]
    )
