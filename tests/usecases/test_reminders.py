"""Reminders at the use-case layer, on real databases, with time the test sets (Paris)."""

from datetime import UTC, datetime, timedelta

import pytest

from flows.engine import AnswerItem, Start
from flows.model import ModuleId
from storage import repository as repo
from storage.rounds import RoundRecord
from usecases import initiatives, reminders, rounds, walkthrough
from usecases.rounds import Refused

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""Rules that do not depend on the database: once is enough (the journeys run on both)."""
OPENED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Paris
PRE = ModuleId.PRECONDITIONS
DAY = timedelta(days=1)


async def council(sessions) -> dict[str, int]:
    """Carla coordinates; Mia, Noa and Lou are members, Cole coaches: all on Telegram."""
    ids = {}
    async with sessions.begin() as session:
        for number, name in enumerate(("carla", "mia", "noa", "lou", "cole"), start=1):
            person = await repo.telegram_person(session, telegram_id=number, display_name=name)
            ids[name] = person.id
        nord = await initiatives.create(session, ids["carla"], "Quartier Nord", "Food.")
        ids["nord"] = nord.id
        member, coach = await repo.invite_codes(session, initiative_id=nord.id)
        for name in ("mia", "noa", "lou"):
            await initiatives.join(session, ids[name], member)
        await initiatives.join(session, ids["cole"], coach)
    return ids


async def open_round(sessions, ids, deadline=None) -> RoundRecord:
    async with sessions.begin() as session:
        opened = await rounds.open_round(
            session,
            ids["carla"],
            ids["nord"],
            title="Décembre",
            modules=[PRE],
            deadline=deadline,
            now=OPENED,
        )
    assert isinstance(opened, RoundRecord)
    return opened


async def finish(sessions, ids, who):
    async with sessions.begin() as session:
        await walkthrough.step(session, ids[who], ids["nord"], PRE, Start(), OPENED)
        for item in ("champions", "urgency", "resources"):
            await walkthrough.step(
                session, ids[who], ids["nord"], PRE, AnswerItem(item, 4), OPENED
            )


async def due(sessions, at):
    async with sessions.begin() as session:
        return await reminders.due(session, at)


def chats(waves):
    return sorted(chat for wave in waves for chat, _, _ in wave.to)


async def test_automatic_waves_reach_only_those_who_have_not_finished_once_each(sessionmaker):
    ids = await council(sessionmaker)
    await open_round(sessionmaker, ids)
    await finish(sessionmaker, ids, "mia")
    assert await due(sessionmaker, OPENED + 2 * DAY) == []
    first = await due(sessionmaker, OPENED + 3 * DAY)
    assert chats(first) == [1, 3, 4]  # Carla, Noa, Lou: not Mia (finished), not Cole (coach)
    assert first[0].to[0][2] == (PRE,)
    assert await due(sessionmaker, OPENED + 3 * DAY + timedelta(hours=1)) == []  # not twice
    assert chats(await due(sessionmaker, OPENED + 6 * DAY)) == [1, 3, 4]
    assert chats(await due(sessionmaker, OPENED + 9 * DAY)) == [1, 3, 4]
    assert await due(sessionmaker, OPENED + 12 * DAY) == []  # the maximum, 3, is reached


@SQLITE_ONLY
async def test_a_wave_due_in_quiet_hours_leaves_when_they_end(sessionmaker):
    ids = await council(sessionmaker)
    await open_round(sessionmaker, ids)
    night = datetime(2026, 12, 4, 21, 30, tzinfo=UTC)  # 22:30 in Paris, day 3
    assert await due(sessionmaker, night) == []
    morning = datetime(2026, 12, 5, 7, 1, tzinfo=UTC)  # 08:01
    assert chats(await due(sessionmaker, morning)) == [1, 2, 3, 4]


@SQLITE_ONLY
async def test_the_day_before_the_deadline_one_more_wave(sessionmaker):
    ids = await council(sessionmaker)
    deadline = OPENED + 2 * DAY
    await open_round(sessionmaker, ids, deadline=deadline)
    assert await due(sessionmaker, deadline - timedelta(hours=25)) == []
    assert chats(await due(sessionmaker, deadline - timedelta(hours=23))) == [1, 2, 3, 4]
    assert await due(sessionmaker, deadline - timedelta(hours=22)) == []


async def test_reminding_on_demand(sessionmaker):
    ids = await council(sessionmaker)
    await open_round(sessionmaker, ids)
    noon = OPENED + timedelta(hours=2)
    async with sessionmaker.begin() as session:
        member = await reminders.remind_now(session, ids["mia"], ids["nord"], noon)
        coach = await reminders.remind_now(session, ids["cole"], ids["nord"], noon)
        first = await reminders.remind_now(session, ids["carla"], ids["nord"], noon)
        again = await reminders.remind_now(session, ids["carla"], ids["nord"], noon)
    assert member == coach == Refused(rounds.NOT_ALLOWED)
    assert isinstance(first, reminders.Reminder) and first.leaves_at == noon
    assert again == Refused(reminders.ALREADY_TODAY)

    night = datetime(2026, 12, 2, 22, 0, tzinfo=UTC)  # 23:00 in Paris, the next day
    async with sessionmaker.begin() as session:
        late = await reminders.remind_now(session, ids["carla"], ids["nord"], night)
    assert isinstance(late, reminders.Reminder)
    assert late.leaves_at == datetime(2026, 12, 3, 7, 0, tzinfo=UTC)  # 08:00, when quiet ends

    async with sessionmaker.begin() as session:
        third = await reminders.remind_now(session, ids["carla"], ids["nord"], night + 2 * DAY)
        over = await reminders.remind_now(session, ids["carla"], ids["nord"], night + 3 * DAY)
    assert isinstance(third, reminders.Reminder)
    assert over == Refused(reminders.MAXIMUM)


@SQLITE_ONLY
async def test_nobody_to_remind_when_everyone_has_finished(sessionmaker):
    ids = await council(sessionmaker)
    await open_round(sessionmaker, ids)
    for who in ("carla", "mia", "noa", "lou"):
        await finish(sessionmaker, ids, who)
    async with sessionmaker.begin() as session:
        refused = await reminders.remind_now(session, ids["carla"], ids["nord"], OPENED)
    assert refused == Refused(reminders.EVERYONE_DONE)
    assert await due(sessionmaker, OPENED + 3 * DAY) == []
