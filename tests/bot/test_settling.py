"""What became of the calls is written by the next update's transaction under load, and by a
transaction of its own only once no update is being handled."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from sqlmodel import select

from bot.middlewares import Transaction
from bot.settling import Settling
from storage.calls import NewCall, Outcome, add_calls
from storage.db import Transactions, open_database
from storage.models import CallStatus, TelegramCall
from tests.clock import TestClock


class Counted(Transactions):
    begun = 0

    @contextlib.asynccontextmanager
    async def begin(self) -> AsyncIterator:
        self.begun += 1
        async with super().begin() as session:
            yield session


async def test_outcomes_ride_on_the_next_update_and_are_written_alone_only_when_none_runs(
    tmp_path: Path,
) -> None:
    engine, sessions = await open_database(f"sqlite+aiosqlite:///{tmp_path}/coach.db")
    database, clock = Counted(sessions), TestClock(autojump=False)
    settling = Settling(database, wake=lambda: None)
    now = clock.now()

    async def statuses() -> list[CallStatus]:
        async with sessions() as session:
            rows = await session.exec(select(TelegramCall.status).order_by(TelegramCall.id))
            return list(rows)

    async def settle_soon(call_id: int) -> None:
        settling.record([Outcome(call_id, CallStatus.SENT, now)], [], [], [])
        for _ in range(5):
            await asyncio.sleep(0)  # a transaction of its own would have begun by now

    transaction = Transaction(database, settling)  # the one every update goes through
    release = asyncio.Event()

    async def handled(_event: object, _data: dict) -> None:
        await release.wait()

    async def update(until_released: bool = False) -> asyncio.Task:
        if not until_released:
            release.set()
        task = asyncio.create_task(transaction(handled, None, {}))
        for _ in range(5):
            await asyncio.sleep(0)  # its transaction has begun (or queues for SQLite's writer)
        return task

    try:
        async with sessions.begin() as session:
            first, second = await add_calls(
                session,
                [NewCall(42, "sendMessage", "{}"), NewCall(43, "sendMessage", "{}")],
                now=now,
                claim_until=now,
            )
        running = await update(until_released=True)  # one person's update under way
        await settle_soon(first.id)  # while another's call was made
        assert database.begun == 1
        following = await update()  # the next update's transaction writes it first
        await asyncio.gather(running, following)
        assert database.begun == 2
        assert await statuses() == [CallStatus.SENT, CallStatus.PENDING]

        release.clear()
        running = await update(until_released=True)
        await settle_soon(second.id)
        assert database.begun == 3
        assert await statuses() == [CallStatus.SENT, CallStatus.PENDING]
        release.set()
        await running
        await settling.flushed()  # the last update ended: written on its own
        assert database.begun == 4
        assert await statuses() == [CallStatus.SENT, CallStatus.SENT]
    finally:
        await engine.dispose()
