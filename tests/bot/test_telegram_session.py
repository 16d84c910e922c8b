"""The bot's HTTP session: an edit's answer is not parsed, plain forms are built directly,
errors are aiogram's."""

import json
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, GetMe, SendMessage
from aiogram.methods.base import TelegramMethod
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters

from bot.app import build_bot
from bot.telegram_session import LeanSession
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


QUESTION = "<b>Question 1</b> sur 3 : « Urgence »"
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text="Tout à fait d’accord 👍", callback_data="w:1:a:champions:5")],
        [InlineKeyboardButton(text="« Retour", callback_data="w:1:b:champions:0")],
        [InlineKeyboardButton(text="Guide", url="https://example.org/guide")],
    ]
)


@pytest.mark.parametrize(
    "method",
    [
        SendMessage(
            chat_id=5, text="<b>Question 1</b> sur 3 : « Urgence »", reply_markup=KEYBOARD
        ),
        SendMessage(chat_id=5, text="Plain", parse_mode=None, disable_notification=False),
        EditMessageText(chat_id=5, message_id=9, text="Question 2", reply_markup=KEYBOARD),
        EditMessageText(chat_id=-100123, message_id=9, text="Résumé"),
        AnswerCallbackQuery(callback_query_id="abc", text="Enregistré", show_alert=True),
        AnswerCallbackQuery(callback_query_id="abc"),
    ],
)
def test_the_plain_form_holds_what_aiogram_would_send(method: TelegramMethod[Any]) -> None:
    bot = build_bot(DEFAULT_TOKEN, "http://127.0.0.1:9")
    session = bot.session
    assert isinstance(session, LeanSession)
    aiogram = {}
    for key, value in method.model_dump(warnings=False).items():
        prepared = session.prepare_value(value, bot=bot, files={})
        if prepared:
            aiogram[key] = prepared

    lean = session.plain_fields(bot, method)

    assert lean is not None
    assert [key for key, _ in lean] == list(aiogram)
    assert {key: _decoded(value) for key, value in lean} == {
        key: _decoded(value) for key, value in aiogram.items()
    }


def test_a_field_it_does_not_know_leaves_the_form_to_aiogram() -> None:
    bot = build_bot(DEFAULT_TOKEN, "http://127.0.0.1:9")
    session = bot.session
    assert isinstance(session, LeanSession)
    reply = SendMessage(chat_id=5, text="Noté", reply_parameters=ReplyParameters(message_id=3))

    assert session.plain_fields(bot, reply) is None
    assert session.plain_fields(bot, GetMe()) is None


def _decoded(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value
