"""The bot's HTTP session: an edit's answer is not parsed, plain calls are posted as JSON,
errors are aiogram's."""

import json
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    GetMe,
    SendDocument,
    SendMessage,
)
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
        SendMessage(chat_id=-100123, text="Noté", message_thread_id=7),
        EditMessageText(chat_id=5, message_id=9, text="Question 2", reply_markup=KEYBOARD),
        EditMessageText(chat_id=-100123, message_id=9, text="Résumé"),
        AnswerCallbackQuery(callback_query_id="abc", text="Enregistré", show_alert=True),
        AnswerCallbackQuery(callback_query_id="abc"),
    ],
)
def test_the_json_body_holds_what_aiogram_would_send(method: TelegramMethod[Any]) -> None:
    bot = build_bot(DEFAULT_TOKEN, "http://127.0.0.1:9")
    session = bot.session
    assert isinstance(session, LeanSession)
    aiogram = {}
    for key, value in method.model_dump(warnings=False).items():
        prepared = session.prepare_value(value, bot=bot, files={})
        if prepared:
            aiogram[key] = prepared

    body = session.json_body(bot, method)

    assert body is not None
    assert json.loads(body) == {key: _decoded(value) for key, value in aiogram.items()}


def test_other_calls_are_left_to_aiogram() -> None:
    bot = build_bot(DEFAULT_TOKEN, "http://127.0.0.1:9")
    session = bot.session
    assert isinstance(session, LeanSession)

    reply = SendMessage(chat_id=5, text="Noté", reply_parameters=ReplyParameters(message_id=3))

    assert session.json_body(bot, reply) is None  # its quote_parse_mode is a default
    assert session.json_body(bot, GetMe()) is None
    assert session.json_body(bot, SendDocument(chat_id=5, document="file-id")) is None


async def test_a_text_posted_as_json_is_shown_as_sent(fake: FakeTelegram) -> None:
    person = fake.user(first_name="Alice")
    bot = build_bot(DEFAULT_TOKEN, fake.url)
    try:
        await fake.send_text(person, "/start")
        sent = await bot(SendMessage(chat_id=person.id, text=QUESTION, reply_markup=KEYBOARD))
    finally:
        await bot.session.close()

    shown = [m for m in fake.messages(person.id) if m.from_bot][-1]
    assert shown.html == QUESTION  # HTML, as the bot's default says
    assert shown.text == QUESTION.replace("<b>", "").replace("</b>", "")
    assert isinstance(sent, Message) and sent.message_id == shown.message_id
    assert [[b.text for b in row] for row in shown.buttons] == [
        ["Tout à fait d’accord 👍"],
        ["« Retour"],
        ["Guide"],
    ]


def _decoded(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value


@pytest.mark.parametrize(
    ("base", "pauses"), [("http://127.0.0.1:8081", []), ("https://x", [0.25])]
)
async def test_closing_pauses_for_tls_only_where_there_is_some(
    base: str, pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []

    async def sleep(delay: float) -> None:
        slept.append(delay)

    bot = build_bot(DEFAULT_TOKEN, base)
    client = await bot.session.create_session()
    monkeypatch.setattr("aiogram.client.session.aiohttp.asyncio.sleep", sleep)
    await bot.session.close()

    assert client.closed
    assert slept == pauses
