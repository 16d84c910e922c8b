"""Inline keyboards and the callback data behind their buttons (always <= 64 bytes)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import Field

from bot.render import choice_label, module_progress
from flows.content import MODULES
from flows.engine import IntroScreen, QuestionScreen, ReviewScreen, Screen
from flows.i18n import LANGUAGES, Translator, translator
from flows.model import N_, ModuleId
from flows.text import clean_line, clip

InitiativeId = Annotated[int, Field(ge=1, le=2**31 - 1)]
"""An initiative's id fits the database's 32-bit column; a tap carrying another is forged and
unpacks to nothing, so it never reaches a query (PostgreSQL would refuse it)."""
LanguageCode = Annotated[str, Field(pattern=f"^({'|'.join(LANGUAGES)})$")]
"""A language the coach speaks; a forged one unpacks to nothing (a stale button)."""


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

    @property
    def shown_in(self) -> int:
        """The round the screen belonged to (0: none)."""
        return 0


class RoundStepData(StepData, prefix="v"):
    """A step on a round's screen: a tap from a round that has closed changes nothing. (Its
    own prefix, so that buttons sent before rounds existed still unpack as StepData.)"""

    round: Annotated[int, Field(ge=1, le=2**31 - 1)]

    @property
    def shown_in(self) -> int:
        return self.round


class ModuleData(CallbackData, prefix="m"):
    initiative: InitiativeId
    module: ModuleId | None = None
    """None: the module menu itself."""


class SummaryData(CallbackData, prefix="y"):
    initiative: InitiativeId
    module: ModuleId
    language: LanguageCode


class LanguageData(CallbackData, prefix="l"):
    language: LanguageCode


class InitiativeAct(StrEnum):
    CHOOSE = "c"
    INVITES = "i"
    REPLACE = "r"


class InitiativeData(CallbackData, prefix="i"):
    initiative: InitiativeId
    act: InitiativeAct


LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
"""Each language in its own name, where a person picks theirs."""
READ_IN = {"en": N_("Read it in English"), "fr": N_("Read it in French")}
"""Inside a sentence, a language's name takes the sentence's language."""


def tap_button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """A button that sends ``data`` back when tapped."""
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def buttons(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


def screen_keyboard(
    tr: Translator, initiative: int, shown: Screen, round_no: int = 0
) -> InlineKeyboardMarkup:
    item = shown.item.id if isinstance(shown, QuestionScreen) else None
    kind = type(shown).__name__
    return _screen_keyboard(tr.language, initiative, kind, shown.module.id, item, round_no)


@lru_cache(maxsize=4096)
def _screen_keyboard(
    language: str,
    initiative: int,
    kind: str,
    module_id: ModuleId,
    item: str | None,
    round_no: int,
) -> InlineKeyboardMarkup:
    """The buttons under a screen depend on nothing else: built once, shared by every person.

    aiogram never changes a markup it sends, so sharing one object is safe.
    """
    tr, module = translator(language), MODULES[module_id]

    def step(act: Act, item: str = "", value: int = 0) -> StepData:
        if round_no:
            return RoundStepData(
                initiative=initiative,
                module=module_id,
                act=act,
                item=item,
                value=value,
                round=round_no,
            )
        return StepData(initiative=initiative, module=module_id, act=act, item=item, value=value)

    menu = tap_button(tr(N_("☰ Modules")), ModuleData(initiative=initiative))
    if kind == IntroScreen.__name__:
        return buttons(
            [tap_button(tr(N_("Begin ▶")), step(Act.START))],
            [tap_button(tr(N_("Review my answers")), step(Act.REVIEW)), menu],
        )
    if kind == QuestionScreen.__name__:
        found = None if item is None else module.item(item)
        assert item is not None and found is not None
        scale = module.scale_for(found)
        scored = [
            [tap_button(choice_label(tr, scale, c.value), step(Act.ANSWER, item, c.value))]
            for c in scale.choices
            if c.value
        ]
        unknown = next(c for c in scale.choices if not c.value)
        return buttons(
            *scored,
            [
                tap_button(choice_label(tr, scale, unknown.value), step(Act.ANSWER, item, 0)),
                tap_button(tr(N_("Skip")), step(Act.SKIP, item)),
            ],
            [
                tap_button(tr(N_("◀ Back")), step(Act.BACK, item)),
                tap_button(tr(N_("💬 Add a comment")), step(Act.COMMENT, item)),
            ],
            [tap_button(tr(N_("Review")), step(Act.REVIEW, item)), menu],
        )
    if kind == ReviewScreen.__name__:
        numbers = [
            tap_button(tr(N_("✎ {number}"), number=n), step(Act.EDIT, it.id))
            for n, it in enumerate(module.items, start=1)
        ]
        return buttons(
            *(numbers[start : start + 5] for start in range(0, len(numbers), 5)),
            [tap_button(tr(N_("◀ Back")), step(Act.BACK))],
            [tap_button(tr(N_("See my summary ✓")), step(Act.FINISH)), menu],
        )
    other = "fr" if language == "en" else "en"
    in_other = SummaryData(initiative=initiative, module=module_id, language=other)
    return buttons(
        [tap_button(tr(READ_IN[other]), in_other)],
        [tap_button(tr(N_("Change an answer")), step(Act.REVIEW)), menu],
    )


def module_menu(
    tr: Translator, initiative: int, progress: dict[ModuleId, int]
) -> InlineKeyboardMarkup:
    rows = []
    for module in MODULES.values():
        data = ModuleData(initiative=initiative, module=module.id)
        rows.append([tap_button(module_progress(tr, module, progress), data)])
    return buttons(*rows)


def language_menu() -> InlineKeyboardMarkup:
    return buttons(
        [
            tap_button(name, LanguageData(language=language))
            for language, name in LANGUAGE_NAMES.items()
        ]
    )


def initiatives_menu(
    tr: Translator, choices: list[tuple[int, str, bool, bool]]
) -> InlineKeyboardMarkup:
    """``choices``: (initiative id, name, is active, may manage invites)."""
    rows = []
    for initiative, name, active, coordinator in choices:
        label = ("● " if active else "") + name
        row = [
            tap_button(
                clip(clean_line(label), 64),
                InitiativeData(initiative=initiative, act=InitiativeAct.CHOOSE),
            )
        ]
        if coordinator:
            invites = InitiativeData(initiative=initiative, act=InitiativeAct.INVITES)
            row.append(tap_button(tr(N_("Invite links")), invites))
        rows.append(row)
    return buttons(*rows)


def invites_keyboard(tr: Translator, initiative: int) -> InlineKeyboardMarkup:
    replace = InitiativeData(initiative=initiative, act=InitiativeAct.REPLACE)
    return buttons([tap_button(tr(N_("Replace both links")), replace)])
