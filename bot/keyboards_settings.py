"""The buttons of /settings: the settings, one setting's choices, typing another value. A
choice carries its value (an index into the lists here for the time zones and quiet hours, the
number itself otherwise); the use case checks it like a typed one."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from pydantic import Field

from bot.keyboards import LANGUAGE_NAMES, InitiativeId, buttons, tap_button
from flows.i18n import LANGUAGES, Translator
from flows.model import N_
from storage.records import PersonRecord
from usecases.permissions import Action
from usecases.settings import Setting, value_of
from usecases.walkthrough import acts_on

ZONES = (
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Zurich",
    "America/Toronto",
    "Europe/London",
    "America/Martinique",
    "Indian/Reunion",
)
ZONE_LABELS = {"America/Toronto": "America/Toronto (Québec)"}
QUIET_CHOICES = ("none", "21:00-08:00", "22:00-07:00", "20:00-09:00")
NUMBERS = {
    Setting.REMINDER_EVERY: (0, 1, 2, 3, 7),
    Setting.REMINDER_MAX: (1, 2, 3, 5),
    Setting.ANONYMITY: (3, 5, 7, 10),
    Setting.DETAIL: (5, 7, 10, 15),
}
TITLES = {
    Setting.TIMEZONE: N_("Time zone"),
    Setting.QUIET_HOURS: N_("Quiet hours"),
    Setting.REMINDER_EVERY: N_("Reminder interval"),
    Setting.REMINDER_MAX: N_("Reminder maximum"),
    Setting.ANONYMITY: N_("Figures threshold"),
    Setting.DETAIL: N_("Comments threshold"),
    Setting.LANGUAGE: N_("Group posts' language"),
    Setting.GROUP_FIGURES: N_("Figures in the group"),
}
CHOICES_ONLY = frozenset({Setting.LANGUAGE, Setting.GROUP_FIGURES})
"""Settings with nothing else to type."""


class SettingsAct(StrEnum):
    SHOW = "s"
    """The settings."""
    PICK = "p"
    """One setting's choices."""
    SET = "v"
    TYPE = "t"


class SettingsData(CallbackData, prefix="st"):
    initiative: InitiativeId
    act: SettingsAct
    setting: Setting | None = None
    value: Annotated[int, Field(ge=0, le=999)] = 0


def manages_settings(
    query: CallbackQuery, callback_data: SettingsData, person: PersonRecord
) -> bool:
    """The tap acts on the initiative the person answers for, and they may change its
    settings: any other (forged, from another initiative, from a former coordinator) is a
    stale button."""
    return isinstance(query.message, Message) and acts_on(
        person, callback_data.initiative, Action.MANAGE_SETTINGS
    )


def values(setting: Setting) -> tuple[int, ...]:
    """The values of the setting's buttons."""
    if setting is Setting.TIMEZONE:
        return tuple(range(len(ZONES)))
    if setting is Setting.QUIET_HOURS:
        return tuple(range(len(QUIET_CHOICES)))
    if setting is Setting.LANGUAGE:
        return tuple(range(len(LANGUAGES)))
    if setting is Setting.GROUP_FIGURES:
        return (0, 1)
    return NUMBERS[setting]


def choice(setting: Setting, value: int) -> str | None:
    """What a button stands for, as if typed; None for a value no button offers."""
    if value not in values(setting):
        return None
    if setting is Setting.TIMEZONE:
        return ZONES[value]
    if setting is Setting.QUIET_HOURS:
        return QUIET_CHOICES[value]
    if setting is Setting.LANGUAGE:
        return LANGUAGES[value]
    if setting is Setting.GROUP_FIGURES:
        return "on" if value else "off"
    return str(value)


def settings_keyboard(tr: Translator, initiative: int) -> InlineKeyboardMarkup:
    def pick(setting: Setting) -> SettingsData:
        return SettingsData(initiative=initiative, act=SettingsAct.PICK, setting=setting)

    settings = list(Setting)
    return buttons(
        *(
            [tap_button(tr(TITLES[s]), pick(s)) for s in settings[start : start + 2]]
            for start in range(0, len(settings), 2)
        )
    )


def choices_keyboard(
    tr: Translator, initiative: int, setting: Setting, current: str | int
) -> InlineKeyboardMarkup:
    """The setting's choices (✓ the current one), typing another, back to the settings."""

    def data(act: SettingsAct, value: int = 0) -> SettingsData:
        return SettingsData(initiative=initiative, act=act, setting=setting, value=value)

    size = {Setting.TIMEZONE: 2, Setting.REMINDER_EVERY: 3}.get(setting, 4)
    marked = []
    for value in values(setting):
        chosen = value_of(setting, choice(setting, value) or "") == current
        label = ("✓ " if chosen else "") + _label(tr, setting, value)
        marked.append(tap_button(label, data(SettingsAct.SET, value)))
    last = [tap_button(tr(N_("◀ Back")), data(SettingsAct.SHOW))]
    if setting not in CHOICES_ONLY:
        last.insert(0, tap_button(tr(N_("Type another")), data(SettingsAct.TYPE)))
    return buttons(*(marked[start : start + size] for start in range(0, len(marked), size)), last)


def _label(tr: Translator, setting: Setting, value: int) -> str:
    if setting is Setting.TIMEZONE:
        return ZONE_LABELS.get(ZONES[value], ZONES[value])
    if setting is Setting.QUIET_HOURS:
        return tr(N_("None")) if QUIET_CHOICES[value] == "none" else QUIET_CHOICES[value]
    if setting is Setting.LANGUAGE:
        return LANGUAGE_NAMES[LANGUAGES[value]]
    if setting is Setting.GROUP_FIGURES:
        return tr(N_("Post the figures")) if value else tr(N_("Only say they are ready"))
    if setting is Setting.REMINDER_EVERY:
        if value < 2:
            return tr(N_("Every day")) if value else tr(N_("Off"))
        return tr(N_("Every {n} days"), n=value)
    return str(value)
