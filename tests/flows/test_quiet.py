"""Quiet hours in the initiative's time zone."""

from datetime import UTC, datetime

import pytest

from flows.quiet import normal, parse, quiet_until

PARIS = "Europe/Paris"


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (utc(2026, 12, 1, 19, 59), None),  # 20:59 in Paris
        (utc(2026, 12, 1, 20, 0), utc(2026, 12, 2, 7, 0)),  # 21:00 → 08:00 the next day
        (utc(2026, 12, 1, 23, 30), utc(2026, 12, 2, 7, 0)),  # 00:30
        (utc(2026, 12, 2, 6, 59), utc(2026, 12, 2, 7, 0)),  # 07:59
        (utc(2026, 12, 2, 7, 0), None),  # 08:00: over
    ],
)
def test_quiet_hours_across_midnight(now, until):
    assert quiet_until(now, PARIS, "21:00-08:00") == until


def test_quiet_hours_within_a_day_and_none():
    assert quiet_until(utc(2026, 12, 1, 12, 30), PARIS, "13:00-14:00") == utc(2026, 12, 1, 13)
    assert quiet_until(utc(2026, 12, 1, 11, 0), PARIS, "13:00-14:00") is None
    assert quiet_until(utc(2026, 12, 1, 23, 0), PARIS, "none") is None
    assert quiet_until(utc(2026, 12, 1, 23, 0), PARIS, "") is None


@pytest.mark.parametrize("typed", ["21:00", "25:00-08:00", "21:00-21:00", "soon"])
def test_what_is_not_quiet_hours_is_refused(typed):
    with pytest.raises(ValueError):
        parse(typed)


def test_quiet_hours_are_stored_one_way():
    assert normal("21h00 - 8:00") == "21:00-08:00"
    assert normal("none") == ""
