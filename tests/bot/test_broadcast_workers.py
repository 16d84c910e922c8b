"""Two bot workers on one PostgreSQL database: the same reminder wave queued once, each call
claimed by one of them, one sending at a time (Telegram's budget is the bot's, not a worker's)."""

import asyncio

import pytest

from storage.models import CallStatus
from tests.bot.test_broadcast import (
    DAYS,
    council,
    delivered,
    reminded,
    run_until,
    statuses,
    worker,
)

POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)


@POSTGRES_ONLY
async def test_two_workers_remind_each_respondent_once_one_sending_at_a_time(
    sessionmaker, database_url, fake, clock
):
    group = await council(sessionmaker, fake, clock, 59)
    first, second = (
        await worker(database_url, fake, clock),
        await worker(database_url, fake, clock),
    )
    try:
        clock.advance(DAYS.total_seconds())
        queued = await asyncio.gather(first.news.announce_due(), second.news.announce_due())
        assert sorted(queued) == [0, 1]  # the wave is queued once
        for each in (first, second):
            each.sender.wake()  # as if each had queued it: both look at once
        await run_until(clock, lambda: len(fake.requests) >= 45)
        assert fake.rate_limited == []  # two workers sending at once would go over 30 a second
        leader = first if first.sender.broadcast.turn._connection else second
        await leader.sender.stop()  # it lets the turn go: the other takes up the rest
        other = second if leader is first else first
        await run_until(clock, lambda: delivered(other.sessions, fake, 60))
    finally:
        await first.stop()
        await second.stop()

    assert set(reminded(fake, group.people).values()) == {1}
    assert fake.rate_limited == []
    assert await statuses(sessionmaker) == {CallStatus.SENT: 60}
