"""Documents through the durable sender: stored with their content, sent once by a sender
starting anew, never twice when they may have arrived."""

import asyncio
from datetime import timedelta
from pathlib import Path

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
from tests.test_fake_telegram_photos import png

CONTENT = '{\n  "name": "Zoé <3"\n}'


async def test_a_stored_document_is_sent_once_and_never_again_when_it_may_have_arrived(
    tmp_path: Path,
) -> None:
    clock = TestClock(autojump=False)
    engine, sessions = await open_database(f"sqlite+aiosqlite:///{tmp_path}/coach.db")

    async def store(chat: int, claim_until=None) -> None:
        """A document call as /mydata stores it, a reply to an update (the sender gets only its
        row)."""
        outbox = Outbox()
        outbox.document(chat, "my-data.json", CONTENT, "Your data &amp; more")
        async with sessions.begin() as session:
            await add_calls(
                session, outbox.stored(), now=clock.now(), update_id=chat, claim_until=claim_until
            )

    async def statuses() -> list[str]:
        async with sessions() as session:
            rows = await session.exec(select(TelegramCall.status).order_by(TelegramCall.id))
            return list(rows)

    async with FakeTelegram(clock=clock) as fake:
        alice, bob, carl = (fake.user().id for _ in range(3))
        sender = Sender(build_bot(DEFAULT_TOKEN, fake.url), Transactions(sessions), clock)
        try:
            await store(alice)
            sender.start()  # as after a restart: the call is taken from the database
            async with asyncio.timeout(10):
                while await statuses() != [CallStatus.SENT]:
                    await asyncio.sleep(0.01)
            await sender.stop()

            fake.drop_after_delivery("sendDocument")
            await store(bob)
            async with sessions.begin() as session:
                claimed = await due.claim_due(session, now=clock.now(), until=clock.now())
            await sender.deliver(claimed)  # delivered, but the answer was lost
            await sender.settling.flushed()
            await store(carl, claim_until=clock.now() + timedelta(seconds=15))
            clock.advance(60)  # its worker stopped while sending it: the claim ran out
            async with sessions.begin() as session:
                assert await due.claim_due(session, now=clock.now(), until=clock.now()) == []
            stored = await statuses()
        finally:
            await sender.bot.session.close()
            await engine.dispose()

        [document] = fake.documents(alice)
        assert (document.file_name, document.content.decode()) == ("my-data.json", CONTENT)
        assert fake.last_message(alice).text == "Your data & more"
        assert len(fake.documents(bob)) == 1 and fake.documents(carl) == []
        assert len(fake.calls("sendDocument")) == 2
    assert stored == [CallStatus.SENT, CallStatus.UNKNOWN, CallStatus.UNKNOWN]


async def test_stored_charts_are_sent_from_the_database_as_albums(tmp_path: Path) -> None:
    """Eleven images: an album of ten and one photo, their bytes as they were drawn."""
    clock = TestClock(autojump=False)
    engine, sessions = await open_database(f"sqlite+aiosqlite:///{tmp_path}/coach.db")
    images = [png(20 + n, 10) for n in range(11)]
    async with FakeTelegram(clock=clock) as fake:
        alice = fake.user().id
        outbox = Outbox()
        outbox.photos(alice, images, "Round &lt;Winter&gt;")
        async with sessions.begin() as session:
            await add_calls(session, outbox.stored(), now=clock.now(), update_id=1)
        sender = Sender(build_bot(DEFAULT_TOKEN, fake.url), Transactions(sessions), clock)
        try:
            sender.start()  # as after a restart: the calls are taken from the database
            async with asyncio.timeout(10):
                while len(fake.photos(alice)) < 11:
                    clock.advance(1)
                    await asyncio.sleep(0.01)
            await sender.stop()
        finally:
            await sender.bot.session.close()
            await engine.dispose()
        assert [p.content for p in fake.photos(alice)] == images
        assert [r.method for r in fake.requests if r.method.startswith("send")] == [
            "sendMediaGroup",
            "sendPhoto",
        ]
        assert fake.messages(alice)[0].text == "Round <Winter>"
