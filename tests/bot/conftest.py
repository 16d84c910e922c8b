"""The real bot (aiogram dispatcher, long polling over HTTP) against the fake Bot API server."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import build_bot, build_dispatcher, poll, register_commands
from storage.db import open_database
from tests.fake_telegram import DEFAULT_TOKEN, FakeTelegram, SimUser, StoredMessage


@dataclass
class Coach:
    """One running bot process, in this event loop."""

    fake: FakeTelegram
    database_url: str
    engine: AsyncEngine | None = None
    sessions: async_sessionmaker[AsyncSession] | None = None
    task: asyncio.Task | None = None
    bot: object | None = None

    async def start(self) -> "Coach":
        self.engine, self.sessions = await open_database(self.database_url)
        self.bot = build_bot(DEFAULT_TOKEN, self.fake.url)
        await register_commands(self.bot)
        self.task = asyncio.create_task(poll(build_dispatcher(self.sessions), self.bot, timeout=1))
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
        """Waits until the update's transaction is committed: every reply is sent by then."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            async with self.sessions() as session:
                found = await session.exec(
                    text("SELECT 1 FROM processed_update WHERE update_id = :id"),
                    params={"id": update_id},
                )
                if found.first() is not None:
                    return
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"update {update_id} was not handled in {timeout} s")
            await asyncio.sleep(0.01)


@dataclass
class Member:
    """A person in a private chat with the bot."""

    fake: FakeTelegram
    coach: Coach
    user: SimUser
    seen: list[StoredMessage] = field(default_factory=list)

    @property
    def chat(self) -> int:
        return self.user.id

    async def _act(self, sending) -> list[StoredMessage]:
        mark = self.fake.mark()
        update = await sending
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

    @property
    def screen(self) -> StoredMessage:
        """The bot's last message that has buttons: what the person is looking at."""
        with_buttons = [m for m in self.fake.messages(self.chat) if m.buttons]
        assert with_buttons, "no message with buttons in this chat"
        return with_buttons[-1]

    @property
    def text(self) -> str:
        return "\n".join(message.text for message in self.seen)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/coach.db"


@pytest.fixture
async def coach(fake: FakeTelegram, sqlite_url: str) -> AsyncIterator[Coach]:
    running = await Coach(fake, sqlite_url).start()
    yield running
    await running.stop()


@pytest.fixture
def member(fake: FakeTelegram, coach: Coach):
    def make(first_name: str = "Alice", language_code: str | None = "en", **kwargs) -> Member:
        return Member(
            fake, coach, fake.user(first_name=first_name, language_code=language_code, **kwargs)
        )

    return make
