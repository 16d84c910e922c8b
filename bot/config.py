"""Settings from the environment or a ``.env`` file."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from flows import quiet
from storage.models import (
    ANONYMITY_MINIMUM,
    DEFAULT_QUIET_HOURS,
    DEFAULT_REMINDER_EVERY,
    DEFAULT_REMINDER_MAX,
    DEFAULT_TIMEZONE,
    DETAIL_MINIMUM,
)
from storage.records import InitiativeDefaults
from usecases.settings import known_zone

TELEGRAM_API = "https://api.telegram.org"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str | None = None
    """Default: a SQLite file under ./data/."""
    telegram_api_url: str = TELEGRAM_API
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8080
    log_level: str = "INFO"
    default_timezone: str = DEFAULT_TIMEZONE
    """New initiatives' time zone (an IANA name); /settings changes an initiative's."""
    anonymity_threshold: int = Field(default=ANONYMITY_MINIMUM, ge=ANONYMITY_MINIMUM)
    detail_threshold: int = Field(default=DETAIL_MINIMUM, ge=DETAIL_MINIMUM)
    quiet_hours: str = DEFAULT_QUIET_HOURS
    """``21:00-08:00`` in the initiative's time zone, or ``none``."""
    reminder_every: int = Field(default=DEFAULT_REMINDER_EVERY, ge=0)
    """Days between automatic reminders (0: none)."""
    reminder_max: int = Field(default=DEFAULT_REMINDER_MAX, ge=0)

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_span(cls, hours: str) -> str:
        return quiet.normal(hours)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        found = known_zone(zone)
        if found is None:
            raise ValueError(f"not a time zone: {zone!r} (e.g. Europe/Paris)")
        return found

    def initiative_defaults(self) -> InitiativeDefaults:
        return InitiativeDefaults(
            self.default_timezone,
            self.anonymity_threshold,
            self.detail_threshold,
            self.quiet_hours,
            self.reminder_every,
            self.reminder_max,
        )
