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
from tests.test_fake_telegram import running

Chat = tuple[FakeTelegram, Bot, SimUser]
CONTENT = '{"name": "Zoé"}'.encode()


@pytest.fixture
async def chat() -> AsyncIterator[Chat]:
    """The fake on a clock of its own (sending limits), a Bot, and Alice's private chat."""
    async with running(FakeTelegram(clock=TestClock(autojump=False))) as (fake, bot):
        yield fake, bot, fake.user(first_name="Alice")


def upload(content: bytes = CONTENT, name: str = "data.json") -> BufferedInputFile:
    return BufferedInputFile(content, filename=name)


async def test_an_uploaded_document_is_stored_and_returned_as_a_message(chat: Chat) -> None:
    fake, bot, alice = chat
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


async def test_what_telegram_refuses_is_not_stored(chat: Chat) -> None:
    fake, bot, alice = chat
    refused = [
        (42, upload(), None, TelegramBadRequest, "chat not found"),
        (alice.id, upload(b""), None, TelegramBadRequest, "file must be non-empty"),
        (alice.id, "unknown-id", None, TelegramBadRequest, "wrong file identifier"),
        (alice.id, upload(), "é" * 1025, TelegramBadRequest, "message caption is too long"),
        (alice.id, upload(), "<b>x", TelegramBadRequest, "can't parse entities"),
        (alice.id, upload(b"x" * (MAX_UPLOAD + 1)), None, TelegramEntityTooLarge, "Too Large"),
    ]
    for chat_id, document, caption, error, reason in refused:
        with pytest.raises(error, match=reason):
            await bot.send_document(chat_id, document, caption=caption, parse_mode="HTML")
    fake.block(alice.id)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_document(alice.id, upload())
    assert fake.documents(alice.id) == []
    assert fake.rate_limited == []  # refused calls use up no sending limit


async def test_a_caption_is_measured_after_parsing_and_may_be_empty(chat: Chat) -> None:
    fake, bot, alice = chat
    longest = "<i>" + "é" * 1024 + "</i>"
    await bot.send_document(alice.id, upload(), caption=longest, parse_mode="HTML")
    await bot.send_document(alice.id, upload(), caption="", parse_mode="HTML")
    assert [m.text for m in fake.messages(alice.id)] == ["é" * 1024, ""]


async def test_documents_count_against_the_sending_limits(chat: Chat) -> None:
    fake, bot, alice = chat
    await bot.send_message(alice.id, "first")
    for _ in range(2):
        await bot.send_document(alice.id, upload())
    with pytest.raises(TelegramRetryAfter):
        await bot.send_document(alice.id, upload())
    assert fake.rate_limited == [RateLimited("sendDocument", alice.id, 1, "private chat")]


async def test_a_file_part_no_parameter_names_is_an_unknown_parameter(chat: Chat) -> None:
    fake, _, alice = chat
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
