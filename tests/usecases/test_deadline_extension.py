"""Extending an open round's deadline at the use-case layer, with time the test sets: who may,
to when, who is told, and the reminder the day before the new deadline; settings changed on
the way hold for the reminders that come next."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.usecases.test_reminders import DAY, OPENED, chats, council, due, finish, open_round
from usecases import rounds, settings
from usecases.rounds import Refused
from usecases.settings import Setting

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
HOUR = timedelta(hours=1)


@SQLITE_ONLY
async def test_an_extended_deadline_has_its_own_day_before_reminder_once(sessionmaker):
    ids = await council(sessionmaker)
    deadline = OPENED + 2 * DAY
    opened = await open_round(sessionmaker, ids, deadline=deadline)
    await finish(sessionmaker, ids, "mia")
    async with sessionmaker.begin() as session:  # only the reminders the day before
        await settings.change(session, ids["carla"], ids["nord"], Setting.REMINDER_EVERY, "off")
    eve = deadline - 23 * HOUR
    assert chats(await due(sessionmaker, eve)) == [1, 3, 4]  # Carla, Noa, Lou: not Mia, Cole

    later = deadline + 3 * DAY
    async with sessionmaker.begin() as session:

        async def extend(who, to, round_id=opened.id):
            return await rounds.extend(session, ids[who], ids["nord"], round_id, to, eve)

        assert await extend("mia", later) == Refused(rounds.NOT_ALLOWED)
        assert await extend("cole", later) == Refused(rounds.NOT_ALLOWED)
        assert await extend("carla", deadline) == Refused(rounds.NOT_LATER)
        assert await extend("carla", eve - HOUR) == Refused(rounds.DEADLINE_PASSED)
        assert await extend("carla", later, opened.id + 1) == Refused(rounds.OTHER_ROUND)
        done = await extend("carla", later)
    assert isinstance(done, rounds.Extended) and done.round.deadline == later
    assert sorted(chat for chat, _, _ in done.to) == [3, 4]  # not Carla: she extended it
    assert done.leaves_at == eve

    assert await due(sessionmaker, eve + HOUR) == []  # the old deadline's went, once
    assert await due(sessionmaker, OPENED + 3 * DAY + 2 * HOUR) == []  # none automatic: off
    async with sessionmaker.begin() as session:
        moved = await settings.change(
            session, ids["carla"], ids["nord"], Setting.TIMEZONE, "America/Toronto"
        )
    assert moved.timezone == "America/Toronto"
    assert await due(sessionmaker, later - 25 * HOUR) == []
    # The day before the new deadline, at 05:00 in Toronto: quiet there (in Paris, 11:00).
    assert await due(sessionmaker, later - 23 * HOUR) == []
    eight = datetime(2026, 12, 5, 13, 0, tzinfo=UTC)  # 08:00 in Toronto: quiet hours end
    (wave,) = await due(sessionmaker, eight)
    assert wave.round.deadline == later and chats([wave]) == [1, 3, 4]
    assert await due(sessionmaker, eight + HOUR) == []  # never two for one deadline

    async with sessionmaker.begin() as session:
        await rounds.close_round(session, ids["carla"], ids["nord"], later - 2 * HOUR)
        closed = await rounds.extend(
            session, ids["carla"], ids["nord"], opened.id, later + DAY, later - HOUR
        )
    assert closed == Refused(rounds.NONE_OPEN)
