"""The real bot (aiogram dispatcher, long polling over HTTP) against the fake Bot API server."""

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import pytest
from aiogram.utils.backoff import BackoffConfig
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import build_bot, build_dispatcher, register_commands
from bot.chart_worker import ChartWorker
from bot.middlewares import Transaction
from bot.polling import poll
from flows.model import ModuleId
from storage import repository as repo
from storage import walks
from storage.db import Transactions, open_database
from storage.models import AnswerHistory, CallStatus, Person, TelegramCall
from tests.bot import processes
from tests.bot.test_walkthrough_e2e import create_initiative
from tests.clock import TestClock
from tests.fake_telegram import (
    DEFAULT_TOKEN,
    CallbackRecord,
    FakeTelegram,
    SimUser,
    StoredMessage,
)

QUICK_BACKOFF = BackoffConfig(min_delay=0.02, max_delay=0.2, factor=1.5, jitter=0.1)
"""The polling loop's pause after a failure, in the real time these tests wait: short."""


@pytest.fixture(scope="session")
def _forkserver() -> None:
    processes.warm()


@pytest.fixture
def forkserver(request: pytest.FixtureRequest, _forkserver: None) -> None:
    """For a test whose bot or chart worker runs in a process of its own."""
    assert request.node.nodeid.startswith(processes.FORKED), "list it in processes.FORKED"


@dataclass
class Coach:
    """One running bot process, in this event loop."""

    fake: FakeTelegram
    database_url: str
    clock: TestClock | None = None
    engine: AsyncEngine | None = None
    sessions: async_sessionmaker[AsyncSession] | None = None
    task: asyncio.Task | None = None
    writes: Transactions | None = None
    """The running bot's own way to write: a test that writes while it runs queues with it
    (SQLite has one writer; one waiting in its busy handler would hold the event loop)."""
    bot: object | None = None
    charts: ChartWorker | None = None
    """The chart worker process; None: the dispatcher's own, started at the first chart."""

    async def start(self) -> "Coach":
        self.engine, self.sessions = await open_database(self.database_url)
        self.bot = build_bot(DEFAULT_TOKEN, self.fake.url)
        await register_commands(self.bot)
        dispatcher = build_dispatcher(self.sessions, self.bot, self.clock, charts=self.charts)
        self.writes = next(
            m.database for m in dispatcher.update.outer_middleware if isinstance(m, Transaction)
        )
        self.task = asyncio.create_task(
            poll(dispatcher, self.bot, timeout=1, backoff=QUICK_BACKOFF)
        )
        return self

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.bot is not None:
            await self.bot.session.close()
        if self.engine is not None:
            await self.engine.dispose()

    async def processed(self, update_id: int, timeout: float = 10.0) -> None:
        """Waits until the bot confirmed the update to Telegram: its replies are sent by then.

        In polling mode the loop confirms a batch once it is handled, so an update that leaves
        no trace (ignored, filtered or redelivered) is waited for the same way.
        """
        await self.fake.wait_for(lambda: self.fake.confirmed(update_id), timeout)
        await self.drain(timeout)

    async def drain(self, timeout: float = 10.0) -> None:
        """Waits until no call to Telegram is pending, moving the clock on while calls wait
        (for a retry's time, or for a sender asleep until the clock moves)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        for polls in itertools.count(1):
            async with self.sessions() as session:
                pending = await session.exec(
                    select(TelegramCall.not_before).where(
                        TelegramCall.status == CallStatus.PENDING
                    )
                )
                waits = list(pending)
            if not waits:
                return
            if loop.time() > deadline:
                raise TimeoutError(f"{len(waits)} calls still pending")
            if isinstance(self.clock, TestClock):
                later = [wait for wait in waits if wait > self.clock.now()]
                if later:
                    self.clock.advance((min(later) - self.clock.now()).total_seconds())
                elif polls % 5 == 0:
                    self.clock.advance(1.0)
            await asyncio.sleep(0.01)

    async def person(self, member: "Member") -> Person:
        async with self.sessions() as session:
            found = await session.exec(select(Person).where(Person.telegram_id == member.chat))
            return found.one()

    async def snapshot(self, member: "Member") -> dict:
        """What the database holds for a person, through the repository: compare before/after.

        Leaves out bookkeeping (versions, timestamps, the message on screen).
        """
        async with self.sessions() as session:
            found = await session.exec(select(Person).where(Person.telegram_id == member.chat))
            person = found.one_or_none()
            if person is None:
                return {}
            shot: dict = {
                "person": (person.active_initiative_id, person.locale, person.pending),
                "blocked": person.blocked_at is not None,
            }
            for initiative, role in await repo.memberships(session, person_id=person.id):
                key = (initiative.id, initiative.name, role)
                states = {}
                for module in ModuleId:
                    state, _, _ = await walks.load_walk(
                        session, person_id=person.id, initiative_id=initiative.id, module=module
                    )
                    states[module] = state
                answers = await walks.all_answers(
                    session, person_id=person.id, initiative_id=initiative.id
                )
                codes = (initiative.member_code, initiative.coach_code)
                shot[key] = (codes, states, answers)
            history = await session.exec(
                select(AnswerHistory).where(AnswerHistory.person_id == person.id)
            )
            shot["history"] = len(history.all())
            return shot

    async def history(self, member: "Member", item_id: str) -> list[AnswerHistory]:
        """Every answer ever saved by this person to one item."""
        async with self.sessions() as session:
            person = await self.person(member)
            rows = await session.exec(
                select(AnswerHistory)
                .where(AnswerHistory.person_id == person.id, AnswerHistory.item_id == item_id)
                .order_by(col(AnswerHistory.id))
            )
            return list(rows.all())


@dataclass
class Member:
    """A person in a private chat with the bot."""

    fake: FakeTelegram
    coach: Coach
    user: SimUser
    seen: list[StoredMessage] = field(default_factory=list)
    update: dict | None = None
    """The last update this person sent."""

    @property
    def chat(self) -> int:
        return self.user.id

    async def _act(self, sending) -> list[StoredMessage]:
        if isinstance(self.coach.clock, TestClock):
            self.coach.clock.advance(HUMAN_PAUSE)
        mark = self.fake.mark()
        update = await sending
        self.update = update
        await self.coach.processed(update["update_id"])
        self.seen = self.fake.sent_after(mark, self.chat)
        return self.seen

    async def say(self, text: str) -> list[StoredMessage]:
        return await self._act(self.fake.send_text(self.user, text))

    async def command(self, command: str, payload: str | None = None) -> list[StoredMessage]:
        return await self._act(self.fake.send_command(self.user, command, payload))

    async def tap(self, label: str, message: StoredMessage | None = None) -> list[StoredMessage]:
        message = message or self.screen
        button = message.button(label)
        return await self._act(self.fake.press(self.user, message, button.callback_data))

    async def send(self, sending) -> list[StoredMessage]:
        """Any update the fake makes for this person: ``alice.send(fake.send_sticker(...))``."""
        return await self._act(sending)

    async def press_raw(self, data: str, message: StoredMessage | None = None):
        """A tap with any callback data, as if on ``message`` (default: the screen)."""
        message_id = (message or self.screen).message_id
        return await self._act(self.fake.press_raw(self.user, message_id, data))

    @property
    def answer(self) -> CallbackRecord:
        """How the bot answered the last tap (``.answered``, ``.answer["text"]``)."""
        assert self.update is not None and "callback_query" in self.update
        return self.fake.callbacks[self.update["callback_query"]["id"]]

    @property
    def screen(self) -> StoredMessage:
        """The bot's last message that has buttons: what the person is looking at."""
        with_buttons = [m for m in self.fake.messages(self.chat) if m.buttons]
        assert with_buttons, "no message with buttons in this chat"
        return with_buttons[-1]

    @property
    def text(self) -> str:
        return "\n".join(message.text for message in self.seen)


HUMAN_PAUSE = 3.0
"""Seconds a person takes between two actions: Telegram's per-chat limit has refilled by then."""


@pytest.fixture
def clock() -> TestClock:
    """The time of the bot and of the fake Telegram: it moves when the test says (or a person
    acts), so flood control and retries need no real waiting."""
    return TestClock(autojump=False)


@pytest.fixture
async def fake(clock: TestClock) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(clock=clock) as server:
        yield server


@pytest.fixture
async def coach(fake: FakeTelegram, sqlite_url: str, clock: TestClock) -> AsyncIterator[Coach]:
    running = await Coach(fake, sqlite_url, clock).start()
    yield running
    await running.stop()


@pytest.fixture
def member(fake: FakeTelegram, coach: Coach):
    def make(first_name: str = "Alice", language_code: str | None = "en", **kwargs) -> Member:
        return Member(
            fake, coach, fake.user(first_name=first_name, language_code=language_code, **kwargs)
        )

    return make


def initiatives_in(snapshot: dict) -> dict[tuple, tuple]:
    """The initiatives of a ``coach.snapshot``: (id, name, role) -> (codes, walks, answers)."""
    return {key: value for key, value in snapshot.items() if isinstance(key, tuple)}


def answers_in(snapshot: dict) -> dict:
    """The answers of a snapshot's only initiative, by module."""
    [(_, _, answers)] = initiatives_in(snapshot).values()
    return answers


async def at_first_question(person: Member, name: str = "Quartier Nord") -> int | None:
    """``person`` creates an initiative and opens the first question of the preconditions;
    returns the id of that initiative, now the active one."""
    await create_initiative(person, name)
    await person.tap(person.screen.buttons[0][0].text)
    await person.tap("Begin ▶")
    assert "Preconditions · question 1 of 3" in person.text
    return (await person.coach.person(person)).active_initiative_id


def callback_data_sent(fake: FakeTelegram) -> list[str]:
    """Every callback_data the bot asked Telegram to show, accepted or not."""
    return [
        button["callback_data"]
        for request in fake.requests
        if isinstance(markup := request.params.get("reply_markup"), dict)
        for row in markup.get("inline_keyboard", [])
        for button in row
        if "callback_data" in button
    ]


@pytest.fixture
def telegram_rules(fake: FakeTelegram) -> Iterator[None]:
    """After the test: every button's data fit in 64 bytes and every tap was answered."""
    yield
    assert [data for data in callback_data_sent(fake) if len(data.encode()) > 64] == []
    assert fake.unanswered_callbacks() == []
