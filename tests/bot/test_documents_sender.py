"""Documents through the durable sender: stored with their content, sent once after a restart,
never twice when they may have arrived."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import build_bot
from bot.outbox import Outbox
from bot.sender import Sender
from storage import due
from storage.calls import add_calls
from storage.db import Transactions, open_database
from storage.models import CallStatus, TelegramCall
from tests.clock import TestClock
from tests.fake_telegram import DEFAULT_TOKEN, FakeTelegram

CONTENT = '{\n  "name": "Zoé <3"\n}'


@dataclass
class Setup:
    fake: FakeTelegram
    sessions: object
    clock: TestClock
    chat: int

    def sender(self) -> Sender:
        """A sender as a bot process starting anew would make it."""
        return Sender(
            build_bot(DEFAULT_TOKEN, self.fake.url), Transactions(self.sessions), self.clock
        )

    async def store(self, claim_until=None) -> None:
        """A document call stored as /mydata stores it, claimed or not."""
        outbox = Outbox()
        outbox.document(self.chat, "my-data.json", CONTENT, "Your data &amp; more")
        [new] = outbox.stored()
        async with self.sessions.begin() as session:
            await add_calls(session, [new], now=self.clock.now(), claim_until=claim_until)

    async def rows(self) -> list[TelegramCall]:
        async with self.sessions() as session:
            return list(await session.exec(select(TelegramCall)))


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    clock = TestClock(autojump=False)
    engine, sessions = await open_database(f"sqlite+aiosqlite:///{tmp_path}/coach.db")
    async with FakeTelegram(clock=clock) as fake:
        yield Setup(fake, sessions, clock, fake.user().id)
    await engine.dispose()


async def test_a_stored_document_is_sent_once_by_a_sender_starting_anew(setup: Setup) -> None:
    await setup.store()
    sender = setup.sender()
    sender.start()
    try:
        async with asyncio.timeout(10):
            while [row.status for row in await setup.rows()] != [CallStatus.SENT]:
                await asyncio.sleep(0.01)
    finally:
        await sender.stop()
        await sender.bot.session.close()
    [document] = setup.fake.documents(setup.chat)
    assert (document.file_name, document.content.decode()) == ("my-data.json", CONTENT)
    assert setup.fake.last_message(setup.chat).text == "Your data & more"
    assert len(setup.fake.calls("sendDocument")) == 1


async def test_a_document_that_may_have_arrived_is_never_sent_again(setup: Setup) -> None:
    setup.fake.drop_after_delivery("sendDocument")
    sender = setup.sender()
    try:
        await setup.store()
        async with setup.sessions.begin() as session:
            claimed = await due.claim_due(
                session, now=setup.clock.now(), until=sender.claim_until()
            )
        await sender.deliver(claimed)  # made from its stored JSON, answer lost
        await sender.settling.flushed()
        await setup.store(claim_until=setup.clock.now() + timedelta(seconds=15))
        setup.clock.advance(60)  # its worker stopped while sending it: the claim ran out
        async with setup.sessions.begin() as session:
            assert (
                await due.claim_due(session, now=setup.clock.now(), until=sender.claim_until())
                == []
            )
    finally:
        await sender.bot.session.close()
    assert [row.status for row in await setup.rows()] == [CallStatus.UNKNOWN] * 2
    assert len(setup.fake.calls("sendDocument")) == 1
