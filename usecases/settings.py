"""An initiative's settings, for its coordinators: what they are, and changing one.

The rules for each value are here, whichever door it comes through: a tapped choice arrives as
text too, and is checked like a typed one. A change holds for what comes next: reminder waves
already queued stay as they are; deadlines are stored in UTC, so a new time zone changes how
they read and when quiet hours fall, not when they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlmodel.ext.asyncio.session import AsyncSession

from flows import quiet
from flows.i18n import LANGUAGES
from flows.text import clean_line
from storage import repository as repo
from storage import settings as stored
from storage.models import ANONYMITY_MINIMUM, DETAIL_MINIMUM
from storage.records import InitiativeRecord, PersonRecord
from usecases.permissions import Action
from usecases.rounds import refusal


class Setting(StrEnum):
    """Each setting, by a short name (it rides in buttons and in ``person.pending``)."""

    TIMEZONE = "tz"
    QUIET_HOURS = "quiet"
    REMINDER_EVERY = "every"
    REMINDER_MAX = "max"
    ANONYMITY = "anon"
    DETAIL = "detail"
    LANGUAGE = "lang"
    """Of the posts in the initiative's Telegram group."""
    GROUP_FIGURES = "figs"
    """The group's closing post shows the figures (everyone in the group sees them)."""


NAMES = frozenset(setting.value for setting in Setting)
FIELDS = {
    Setting.TIMEZONE: "timezone",
    Setting.QUIET_HOURS: "quiet_hours",
    Setting.REMINDER_EVERY: "reminder_every",
    Setting.REMINDER_MAX: "reminder_max",
    Setting.ANONYMITY: "anonymity_threshold",
    Setting.DETAIL: "detail_threshold",
    Setting.LANGUAGE: "language",
    Setting.GROUP_FIGURES: "group_figures",
}
"""The initiative's column each one sets (storage/records.py InitiativeDefaults)."""
THRESHOLD_MAXIMUM = 30
"""Above this, a council's figures would hardly ever show."""
BOUNDS = {
    Setting.REMINDER_EVERY: (0, 30),
    Setting.REMINDER_MAX: (0, 10),
    Setting.ANONYMITY: (ANONYMITY_MINIMUM, THRESHOLD_MAXIMUM),
    Setting.DETAIL: (DETAIL_MINIMUM, THRESHOLD_MAXIMUM),
}
"""The numbers' lowest and highest values (days between automatic reminders: 0 is off)."""
OFF = frozenset({"off", "none", "no", "non", "aucun", "aucune"})
ON = frozenset({"on", "yes", "oui"})
PENDING = "settings:"
"""``settings:<initiative>:<setting>``: the person's next text is that setting's value."""
_NUMBER = re.compile(r"\d{1,4}", re.ASCII)

NOT_A_MEMBER, NOT_ALLOWED = "not_a_member", "not_allowed"
UNKNOWN_ZONE, NOT_QUIET_HOURS, NOT_A_NUMBER = "unknown_zone", "not_quiet_hours", "not_a_number"
TOO_LOW, TOO_HIGH, NOTHING_ASKED = "too_low", "too_high", "nothing_asked"
NOT_A_LANGUAGE, NOT_ON_OFF = "not_a_language", "not_on_off"


@dataclass(frozen=True, slots=True)
class Refused:
    """Nothing changed; ``why`` says what stood in the way, ``low`` and ``high`` the bounds of
    a number."""

    why: str
    setting: Setting | None = None
    low: int = 0
    high: int = 0


NOT_PLACES = frozenset({"localtime", "Factory"})
"""Names some systems list that stand for no place: the server's own zone, none at all."""


@cache
def _zones() -> dict[str, str]:
    """Every zone by its name in lower case (listing them takes about 0.1 s: once, if asked)."""
    return {name.lower(): name for name in available_timezones() - NOT_PLACES}


def known_zone(name: str) -> str | None:
    """The IANA time zone of that name, whatever its case (``europe/paris``), or None."""
    cleaned = clean_line(name)
    if "/" in cleaned:  # Area/Location, as written: found without listing them all
        try:
            ZoneInfo(cleaned)
            return cleaned
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return _zones().get(cleaned.lower())


def value_of(setting: Setting, typed: str) -> str | int | Refused:
    """The value ``typed`` gives the setting, as stored, or why it cannot be one."""
    cleaned = clean_line(typed)
    if setting is Setting.TIMEZONE:
        zone = known_zone(cleaned)
        return Refused(UNKNOWN_ZONE, setting) if zone is None else zone
    if setting is Setting.QUIET_HOURS:
        try:
            return quiet.normal(cleaned)
        except ValueError:
            return Refused(NOT_QUIET_HOURS, setting)
    if setting is Setting.LANGUAGE:
        language = cleaned.lower()
        return language if language in LANGUAGES else Refused(NOT_A_LANGUAGE, setting)
    if setting is Setting.GROUP_FIGURES:
        if cleaned.lower() in ON | OFF:
            return cleaned.lower() in ON
        return Refused(NOT_ON_OFF, setting)
    low, high = BOUNDS[setting]
    if setting is Setting.REMINDER_EVERY and cleaned.lower() in OFF:
        return 0
    if not _NUMBER.fullmatch(cleaned):
        return Refused(NOT_A_NUMBER, setting, low, high)
    number = int(cleaned)
    if number < low:
        return Refused(TOO_LOW, setting, low, high)
    if number > high:
        return Refused(TOO_HIGH, setting, low, high)
    return number


async def current(
    session: AsyncSession, person_id: int, initiative_id: int
) -> InitiativeRecord | Refused:
    """The initiative with its settings, for someone who may change them."""
    refused = await refusal(session, person_id, initiative_id, Action.MANAGE_SETTINGS)
    found = await repo.initiative(session, initiative_id=initiative_id)
    if refused is not None or found is None:
        return Refused(refused.why if refused else NOT_A_MEMBER)
    return found


async def change(
    session: AsyncSession, person_id: int, initiative_id: int, setting: Setting, typed: str
) -> InitiativeRecord | Refused:
    """Sets one setting from what was typed or tapped; the initiative as it is now."""
    found = await current(session, person_id, initiative_id)
    if isinstance(found, Refused):
        return found
    value = value_of(setting, typed)
    if isinstance(value, Refused):
        return value
    return await stored.change(session, initiative_id=found.id, **{FIELDS[setting]: value})


async def ask(
    session: AsyncSession, person_id: int, initiative_id: int, setting: Setting
) -> InitiativeRecord | Refused:
    """The person's next text is the value of ``setting``."""
    found = await current(session, person_id, initiative_id)
    if not isinstance(found, Refused):
        pending = f"{PENDING}{found.id}:{setting}"
        await repo.set_pending(session, person_id=person_id, pending=pending)
    return found


def asked(pending: str | None) -> tuple[int, Setting] | None:
    """The initiative and setting a person's next text is for, if it is for one."""
    if not pending or not pending.startswith(PENDING):
        return None
    initiative, _, name = pending.removeprefix(PENDING).partition(":")
    if not initiative.isdigit() or name not in NAMES:
        return None
    return int(initiative), Setting(name)


async def typed(
    session: AsyncSession, person: PersonRecord, text: str
) -> InitiativeRecord | Refused:
    """The value the person was asked for (``ask``). One that cannot be is refused and asked
    again; once it is set, or the person may no longer set it, nothing more is asked."""
    question = asked(person.pending)
    if question is None:
        return Refused(NOTHING_ASKED)
    done = await change(session, person.id, *question, text)
    if not isinstance(done, Refused) or done.setting is None:
        await repo.set_pending(session, person_id=person.id, pending=None)
    return done
