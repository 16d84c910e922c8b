"""The buttons of rounds: opening one step by step, extending its deadline, closing it. What was
chosen so far travels in the callback data (modules as a bit mask, the deadline in minutes since
the epoch), the title in the person's draft: nothing waits in memory between two taps."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import Field

from bot.keyboards import InitiativeId, buttons, tap_button
from bot.render import MODULE_LABELS
from flows.content import MODULES
from flows.deadlines import Length
from flows.i18n import Translator
from flows.model import N_, ModuleId
from storage.records import PersonRecord
from storage.rounds import RoundRecord
from usecases.permissions import Action
from usecases.walkthrough import acts_on

ALL_MODULES = (1 << len(MODULES)) - 1
Mask = Annotated[int, Field(ge=0, le=ALL_MODULES)]
Minutes = Annotated[int, Field(ge=0, le=2**31 - 1)]
RoundId = Annotated[int, Field(ge=1, le=2**31 - 1)]
LENGTH_CHOICES = (Length.DAYS_3, Length.WEEK_1, Length.WEEKS_2)
FROM_NOW = (N_("In 3 days"), N_("In 1 week"), N_("In 2 weeks"))
LATER = (N_("3 days later"), N_("1 week later"), N_("2 weeks later"))
"""The lengths, counted from the current deadline."""


ANSWER_NOW = N_("Answer now")


class AnswerRoundData(CallbackData, prefix="ar"):
    """The button of a round's news: straight to a module of the round, for its respondents;
    once the round has closed, a tap is told so."""

    initiative: InitiativeId
    round: RoundId
    """The round's number in its initiative."""
    module: ModuleId


def answer_now(
    tr: Translator, found: RoundRecord, left: Sequence[ModuleId] = ()
) -> InlineKeyboardMarkup:
    """ "Answer now", opening the first of ``left`` (what the person has left; the round's
    first module when not given)."""
    module = (left or found.modules)[0]
    data = AnswerRoundData(initiative=found.initiative_id, round=found.number, module=module)
    return buttons([tap_button(tr(ANSWER_NOW), data)])


class RoundAct(StrEnum):
    TODAY = "t"
    """Today's date as the title."""
    TOGGLE = "m"
    MODULES_DONE = "n"
    LENGTH = "l"
    NO_DEADLINE = "z"
    TYPE_DEADLINE = "y"
    CONFIRM = "o"
    CANCEL = "x"
    CLOSE = "c"


class RoundData(CallbackData, prefix="r"):
    initiative: InitiativeId
    act: RoundAct
    mask: Mask = 0
    value: int = 0
    """The module toggled, the length chosen (its index), or the deadline in minutes."""


class ExtendAct(StrEnum):
    CHOOSE = "c"
    """Show the new deadlines to choose from."""
    TO = "t"
    TYPE = "y"


class ExtendData(CallbackData, prefix="d"):
    """Extending the deadline of one round: a button left from a closed round extends
    nothing."""

    initiative: InitiativeId
    round: RoundId
    act: ExtendAct
    deadline: Minutes = 0
    """The new deadline (TO)."""


def manages_rounds(
    query: CallbackQuery, callback_data: RoundData | ExtendData, person: PersonRecord
) -> bool:
    """The tap acts on the initiative the person answers for, and they manage its rounds: any
    other (forged, or from another initiative) is a stale button."""
    return isinstance(query.message, Message) and acts_on(
        person, callback_data.initiative, Action.MANAGE_ROUNDS
    )


def modules_of(mask: int) -> list[ModuleId]:
    return [module for bit, module in enumerate(MODULES) if mask & (1 << bit)]


def title_keyboard(tr: Translator, initiative: int, today: str) -> InlineKeyboardMarkup:
    return buttons(
        [tap_button(today, RoundData(initiative=initiative, act=RoundAct.TODAY))],
        [tap_button(tr(N_("Cancel")), RoundData(initiative=initiative, act=RoundAct.CANCEL))],
    )


def modules_keyboard(tr: Translator, initiative: int, mask: int) -> InlineKeyboardMarkup:
    rows = []
    for bit, module in enumerate(MODULES):
        mark = "✓ " if mask & (1 << bit) else "○ "
        data = RoundData(initiative=initiative, act=RoundAct.TOGGLE, mask=mask, value=bit)
        rows.append([tap_button(mark + tr(MODULE_LABELS[module]), data)])
    done = RoundData(initiative=initiative, act=RoundAct.MODULES_DONE, mask=mask)
    rows.append([tap_button(tr(N_("Next ▶")), done), _cancel(tr, initiative)])
    return buttons(*rows)


def deadline_keyboard(tr: Translator, initiative: int, mask: int) -> InlineKeyboardMarkup:
    lengths = [
        tap_button(
            tr(label), RoundData(initiative=initiative, act=RoundAct.LENGTH, mask=mask, value=n)
        )
        for n, label in enumerate(FROM_NOW)
    ]
    return buttons(
        lengths,
        [
            tap_button(
                tr(N_("No deadline")),
                RoundData(initiative=initiative, act=RoundAct.NO_DEADLINE, mask=mask),
            ),
            tap_button(
                tr(N_("Type a date")),
                RoundData(initiative=initiative, act=RoundAct.TYPE_DEADLINE, mask=mask),
            ),
        ],
        [_cancel(tr, initiative)],
    )


def _length(initiative: int, mask: int, number: int) -> RoundData:
    return RoundData(initiative=initiative, act=RoundAct.LENGTH, mask=mask, value=number)


def confirm_keyboard(
    tr: Translator, initiative: int, mask: int, deadline: int
) -> InlineKeyboardMarkup:
    data = RoundData(initiative=initiative, act=RoundAct.CONFIRM, mask=mask, value=deadline)
    return buttons([tap_button(tr(N_("Open the round")), data), _cancel(tr, initiative)])


def close_keyboard(tr: Translator, initiative: int, round_id: int) -> InlineKeyboardMarkup:
    """Closes that round only: a button left from an earlier round closes nothing."""
    data = RoundData(initiative=initiative, act=RoundAct.CLOSE, value=round_id)
    return buttons([tap_button(tr(N_("Close the round")), data), _cancel(tr, initiative)])


def extend_button(
    tr: Translator, initiative: int, round_id: int, deadline: bool
) -> InlineKeyboardMarkup:
    """Extends the round's ``deadline``, or gives it one."""
    data = ExtendData(initiative=initiative, round=round_id, act=ExtendAct.CHOOSE)
    label = N_("Extend the deadline") if deadline else N_("Set a deadline")
    return buttons([tap_button(tr(label), data)])


def extension_keyboard(
    tr: Translator, initiative: int, round_id: int, deadlines: list[int], later: bool
) -> InlineKeyboardMarkup:
    """The new ``deadlines`` (in minutes) for the lengths, from the current one when ``later``,
    else from now; a date typed; cancel."""
    labels = LATER if later else FROM_NOW

    def to(deadline: int) -> ExtendData:
        return ExtendData(
            initiative=initiative, round=round_id, act=ExtendAct.TO, deadline=deadline
        )

    typed = ExtendData(initiative=initiative, round=round_id, act=ExtendAct.TYPE)
    return buttons(
        [tap_button(tr(label), to(n)) for label, n in zip(labels, deadlines, strict=True)],
        [tap_button(tr(N_("Type a date")), typed), _cancel(tr, initiative)],
    )


def _cancel(tr: Translator, initiative: int) -> InlineKeyboardButton:
    return tap_button(tr(N_("Cancel")), RoundData(initiative=initiative, act=RoundAct.CANCEL))
