"""What became of the calls is written by the next update's transaction under load, and by a
transaction of its own only once no update is being handled."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from sqlmodel import select

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

    try:
        async with sessions.begin() as session:
            first, second = await add_calls(
                session,
                [NewCall(42, "sendMessage", "{}"), NewCall(43, "sendMessage", "{}")],
                now=now,
                claim_until=now,
            )
        with settling.updating():  # one person's update under way, another's call made
            await settle_soon(first.id)
            assert database.begun == 0
            with settling.updating():  # the next update's transaction writes it first
                async with database.begin() as session:
                    assert not await settling.write(session, settling.take())
        assert await statuses() == [CallStatus.SENT, CallStatus.PENDING]
        assert database.begun == 1

        with settling.updating():
            await settle_soon(second.id)
            assert database.begun == 1
            assert await statuses() == [CallStatus.SENT, CallStatus.PENDING]
        await settling.flushed()  # the last update ended: written on its own
        assert database.begun == 2 and await statuses() == [CallStatus.SENT, CallStatus.SENT]
    finally:
        await engine.dispose()
