"""The sender against a Bot API that cannot be reached at all: a refused connection."""

import socket
from pathlib import Path

from aiogram.methods import EditMessageText, SendMessage
from sqlmodel import select

from bot.app import build_bot
from bot.sender import Sender
from storage.calls import NewCall, add_calls
from storage.db import Transactions, open_database
from storage.models import CallStatus, TelegramCall
from tests.clock import TestClock
from tests.fake_telegram import DEFAULT_TOKEN


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_not_delivered_and_each_call_waits_for_its_retry(
    tmp_path: Path,
) -> None:
    engine, sessions = await open_database(f"sqlite+aiosqlite:///{tmp_path}/coach.db")
    bot = build_bot(DEFAULT_TOKEN, f"http://127.0.0.1:{closed_port()}")
    clock = TestClock(autojump=False)
    sender = Sender(bot, Transactions(sessions), clock)
    send = SendMessage(chat_id=42, text="Hello").model_dump_json(exclude_defaults=True)
    edit = EditMessageText(chat_id=43, message_id=7, text="Q2")
    try:
        async with sessions.begin() as session:
            claimed = await add_calls(
                session,
                [
                    NewCall(42, "sendMessage", send),
                    NewCall(42, "sendMessage", send),
                    NewCall(
                        43, "editMessageText", edit.model_dump_json(exclude_defaults=True), 7, "d"
                    ),
                ],
                now=clock.now(),
                claim_until=sender.claim_until(),
            )
        await sender.deliver(claimed)
        await sender.settling.flushed()
        async with sessions() as session:
            rows = list(await session.exec(select(TelegramCall).order_by(TelegramCall.id)))
    finally:
        await bot.session.close()
        await engine.dispose()

    assert [(row.status, row.attempts) for row in rows] == [
        (CallStatus.PENDING, 1),  # not delivered: tried again later, a message included
        (CallStatus.PENDING, 0),  # waits for the one before it in its chat
        (CallStatus.PENDING, 1),
    ]
    assert all(row.not_before > clock.now() for row in (rows[0], rows[2]))
    assert all(row.claimed_until is None for row in rows)
