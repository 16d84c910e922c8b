"""Reminder waves through the sender, against the fake Bot API and its sending limits, on a
clock the test moves: everyone reminded once, paced under Telegram's limits, through 429s,
restarts, a kill in the middle and people who blocked the bot."""

import asyncio
import inspect
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

import bot.sender as bot_sender
from bot.keyboards import ModuleData, buttons, tap_button
from bot.letters import Letters
from bot.outbox import Outbox
from bot.render import PLAIN
from bot.render_rounds import sent
from bot.round_news import RoundNews
from bot.sender import Sender
from flows.i18n import translator
from storage.calls import BLOCKED
from storage.db import Transactions, open_database
from storage.models import CallStatus, Person, TelegramCall
from tests import councils
from tests.clock import TestClock
from tests.councils import Council
from tests.fake_telegram import FakeTelegram, SimUser
from tests.typography import problems
from usecases import delivery, rounds

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
REMINDER = "Reminder: round"
DAYS = timedelta(days=3)  # REMINDER_EVERY: the first automatic wave is due


async def council(sessions, fake: FakeTelegram, clock: TestClock, members: int) -> Council:
    """A coordinator and ``members`` members, and a round open on the preconditions."""
    people = [fake.user(first_name=f"P{n}") for n in range(members + 1)]
    return await councils.council(sessions, people, clock.now())


@dataclass
class Worker:
    """One bot process's sender and round-news loop (no dispatcher: nobody writes to it)."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    bot: Bot
    sender: Sender
    news: RoundNews

    async def stop(self) -> None:
        await self.sender.stop()
        await self.bot.session.close()
        await self.engine.dispose()


async def worker(url: str, fake: FakeTelegram, clock: TestClock) -> Worker:
    engine, sessions = await open_database(url)
    bot = fake.make_bot(default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    database = Transactions(sessions)
    sender = Sender(bot, database, clock)
    sender.start()
    return Worker(engine, sessions, bot, sender, RoundNews(database, clock, sender))


async def run_until(
    clock: TestClock,
    done: Callable[[], bool | Awaitable[bool]],
    seconds: float = 600,
    step: float = 1.0,
) -> None:
    """Lets the bot work, moving the clock to the next sleeper's wake-up (``step`` at most: a
    task still at work may want to sleep for less) whenever the loop has had a moment; up to
    ``seconds`` of the clock."""
    end = clock.elapsed + seconds
    while True:
        await asyncio.sleep(0.0002)
        finished = done()
        if finished if not inspect.isawaitable(finished) else await finished:
            return
        assert clock.elapsed < end, "not done in time"
        for _ in range(5):  # tasks just woken ask for their next sleep
            await asyncio.sleep(0)
        wakeup = clock.next_wakeup()
        if wakeup is not None:
            clock.advance(min(wakeup, step))


async def delivered(sessions, fake: FakeTelegram, sends: int) -> bool:
    """Once the fake was asked ``sends`` times (the bot here only sends): whether every call is
    settled and stored."""
    return len(fake.requests) >= sends and await settled(sessions)


def reminded(fake: FakeTelegram, people: list[SimUser]) -> Counter[int]:
    """How many reminders each person got."""
    return Counter({p.id: sum(REMINDER in m.text for m in fake.messages(p.id)) for p in people})


async def statuses(sessions) -> Counter[str]:
    async with sessions() as session:
        found = await session.exec(
            select(TelegramCall.status, func.count()).group_by(TelegramCall.status)
        )
        return Counter(dict(found.all()))


@SQLITE_ONLY
async def test_a_thousand_reminders_arrive_once_each_under_telegrams_limits(
    sessionmaker, database_url, fake, clock, caplog
):
    caplog.set_level(logging.INFO)
    group = await council(sessionmaker, fake, clock, 999)
    bot = await worker(database_url, fake, clock)
    try:
        clock.advance(DAYS.total_seconds())
        start = clock.elapsed
        assert await bot.news.announce_due() == 1
        await run_until(clock, lambda: delivered(sessionmaker, fake, 1000), step=0.1)
    finally:
        await bot.stop()

    assert set(reminded(fake, group.people).values()) == {1}
    assert fake.rate_limited == []  # paced under 30 a second: Telegram never had to refuse
    took = clock.elapsed - start
    assert 1000 / 30 < took < 1000 / 20  # and not much slower (benchmarks/broadcast.py: 27)
    assert await statuses(sessionmaker) == {CallStatus.SENT: 1000}
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@SQLITE_ONLY
async def test_a_storm_of_429s_while_reminding_is_waited_out_without_holding_a_claim(
    sessionmaker, database_url, fake, clock, caplog
):
    group = await council(sessionmaker, fake, clock, 39)
    bot = await worker(database_url, fake, clock)
    try:
        clock.advance(DAYS.total_seconds())
        fake.flood("sendMessage", retry_after=5, times=20)
        await bot.news.announce_due()
        await run_until(clock, lambda: refused(sessionmaker))
        for call in await refused(sessionmaker):  # queued again after retry_after, unclaimed
            assert call.status == CallStatus.PENDING and call.claimed_until is None
            assert call.not_before >= clock.now() + timedelta(seconds=4)
        await run_until(clock, lambda: delivered(sessionmaker, fake, 60))
    finally:
        await bot.stop()

    assert set(reminded(fake, group.people).values()) == {1}
    assert len(fake.rate_limited) == 20
    assert all(r.limit == "injected" for r in fake.rate_limited)  # none beyond the storm
    assert await statuses(sessionmaker) == {CallStatus.SENT: 40}
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@SQLITE_ONLY
async def test_a_wave_queued_before_a_restart_is_sent_once_after_it(
    sessionmaker, database_url, fake, clock
):
    group = await council(sessionmaker, fake, clock, 19)
    clock.advance(DAYS.total_seconds())
    first = await worker(database_url, fake, clock)
    await first.sender.stop()  # stopped before it sent anything: the wave is queued
    assert await first.news.announce_due() == 1
    await first.stop()
    assert fake.calls("sendMessage") == []

    again = await worker(database_url, fake, clock)
    try:
        assert await again.news.announce_due() == 0  # queued once, whoever asks
        await run_until(clock, lambda: delivered(again.sessions, fake, 20))
    finally:
        await again.stop()
    assert set(reminded(fake, group.people).values()) == {1}
    assert await statuses(sessionmaker) == {CallStatus.SENT: 20}


@SQLITE_ONLY
async def test_killed_in_the_middle_of_a_broadcast_the_few_in_flight_are_unknown_never_sent_again(
    sessionmaker, database_url, fake, clock
):
    group = await council(sessionmaker, fake, clock, 99)
    clock.advance(DAYS.total_seconds())
    first = await worker(database_url, fake, clock)
    await first.news.announce_due()
    await run_until(clock, lambda: len(fake.calls("sendMessage")) >= 40)
    await kill(first)

    again = await worker(database_url, fake, clock)
    try:
        await run_until(clock, lambda: settled(again.sessions))
        async with again.sessions() as session:
            shown = await progress(session, group, clock)
    finally:
        await again.stop()

    after = reminded(fake, group.people)
    assert set(after.values()) <= {0, 1}  # never twice
    stored = await statuses(sessionmaker)
    assert stored[CallStatus.SENT] + stored[CallStatus.UNKNOWN] == 100
    assert 0 < stored[CallStatus.UNKNOWN] <= 15  # those claimed when it was killed
    lost = sum(1 for n in after.values() if n == 0)
    assert lost <= stored[CallStatus.UNKNOWN]
    [reminders] = [d for d in shown.messages if d.kind == "reminders"]
    assert (reminders.sent, reminders.unknown) == (stored["sent"], stored["unknown"])


async def progress(session, group: Council, clock: TestClock) -> rounds.Progress:
    shown = await rounds.progress(session, group.coordinator, group.initiative, clock.now())
    assert isinstance(shown, rounds.Progress)
    return shown


async def refused(sessions) -> list[TelegramCall]:
    """The calls Telegram refused with a 429, once that is stored."""
    async with sessions() as session:
        found = await session.exec(
            select(TelegramCall).where(col(TelegramCall.error).startswith("flood"))
        )
        return list(found)


async def settled(sessions) -> bool:
    return CallStatus.PENDING not in await statuses(sessions)


async def kill(bot: Worker) -> None:
    """As a SIGKILL would: every task of the sender stops where it is, and what it made and
    had not stored yet is forgotten (nothing of it is written, nothing given back)."""
    sender = Path(bot_sender.__file__).parent
    tasks = [
        task
        for task in asyncio.all_tasks()
        if Path(task.get_coro().cr_code.co_filename).parent == sender  # type: ignore[union-attr]
    ]
    for task in tasks:
        task.cancel()
    bot.sender.settling.take()
    await asyncio.gather(*tasks, return_exceptions=True)
    bot.sender.settling.take()
    await bot.bot.session.close()
    await bot.engine.dispose()


@SQLITE_ONLY
async def test_a_member_who_blocked_the_bot_is_marked_and_left_out_of_later_waves(
    sessionmaker, database_url, fake, clock
):
    group = await council(sessionmaker, fake, clock, 9)
    mia, noa = group.people[3], group.people[7]
    fake.block(mia.id)
    fake.block(noa.id)
    bot = await worker(database_url, fake, clock)
    try:
        clock.advance(DAYS.total_seconds())
        await bot.news.announce_due()
        await run_until(clock, lambda: delivered(sessionmaker, fake, 10))
        async with sessionmaker() as session:
            blocked = await session.exec(
                select(Person.telegram_id).where(col(Person.blocked_at).is_not(None))
            )
            assert sorted(blocked) == sorted([mia.id, noa.id])
            shown = await progress(session, group, clock)
        clock.advance(DAYS.total_seconds())  # the second wave
        await bot.news.announce_due()
        await run_until(clock, lambda: delivered(sessionmaker, fake, 18))
    finally:
        await bot.stop()

    assert {chat for chat, n in reminded(fake, group.people).items() if n == 2} == {
        p.id for p in group.people if p not in (mia, noa)
    }
    assert [c["chat_id"] for c in fake.calls("sendMessage")].count(mia.id) == 1
    [reminders] = [d for d in shown.messages if d.kind == "reminders"]
    assert (reminders.sent, reminders.failed) == (8, ((delivery.BLOCKED_BOT, 2),))
    english = sent(translator("en"), PLAIN, shown.messages)
    assert "Reminders: 8 sent, 2 not delivered (these people blocked the coach)" in english
    french = sent(translator("fr"), PLAIN, shown.messages)
    assert "Relances\u202f: 8 envoyés, 2 non remis (ces personnes ont bloqué le coach)" in french
    assert problems(french) == []
    assert await statuses(sessionmaker) == {CallStatus.SENT: 16, CallStatus.FAILED: 2}
    async with sessionmaker() as session:
        errors = await session.exec(
            select(TelegramCall.error).where(TelegramCall.status == CallStatus.FAILED)
        )
        assert set(errors) == {BLOCKED}


def test_the_same_message_to_many_is_written_once_and_stored_as_each_would_be():
    keyboard = buttons([tap_button("Answer now", ModuleData(initiative=7))])
    long = ["x" * 3000, "y" * 3000]  # two messages to each: the keyboard under the second
    letters, outbox = Letters(), Outbox()
    for box in (letters, outbox):
        for chat in (5, 6, 7):
            box.show(chat, ["Reminder"] if chat != 6 else long, keyboard)
        box.show(8, ["Reminder"])
    assert letters.stored() == [replace(call, prepared=None) for call in outbox.stored()]
