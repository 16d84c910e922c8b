"""The bot's HTTP session: an edit's answer is not parsed, errors are aiogram's."""

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Message

from bot.app import build_bot
from tests.fake_telegram import DEFAULT_TOKEN, FakeTelegram


async def test_an_edit_comes_back_as_true_and_a_send_as_its_message(fake: FakeTelegram) -> None:
    person = fake.user(first_name="Alice")
    bot = build_bot(DEFAULT_TOKEN, fake.url)
    try:
        await fake.send_text(person, "/start")  # the chat exists
        sent = await bot(SendMessage(chat_id=person.id, text="Question 1"))
        edited = await bot(
            EditMessageText(chat_id=person.id, message_id=sent.message_id, text="Question 2")
        )
        with pytest.raises(TelegramBadRequest, match="not found"):
            await bot(EditMessageText(chat_id=person.id, message_id=999, text="Question 3"))
    finally:
        await bot.session.close()

    assert isinstance(sent, Message) and sent.text == "Question 1"
    assert edited is True
    assert [m.text for m in fake.messages(person.id) if m.from_bot] == ["Question 2"]
