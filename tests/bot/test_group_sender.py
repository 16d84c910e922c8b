"""The sender and what Telegram does to a group between two posts, with no update telling the
bot (no dispatcher runs here): only the answers to its sends."""

from datetime import UTC, datetime
from pathlib import Path

from aiogram.methods import SendMessage
from sqlmodel import select

from bot.app import build_bot
from bot.sender import Sender
from storage import groups
from storage.calls import NewCall, add_calls
from storage.db import Transactions, open_database
from storage.models import CallStatus, TelegramCall
from storage.repository import create_initiative, local_person
from tests.clock import TestClock
from tests.fake_telegram import DEFAULT_TOKEN, FakeTelegram

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_a_post_follows_a_migration_falls_back_to_general_and_a_403_unlinks(
    tmp_path: Path,
) -> None:
    clock = TestClock(autojump=False)
    engine, sessions = await open_database(f"sqlite+aiosqlite:///{tmp_path}/coach.db")
    async with FakeTelegram(clock=clock) as fake:
        bot = build_bot(DEFAULT_TOKEN, fake.url)
        sender = Sender(bot, Transactions(sessions), clock)
        carla = fake.user(first_name="Carla")
        basic = fake.group(carla, "Council")
        forum = fake.group(carla, "Forum", forum=True)
        for group in (basic, forum):
            await fake.add_bot(group, by=carla)
        topic = await fake.create_topic(forum, carla, "Coach")
        async with sessions.begin() as session:
            person = await local_person(session, local_user="carla")
            for name, group, thread in (("Nord", basic, None), ("Sud", forum, topic)):
                made = await create_initiative(session, name=name, issue=".", creator_id=person.id)
                await groups.add(
                    session,
                    initiative_id=made.id,
                    chat_id=group.id,
                    thread_id=thread,
                    linked_by=person.id,
                    now=NOW,
                )

        async def post(chat: int, thread: int | None = None) -> CallStatus:
            sent = SendMessage(chat_id=chat, text="A round is open", message_thread_id=thread)
            params = sent.model_dump_json(exclude_defaults=True)
            async with sessions.begin() as session:
                claimed = await add_calls(
                    session,
                    [NewCall(chat, "sendMessage", params)],
                    now=clock.now(),
                    claim_until=sender.claim_until(),
                )
            await sender.deliver(claimed)
            await sender.settling.flushed()
            async with sessions() as session:
                (call,) = await session.exec(
                    select(TelegramCall).where(TelegramCall.id == claimed[0].id)
                )
                return CallStatus(call.status)

        try:
            supergroup = await fake.upgrade_to_supergroup(basic, by=carla)
            assert await post(basic.id) is CallStatus.SENT  # the 400 names the new id
            assert [m.text for m in fake.messages(supergroup.id)] == ["A round is open"]
            fake.delete_topic(forum, topic)
            assert await post(forum.id, topic) is CallStatus.SENT
            assert "message_thread_id" not in fake.messages(forum.id)[-1].payload
            async with sessions() as session:
                moved = await groups.of_chat(session, chat_id=supergroup.id)
                general = await groups.of_chat(session, chat_id=forum.id)
            assert moved is not None and general is not None and general.thread_id is None

            await fake.remove_bot(supergroup, by=carla)
            assert await post(supergroup.id) is CallStatus.FAILED  # 403: dropped for good
            async with sessions() as session:
                assert await groups.of_chat(session, chat_id=supergroup.id) is None
                assert await groups.of_chat(session, chat_id=forum.id) is not None
        finally:
            await bot.session.close()
            await engine.dispose()
