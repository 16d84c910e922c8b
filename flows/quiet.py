"""Quiet hours: a span of the day, in the initiative's time zone, when nothing leaves on the
bot's own (round news, reminders, results). ``21:00-08:00`` spans midnight; empty: none."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_SPAN = re.compile(r"([01]?\d|2[0-3])[:h]([0-5]\d)\s*-\s*([01]?\d|2[0-3])[:h]([0-5]\d)")


def parse(text: str) -> tuple[time, time] | None:
    """The span, or None for none; ValueError for what is not one (``21:00-08:00``)."""
    text = text.strip().lower()
    if text in ("", "none", "aucune"):
        return None
    found = _SPAN.fullmatch(text)
    if found is None:
        raise ValueError(f"not quiet hours: {text!r} (e.g. 21:00-08:00, or none)")
    h1, m1, h2, m2 = (int(part) for part in found.groups())
    if (h1, m1) == (h2, m2):
        raise ValueError("quiet hours start and end at the same time")
    return time(h1, m1), time(h2, m2)


def normal(text: str) -> str:
    """The span written as stored (``21:00-08:00``), or "" for none."""
    span = parse(text)
    return "" if span is None else f"{span[0]:%H:%M}-{span[1]:%H:%M}"


def quiet_until(now: datetime, zone: str, hours: str) -> datetime | None:
    """When the quiet hours ``now`` falls in end (UTC); None when it falls in none."""
    span = parse(hours)
    if span is None:
        return None
    start, end = span
    local = now.astimezone(ZoneInfo(zone))
    clock = local.time().replace(tzinfo=None)
    inside = start <= clock < end if start < end else clock >= start or clock < end
    if not inside:
        return None
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    ends = datetime.combine(day, end, tzinfo=ZoneInfo(zone))
    return ends.astimezone(UTC)
