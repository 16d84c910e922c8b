"""Deadlines as people give them: a length from now (3 days, 1 week, 2 weeks), or a date and
time typed in the initiative's time zone (``2026-12-15 18:00``, ``15/12 18h``, ``15/12/2026
18h30``). Stored in UTC.

A time the clocks skip (the spring change) does not exist and is refused; one they pass twice
(the autumn change) is taken the first time. A deadline must be in the future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Length(StrEnum):
    DAYS_3 = "3d"
    WEEK_1 = "1w"
    WEEKS_2 = "2w"


LENGTHS = {
    Length.DAYS_3: timedelta(days=3),
    Length.WEEK_1: timedelta(weeks=1),
    Length.WEEKS_2: timedelta(weeks=2),
}


class Why(StrEnum):
    UNREADABLE = "unreadable"
    NOT_A_TIME = "not_a_time"
    """Skipped by the clocks (or no such date)."""
    PASSED = "passed"


@dataclass(frozen=True, slots=True)
class Refused:
    why: Why


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2})[:h](\d{2})")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\s+(\d{1,2})\s*[h:]\s*(\d{2})?")


def minutes(moment: datetime) -> int:
    """A moment as whole minutes since the epoch: how buttons and reminder waves name it."""
    return int(moment.timestamp() // 60)


def moment(value: int) -> datetime:
    return datetime.fromtimestamp(value * 60, UTC)


def after(length: Length, now: datetime, zone: str) -> datetime:
    """That long from now, at the next full hour in the time zone."""
    local = (now + LENGTHS[length]).astimezone(ZoneInfo(zone))
    if local.minute or local.second or local.microsecond:
        local = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return local.astimezone(UTC)


def parse(typed: str, now: datetime, zone: str) -> datetime | Refused:
    """A typed deadline, in UTC, or why it is refused. A date without a year is the next one
    to come."""
    text = typed.strip().lower()
    tz = ZoneInfo(zone)
    local_now = now.astimezone(tz)
    if found := _ISO.fullmatch(text):
        year, month, day, hour, minute = (int(part) for part in found.groups())
        candidates = [year]
    elif found := _FRENCH.fullmatch(text):
        day_text, month_text, year_text, hour_text, minute_text = found.groups()
        day, month, hour = int(day_text), int(month_text), int(hour_text)
        minute = int(minute_text or 0)
        candidates = [int(year_text)] if year_text else [local_now.year, local_now.year + 1]
    else:
        return Refused(Why.UNREADABLE)
    refusal = Refused(Why.NOT_A_TIME)
    for year in candidates:
        moment = _existing(year, month, day, hour, minute, tz)
        if moment is None:
            continue
        if moment > now:
            return moment
        refusal = Refused(Why.PASSED)
    return refusal


def _existing(
    year: int, month: int, day: int, hour: int, minute: int, tz: ZoneInfo
) -> datetime | None:
    """The moment, or None when the date is impossible or the clocks skip that time."""
    try:
        local = datetime(year, month, day, hour, minute, tzinfo=tz)  # fold 0: the first
    except ValueError:
        return None
    moment = local.astimezone(UTC)
    if moment.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None  # in the gap: it maps to another wall time
    return moment
