"""Reminders of an open round, to the respondents who have not finished it: automatic waves
(every few days, at most a few), one the day before the deadline (not counted), and on demand
(counted). Nothing leaves on the bot's own during quiet hours: a wave due then waits until they
end. At most one wave a calendar day, in the initiative's time zone. Each wave is queued once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.deadlines import minutes
from flows.model import ModuleId
from flows.quiet import quiet_until
from storage import reminders
from storage import repository as repo
from storage.records import InitiativeRecord
from storage.rounds import RoundRecord
from usecases.permissions import Action
from usecases.rounds import Refused, current, open_for, unfinished

AUTO, DAY_BEFORE, ON_DEMAND = "auto", "deadline", "manual"
COUNTED = (AUTO, ON_DEMAND)
ALREADY_TODAY, MAXIMUM, EVERYONE_DONE = "already_today", "maximum", "everyone_done"


@dataclass(frozen=True, slots=True)
class Reminder:
    round: RoundRecord
    initiative: InitiativeRecord
    to: tuple[tuple[int, str | None, tuple[ModuleId, ...]], ...]
    """(Telegram chat, language, the round's modules they have not finished)."""
    leaves_at: datetime
    """Now, or when quiet hours end."""


async def due(session: AsyncSession, now: datetime) -> list[Reminder]:
    """The automatic waves due now, queued in this transaction."""
    waves = []
    for found in await reminders.open_rounds(session):
        initiative = await repo.initiative(session, initiative_id=found.initiative_id)
        assert initiative is not None
        if await current(session, initiative.id, now) is None:
            continue  # past its deadline: closed on the way
        if quiet_until(now, initiative.timezone, initiative.quiet_hours) is not None:
            continue  # it goes when they end
        for kind, slot in _due_waves(found, initiative, now):
            if await _sent_today(session, found, initiative, now):
                await reminders.queue(session, round_id=found.id, kind=kind, slot=slot, now=now)
                continue  # one wave a day: this one is not sent
            if await reminders.queue(session, round_id=found.id, kind=kind, slot=slot, now=now):
                reminder = await _reminder(session, found, initiative, now)
                if reminder.to:
                    waves.append(reminder)
    return waves


async def remind_now(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> Reminder | Refused:
    """A wave on demand, from a coordinator; it leaves when quiet hours end if they hold."""
    found = await open_for(session, person_id, initiative_id, Action.MANAGE_ROUNDS, now)
    initiative = await repo.initiative(session, initiative_id=initiative_id)
    if isinstance(found, Refused):
        return found
    assert initiative is not None  # its member asks
    if await reminders.count(session, round_id=found.id, kinds=COUNTED) >= initiative.reminder_max:
        return Refused(MAXIMUM)
    if await _sent_today(session, found, initiative, now):
        return Refused(ALREADY_TODAY)
    leaves_at = quiet_until(now, initiative.timezone, initiative.quiet_hours) or now
    reminder = await _reminder(session, found, initiative, leaves_at)
    if not reminder.to:
        return Refused(EVERYONE_DONE)
    day = leaves_at.astimezone(ZoneInfo(initiative.timezone)).date().toordinal()
    if not await reminders.queue(
        session, round_id=found.id, kind=ON_DEMAND, slot=day, now=leaves_at
    ):
        return Refused(ALREADY_TODAY)
    return reminder


def _due_waves(
    found: RoundRecord, initiative: InitiativeRecord, now: datetime
) -> list[tuple[str, int]]:
    waves = []
    if initiative.reminder_every > 0 and initiative.reminder_max > 0:
        wave = int((now - found.opened_at) / timedelta(days=initiative.reminder_every))
        if wave >= 1:
            waves.append((AUTO, min(wave, initiative.reminder_max)))
    if found.deadline is not None and found.deadline - timedelta(hours=24) <= now:
        waves.append((DAY_BEFORE, minutes(found.deadline)))  # one per deadline: extended, anew
    return waves


async def _sent_today(
    session: AsyncSession, found: RoundRecord, initiative: InitiativeRecord, now: datetime
) -> bool:
    zone = ZoneInfo(initiative.timezone)
    midnight = datetime.combine(now.astimezone(zone).date(), datetime.min.time(), tzinfo=zone)
    kinds = (AUTO, DAY_BEFORE, ON_DEMAND)
    return await reminders.count(session, round_id=found.id, kinds=kinds, since=midnight) > 0


async def _reminder(
    session: AsyncSession, found: RoundRecord, initiative: InitiativeRecord, leaves_at: datetime
) -> Reminder:
    """The respondents who have not finished the round, with what they have left."""
    return Reminder(found, initiative, await unfinished(session, found), leaves_at)
