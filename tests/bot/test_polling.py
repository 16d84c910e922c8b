"""The polling loop: a slow update (a chart) holds back no one else, and nothing is confirmed
before it is handled."""

import asyncio
from collections import Counter

from aiogram import Dispatcher
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import Message, Update

from bot.app import build_bot
from bot.middlewares import HandleLater
from bot.polling import poll
from tests.bot.conftest import QUICK_BACKOFF
from tests.fake_telegram import DEFAULT_TOKEN


async def test_a_slow_update_is_left_unconfirmed_while_the_others_are_answered(fake):
    slow, quick = fake.user(first_name="Slow"), fake.user(first_name="Quick")
    release = asyncio.Event()
    handled: Counter[str] = Counter()
    dispatcher = Dispatcher(events_isolation=SimpleEventIsolation())

    @dispatcher.message()
    async def on_message(message: Message) -> None:
        handled[f"{message.from_user.id} {message.text}"] += 1
        if message.from_user.id == slow.id and message.text == "draw":
            await release.wait()

    def drawing_slowly(update: Update) -> bool:
        return update.message is not None and update.message.text == "draw"

    bot = build_bot(DEFAULT_TOKEN, fake.url)
    task = asyncio.create_task(
        poll(dispatcher, bot, timeout=1, slow=drawing_slowly, backoff=QUICK_BACKOFF)
    )
    try:
        drawing = await fake.send_text(slow, "draw")
        await fake.wait_for(lambda: handled, timeout=5)
        later = [await fake.send_text(quick, f"tap {n}") for n in range(3)]
        behind = await fake.send_text(slow, "after")
        # Each of Quick's taps is handled while Slow's first update still runs; Slow's next
        # waits its turn, and nothing from the slow one on is confirmed.
        await fake.wait_for(lambda: len(handled) == 4, timeout=5)
        assert not fake.confirmed(drawing["update_id"])
        assert not any(fake.confirmed(u["update_id"]) for u in later)
        assert handled[f"{slow.id} after"] == 0

        release.set()
        await fake.wait_for(lambda: fake.confirmed(behind["update_id"]), timeout=5)
        assert set(handled.values()) == {1} and len(handled) == 5
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await bot.session.close()


async def test_an_update_left_for_later_is_fed_again_with_the_ones_after_it(fake):
    person = fake.user()
    failures = iter([True])
    handled: list[str] = []
    dispatcher = Dispatcher(events_isolation=SimpleEventIsolation())

    @dispatcher.message()
    async def on_message(message: Message) -> None:
        if message.text == "first" and next(failures, False):
            raise HandleLater
        handled.append(message.text or "")

    bot = build_bot(DEFAULT_TOKEN, fake.url)
    task = asyncio.create_task(poll(dispatcher, bot, timeout=1, backoff=QUICK_BACKOFF))
    try:
        first = await fake.send_text(person, "first")
        second = await fake.send_text(person, "second")
        await fake.wait_for(lambda: fake.confirmed(second["update_id"]), timeout=10)
        assert fake.confirmed(first["update_id"])
        assert handled[-2:] == ["first", "second"] and handled.count("first") == 1
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await bot.session.close()
