"""What new initiatives start with, from the environment, and the floors it may not go below."""

import pytest
from pydantic import ValidationError

from bot.config import Settings
from storage.records import InitiativeDefaults
from tests.usecases.team import person
from usecases import initiatives

SETTINGS = (
    "DEFAULT_TIMEZONE",
    "ANONYMITY_THRESHOLD",
    "DETAIL_THRESHOLD",
    "QUIET_HOURS",
    "REMINDER_EVERY",
    "REMINDER_MAX",
)


def test_the_defaults_without_an_environment(monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    assert Settings(_env_file=None).initiative_defaults() == InitiativeDefaults(
        "Europe/Paris", 3, 5, "21:00-08:00", 3, 3
    )


def test_quiet_hours_can_be_none(monkeypatch):
    monkeypatch.setenv("QUIET_HOURS", "none")
    assert Settings(_env_file=None).initiative_defaults().quiet_hours == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ANONYMITY_THRESHOLD", "2"),
        ("DETAIL_THRESHOLD", "4"),
        ("DEFAULT_TIMEZONE", "Mars/Base"),
        ("QUIET_HOURS", "21:00"),
        ("REMINDER_EVERY", "-1"),
    ],
)
def test_a_setting_below_its_floor_or_unknown_is_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings(_env_file=None)


async def test_a_new_initiative_takes_the_defaults(monkeypatch, sessionmaker):
    monkeypatch.setenv("DEFAULT_TIMEZONE", "America/Montreal")
    monkeypatch.setenv("ANONYMITY_THRESHOLD", "4")
    defaults = Settings(_env_file=None).initiative_defaults()
    async with sessionmaker.begin() as session:
        ana = await person(session, "ana")
        created = await initiatives.create(session, ana.id, "Quartier Nord", "Food.", defaults)
    assert (created.timezone, created.anonymity_threshold, created.detail_threshold) == (
        "America/Montreal",
        4,
        5,
    )
