"""Inline keyboards and the callback data behind their buttons (always <= 64 bytes)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from flows.content import MODULES
from flows.engine import DoneScreen, IntroScreen, QuestionScreen, ReviewScreen, Screen
from flows.i18n import Translator
from flows.model import N_, ModuleId
from flows.render import MODULE_LABELS, choice_label

InitiativeId = Annotated[int, Field(ge=1, le=2**31 - 1)]
"""An initiative's id fits the database's 32-bit column; a tap carrying another is forged and
unpacks to nothing, so it never reaches a query (PostgreSQL would refuse it)."""


class Act(StrEnum):
    START = "s"
    ANSWER = "a"
    SKIP = "k"
    BACK = "b"
    COMMENT = "c"
    REVIEW = "r"
    EDIT = "e"
    FINISH = "f"
    RESUME = "o"


class StepData(CallbackData, prefix="w"):
    """One engine event on one initiative's module; ``item`` pins the question it answers."""

    initiative: InitiativeId
    module: ModuleId
    act: Act
    item: str = ""
    value: int = 0


class ModuleData(CallbackData, prefix="m"):
    initiative: InitiativeId
    module: ModuleId | None = None
    """None: the module menu itself."""


class SummaryData(CallbackData, prefix="y"):
    initiative: InitiativeId
    module: ModuleId
    language: str


class LanguageData(CallbackData, prefix="l"):
    language: str


class InitiativeAct(StrEnum):
    CHOOSE = "c"
    INVITES = "i"
    REPLACE = "r"


class InitiativeData(CallbackData, prefix="i"):
    initiative: InitiativeId
    act: InitiativeAct


LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def screen_keyboard(tr: Translator, initiative: int, shown: Screen) -> InlineKeyboardMarkup:
    module = shown.module
    builder = InlineKeyboardBuilder()

    def step(act: Act, item: str = "", value: int = 0) -> StepData:
        return StepData(initiative=initiative, module=module.id, act=act, item=item, value=value)

    menu = _button(tr(N_("☰ Modules")), ModuleData(initiative=initiative))
    match shown:
        case IntroScreen():
            builder.row(_button(tr(N_("Begin ▶")), step(Act.START)))
            builder.row(_button(tr(N_("Review my answers")), step(Act.REVIEW)), menu)
        case QuestionScreen(item=item):
            scored = [c for c in module.scale.choices if c.value]
            for choice in scored:
                label = choice_label(tr, module, choice.value)
                builder.row(_button(label, step(Act.ANSWER, item.id, choice.value)))
            unknown = next(c for c in module.scale.choices if not c.value)
            builder.row(
                _button(choice_label(tr, module, unknown.value), step(Act.ANSWER, item.id, 0)),
                _button(tr(N_("Skip")), step(Act.SKIP, item.id)),
            )
            builder.row(
                _button(tr(N_("◀ Back")), step(Act.BACK, item.id)),
                _button(tr(N_("💬 Add a comment")), step(Act.COMMENT, item.id)),
            )
            builder.row(_button(tr(N_("Review")), step(Act.REVIEW, item.id)), menu)
        case ReviewScreen():
            numbers = [
                _button(tr(N_("✎ {number}"), number=n), step(Act.EDIT, it.id))
                for n, it in enumerate(module.items, start=1)
            ]
            for start in range(0, len(numbers), 5):
                builder.row(*numbers[start : start + 5])
            builder.row(_button(tr(N_("◀ Back")), step(Act.BACK)))
            builder.row(_button(tr(N_("See my summary ✓")), step(Act.FINISH)), menu)
        case DoneScreen():
            other = "fr" if tr.language == "en" else "en"
            in_other = SummaryData(initiative=initiative, module=module.id, language=other)
            builder.row(
                _button(tr(N_("Read it in {language}"), language=LANGUAGE_NAMES[other]), in_other)
            )
            builder.row(_button(tr(N_("Change an answer")), step(Act.REVIEW)), menu)
    return builder.as_markup()


def module_menu(
    tr: Translator, initiative: int, progress: dict[ModuleId, int]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for module in MODULES.values():
        done = progress.get(module.id, 0)
        mark = " ✓" if done == len(module.items) else ""
        label = f"{tr(MODULE_LABELS[module.id])} {done}/{len(module.items)}{mark}"
        builder.row(_button(label, ModuleData(initiative=initiative, module=module.id)))
    return builder.as_markup()


def language_menu() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for language, name in LANGUAGE_NAMES.items():
        builder.button(text=name, callback_data=LanguageData(language=language))
    return builder.as_markup()


def initiatives_menu(
    tr: Translator, choices: list[tuple[int, str, bool, bool]]
) -> InlineKeyboardMarkup:
    """``choices``: (initiative id, name, is active, may manage invites)."""
    builder = InlineKeyboardBuilder()
    for initiative, name, active, coordinator in choices:
        label = ("● " if active else "") + name
        row = [
            _button(label[:64], InitiativeData(initiative=initiative, act=InitiativeAct.CHOOSE))
        ]
        if coordinator:
            invites = InitiativeData(initiative=initiative, act=InitiativeAct.INVITES)
            row.append(_button(tr(N_("Invite links")), invites))
        builder.row(*row)
    return builder.as_markup()


def invites_keyboard(tr: Translator, initiative: int) -> InlineKeyboardMarkup:
    replace = InitiativeData(initiative=initiative, act=InitiativeAct.REPLACE)
    return InlineKeyboardMarkup(inline_keyboard=[[_button(tr(N_("Replace both links")), replace)]])
