"""Deadlines typed or chosen, in the initiative's time zone, stored in UTC."""

from datetime import UTC, datetime

import pytest

from flows.deadlines import Length, Refused, Why, after, parse

PARIS = "Europe/Paris"
NOW = datetime(2026, 12, 1, 9, 20, tzinfo=UTC)  # 10:20 in Paris


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (Length.DAYS_3, utc(2026, 12, 4, 10)),  # 4 December, 11:00 in Paris
        (Length.WEEK_1, utc(2026, 12, 8, 10)),
        (Length.WEEKS_2, utc(2026, 12, 15, 10)),
    ],
)
def test_a_length_from_now_ends_at_the_next_full_hour(length, expected):
    assert after(length, NOW, PARIS) == expected


def test_on_the_hour_stays_on_the_hour():
    assert after(Length.DAYS_3, utc(2026, 12, 1, 9), PARIS) == utc(2026, 12, 4, 9)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-15 18:00", utc(2026, 12, 15, 17)),
        ("15/12 18h", utc(2026, 12, 15, 17)),
        ("15/12 18h30", utc(2026, 12, 15, 17, 30)),
        ("15/12/2026 18:00", utc(2026, 12, 15, 17)),
        (" 15/12  18 h ", utc(2026, 12, 15, 17)),
        ("05/01 9h", utc(2027, 1, 5, 8)),  # no year: the next 5 January
        ("2026-07-15 18:00", Refused(Why.PASSED)),
        ("2026-12-01 10:00", Refused(Why.PASSED)),  # 09:00 UTC, twenty minutes ago
        ("31/02 18h", Refused(Why.NOT_A_TIME)),
        ("2027-03-28 02:30", Refused(Why.NOT_A_TIME)),  # the clocks go from 2:00 to 3:00
        ("2027-10-31 02:30", utc(2027, 10, 31, 0, 30)),  # twice that night: the first
        ("tomorrow", Refused(Why.UNREADABLE)),
        ("15/12", Refused(Why.UNREADABLE)),
        ("", Refused(Why.UNREADABLE)),
    ],
)
def test_typed_deadlines(typed, expected):
    assert parse(typed, NOW, PARIS) == expected


def test_the_time_zone_is_the_initiatives():
    assert parse("15/12 18h", NOW, "America/Montreal") == utc(2026, 12, 15, 23)
