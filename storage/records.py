"""Plain values the repository returns: rows copied out, never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import (
    ANONYMITY_MINIMUM,
    DEFAULT_LANGUAGE,
    DEFAULT_QUIET_HOURS,
    DEFAULT_REMINDER_EVERY,
    DEFAULT_REMINDER_MAX,
    DEFAULT_TIMEZONE,
    DETAIL_MINIMUM,
    Role,
)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    display_name: str
    locale: str | None
    """Chosen by the person; None until they choose."""
    active_initiative_id: int | None
    role: Role | None
    """Their role in the active initiative; None without one."""
    pending: str | None
    """What their next free text is for, outside a walkthrough."""
    draft: str | None
    blocked: bool
    telegram_id: int | None = None


@dataclass(frozen=True, slots=True)
class InitiativeDefaults:
    """What a new initiative starts with (the environment's settings); /settings changes them."""

    timezone: str = DEFAULT_TIMEZONE
    anonymity_threshold: int = ANONYMITY_MINIMUM
    detail_threshold: int = DETAIL_MINIMUM
    quiet_hours: str = DEFAULT_QUIET_HOURS
    reminder_every: int = DEFAULT_REMINDER_EVERY
    reminder_max: int = DEFAULT_REMINDER_MAX
    language: str = DEFAULT_LANGUAGE
    """Of the group chat's posts."""
    group_figures: bool = False


DEFAULTS = InitiativeDefaults()


@dataclass(frozen=True, slots=True, kw_only=True)
class InitiativeRecord(InitiativeDefaults):
    """An initiative, with the settings it started with or was given since."""

    id: int
    name: str
    issue: str
    member_code: str | None
    coach_code: str | None
