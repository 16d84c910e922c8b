"""The fake's sendDocument: a real multipart upload from aiogram, checked as Telegram checks it."""

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import BufferedInputFile, Message

from tests.clock import TestClock
from tests.fake_telegram import FakeTelegram, RateLimited, SimUser
from tests.fake_telegram.bot_api import MAX_UPLOAD

CONTENT = '{"name": "Zoé"}'.encode()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(clock=TestClock(autojump=False)) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    client = fake.make_bot()
    yield client
    await client.session.close()


@pytest.fixture
def alice(fake: FakeTelegram) -> SimUser:
    return fake.user(first_name="Alice")


def upload(content: bytes = CONTENT, name: str = "data.json") -> BufferedInputFile:
    return BufferedInputFile(content, filename=name)


async def test_an_uploaded_document_is_stored_and_returned_as_a_message(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    sent = await bot.send_document(
        alice.id, upload(), caption="<b>Your</b> data &amp; more", parse_mode="HTML"
    )

    assert isinstance(sent, Message) and sent.document is not None
    assert (sent.document.file_name, sent.document.file_size) == ("data.json", len(CONTENT))
    assert sent.document.mime_type == "application/json"
    assert sent.caption == "Your data & more"
    assert [e.type for e in sent.caption_entities or []] == ["bold"]
    [document] = fake.documents(alice.id)
    assert (document.file_name, document.content) == ("data.json", CONTENT)
    assert fake.last_message(alice.id).text == "Your data & more"
    again = await bot.send_document(alice.id, sent.document.file_id)  # by file_id: no upload
    assert again.document is not None and again.document.file_id == sent.document.file_id
    assert again.caption is None
    assert fake.requests[0].params["document"].filename == "data.json"
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("text", chat_id=alice.id, message_id=sent.message_id)


@pytest.mark.parametrize(
    ("chat", "document", "caption", "error", "reason"),
    [
        (42, upload(), None, TelegramBadRequest, "chat not found"),
        ("alice", upload(b""), None, TelegramBadRequest, "file must be non-empty"),
        ("alice", "unknown-id", None, TelegramBadRequest, "wrong file identifier"),
        ("alice", upload(), "é" * 1025, TelegramBadRequest, "message caption is too long"),
        ("alice", upload(), "<b>x", TelegramBadRequest, "can't parse entities"),
        ("alice", "too large", None, TelegramEntityTooLarge, "Too Large"),
    ],
)
async def test_what_telegram_refuses(
    fake: FakeTelegram,
    bot: Bot,
    alice: SimUser,
    chat: int | str,
    document: BufferedInputFile | str,
    caption: str | None,
    error: type[Exception],
    reason: str,
) -> None:
    chat_id = alice.id if chat == "alice" else chat
    if document == "too large":  # made here: a parameter this big slows collection down
        document = upload(b"x" * (MAX_UPLOAD + 1))
    with pytest.raises(error, match=reason):
        await bot.send_document(chat_id, document, caption=caption, parse_mode="HTML")
    assert fake.documents(alice.id) == []


async def test_a_caption_is_measured_after_parsing_and_may_be_empty(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    longest = "<i>" + "é" * 1024 + "</i>"
    await bot.send_document(alice.id, upload(), caption=longest, parse_mode="HTML")
    await bot.send_document(alice.id, upload(), caption="", parse_mode="HTML")
    assert [m.text for m in fake.messages(alice.id)] == ["é" * 1024, ""]


async def test_a_blocked_person_gets_no_document(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    fake.block(alice.id)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_document(alice.id, upload())
    assert fake.documents(alice.id) == []


async def test_documents_count_against_the_sending_limits(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    await bot.send_message(alice.id, "first")
    for _ in range(2):
        await bot.send_document(alice.id, upload())
    with pytest.raises(TelegramRetryAfter):
        await bot.send_document(alice.id, upload())
    assert fake.rate_limited == [RateLimited("sendDocument", alice.id, 1, "private chat")]


async def test_a_file_part_no_parameter_names_is_an_unknown_parameter(
    fake: FakeTelegram, alice: SimUser
) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", str(alice.id))
    form.add_field("document", "attach://file")
    form.add_field("other", b"{}", filename="x.json")
    async with aiohttp.ClientSession() as http:
        url = f"{fake.url}/bot{fake.token}/sendDocument"
        async with http.post(url, data=form) as response:
            answer = await response.json()
    assert response.status == 400
    assert 'unknown parameter "other"' in answer["description"]
