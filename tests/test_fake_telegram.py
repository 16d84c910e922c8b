"""The fake Bot API server, driven by the real aiogram Bot over HTTP on 127.0.0.1."""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    CallbackQuery,
    ChatMemberBanned,
    ChatMemberMember,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tests.clock import TestClock
from tests.fake_telegram import (
    IMPLEMENTED_METHODS,
    FakeTelegram,
    InjectedFailure,
    RateLimited,
    RateLimits,
    SimUser,
    load_methods,
    parse_html,
    utf16_len,
)
from tests.fake_telegram import spec as spec_module
from tests.fake_telegram.errors import NOT_MODIFIED, POLL_CONFLICT, QUERY_TOO_OLD, WEBHOOK_CONFLICT

ALICE = "<alice's chat id>"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    client = fake.make_bot()
    yield client
    await client.session.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@contextlib.asynccontextmanager
async def running(fake: FakeTelegram) -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    """A fake made in the test (own clock or limits) and an aiogram Bot talking to it."""
    async with fake:
        client = fake.make_bot()
        try:
            yield fake, client
        finally:
            await client.session.close()


@pytest.fixture
def alice(fake: FakeTelegram) -> SimUser:
    return fake.user(id=2**40, first_name="Alice", language_code="fr")


async def raw_call(
    http: aiohttp.ClientSession,
    fake: FakeTelegram,
    method: str,
    *,
    form: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
    token: str | None = None,
) -> tuple[int, dict[str, Any]]:
    url = f"{fake.url}/bot{token or fake.token}/{method}"
    async with http.post(url, data=form, json=body) as response:
        return response.status, await response.json()


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data) for text, data in row]
            for row in rows
        ]
    )


class _Receiver:
    """A webhook endpoint on 127.0.0.1 that records what it gets."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.received.append((await request.json(), secret))
        status = self.statuses.pop(0) if self.statuses else 200
        return web.json_response({}, status=status)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        await self.start_app(app)

    async def start_app(self, app: web.Application) -> None:
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/hook"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


# transport, routing, spec


async def test_get_me_and_routing(
    fake: FakeTelegram, bot: Bot, http: aiohttp.ClientSession
) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "coach_test_bot")

    status, answer = await raw_call(http, fake, "GETme")
    assert (status, answer["ok"]) == (200, True)

    status, answer = await raw_call(http, fake, "getMe", token="654321:wrong")
    assert (status, answer) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )

    status, answer = await raw_call(http, fake, "sendMessages")
    assert (status, answer) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


async def test_wrong_token_surfaces_in_aiogram(fake: FakeTelegram) -> None:
    intruder = fake.make_bot(token="654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await intruder.get_me()
    finally:
        await intruder.session.close()


async def test_every_implemented_method_matches_the_spec() -> None:
    spec = load_methods()
    for name, required in IMPLEMENTED_METHODS.items():
        assert name in spec, f"{name} is not a Bot API method"
        assert set(required) == set(spec[name].required), name
    assert {"sendMessage", "getUpdates", "answerCallbackQuery"} <= set(IMPLEMENTED_METHODS)


def test_missing_spec_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(spec_module, "METHODS_INDEX", tmp_path / "methods-index.json")
    with pytest.raises(FileNotFoundError, match="fake_telegram/botapi/methods-index.json"):
        spec_module.load_methods.__wrapped__()


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"chat_idd": ALICE, "text": "hi"}, 'unknown parameter "chat_idd"'),
        ({"chat_id": ALICE}, "message text is empty"),
        ({"text": "hi"}, "chat_id is required"),
        ({"chat_id": ALICE, "text": "hi", "reply_markup": "{not json"}, '"reply_markup" must be'),
        ({"chat_id": ALICE, "text": "hi", "disable_notification": "maybe"}, "must be Boolean"),
        ({"chat_id": ALICE, "text": "hi", "reply_to_msg_id": "1"}, "unknown parameter"),
        ({"chat_id": ALICE, "text": "hi", "reply_to_message_id": "9"}, "replied not found"),
    ],
)
async def test_parameters_are_checked_against_the_spec(
    fake: FakeTelegram,
    http: aiohttp.ClientSession,
    alice: SimUser,
    params: dict[str, str],
    reason: str,
) -> None:
    form = {key: str(alice.id) if value == ALICE else value for key, value in params.items()}
    status, answer = await raw_call(http, fake, "sendMessage", form=form)
    assert status == 400
    assert answer["description"].startswith("Bad Request: ")
    assert reason in answer["description"]


async def test_json_and_form_bodies_and_unimplemented_methods(
    fake: FakeTelegram, http: aiohttp.ClientSession, alice: SimUser
) -> None:
    status, answer = await raw_call(
        http, fake, "sendmessage", body={"chat_id": alice.id, "text": "json"}
    )
    assert (status, answer["result"]["text"]) == (200, "json")
    status, answer = await raw_call(
        http, fake, "sendMessage", form={"chat_id": str(alice.id), "text": "form"}
    )
    assert (status, answer["result"]["message_id"]) == (200, 2)

    multipart = aiohttp.FormData()
    multipart.add_field("chat_id", str(alice.id))
    multipart.add_field("text", "multipart", content_type="text/plain")
    async with http.post(f"{fake.url}/bot{fake.token}/sendMessage", data=multipart) as response:
        assert (response.status, (await response.json())["result"]["text"]) == (200, "multipart")

    status, answer = await raw_call(http, fake, "sendVideo", body={"chat_id": 1, "video": "x"})
    assert status == 400
    assert answer["description"] == "Bad Request: method not implemented by the fake: sendVideo"
    assert [request.method for request in fake.requests] == [
        "sendMessage",
        "sendMessage",
        "sendMessage",
        "sendVideo",
    ]
    assert fake.requests[0].params == {"chat_id": alice.id, "text": "json"}


# text rules


async def test_aiogram_bot_defaults_are_accepted(fake: FakeTelegram, alice: SimUser) -> None:
    defaults = DefaultBotProperties(
        parse_mode="HTML", link_preview_is_disabled=True, protect_content=True
    )
    bot = fake.make_bot(default=defaults)
    try:
        await bot.send_message(alice.id, "see <a href='https://example.org'>this</a>")
    finally:
        await bot.session.close()
    assert fake.last_message(alice.id).text == "see this"


async def test_reply_to_a_missing_message(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    asked = await fake.send_text(alice, "question?")
    await bot.send_message(
        alice.id,
        "answer",
        reply_parameters=ReplyParameters(message_id=asked["message"]["message_id"]),
    )
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(alice.id, "lost", reply_parameters=ReplyParameters(message_id=99))


async def test_html_message_is_stored_as_seen(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    sent = await bot.send_message(
        alice.id, "<b>Hi</b> &amp; <i>bienvenue</i> 😀", parse_mode="HTML"
    )
    shown = fake.last_message(alice.id)
    assert shown.text == sent.text == "Hi & bienvenue 😀"
    assert shown.html == "<b>Hi</b> &amp; <i>bienvenue</i> 😀"
    assert [(e["type"], e["offset"], e["length"]) for e in shown.entities] == [
        ("bold", 0, 2),
        ("italic", 5, 9),
    ]
    plain = await bot.send_message(alice.id, "<b> stays raw")
    assert plain.text == "<b> stays raw"
    assert plain.message_id == sent.message_id + 1


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("Score <b", "Unclosed start tag at byte offset 6"),
        ("Tom & Jerry", 'Character "&" at byte offset 4 must be escaped'),
        ("é <x>hi</x>", 'Unsupported start tag "x" at byte offset 3'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("&nbsp;", 'Character "&" at byte offset 0'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_html_parse_errors(bot: Bot, alice: SimUser, html: str, reason: str) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(alice.id, html, parse_mode="HTML")
    assert caught.value.message.startswith(f"Bad Request: can't parse entities: {reason}")


def test_html_parser_entities() -> None:
    parsed = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><a href="https://e.org/?a=1&b=2">'
        'l</a><blockquote expandable>q</blockquote><span class="tg-spoiler">s</span>&#x1F600;'
    )
    assert parsed.text == "x = 1lqs😀"
    assert [e["type"] for e in parsed.entities] == [
        "pre",
        "text_link",
        "expandable_blockquote",
        "spoiler",
    ]
    assert parsed.entities[0]["language"] == "python"
    assert parsed.entities[1]["url"] == "https://e.org/?a=1&b=2"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("<b>" + "a" * 4096 + "</b>", True),
        ("<b>" + "a" * 4097 + "</b>", False),
        ("&amp;" * 4096, True),
        ("😀" * 2048, True),
        ("😀" * 2048 + "a", False),
        ("é" * 4096, True),
    ],
)
async def test_length_is_counted_after_parsing_in_utf16(
    fake: FakeTelegram, bot: Bot, alice: SimUser, text: str, accepted: bool
) -> None:
    if accepted:
        sent = await bot.send_message(alice.id, text, parse_mode="HTML")
        assert utf16_len(fake.last_message(alice.id).text) == utf16_len(sent.text or "") == 4096
    else:
        with pytest.raises(TelegramBadRequest, match="message is too long"):
            await bot.send_message(alice.id, text, parse_mode="HTML")


@pytest.mark.parametrize("text", ["<b></b>", "  \n ", "<i> </i>"])
async def test_empty_after_parsing(bot: Bot, alice: SimUser, text: str) -> None:
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(alice.id, text, parse_mode="HTML")


async def test_only_html_parse_mode(bot: Bot, alice: SimUser) -> None:
    with pytest.raises(TelegramBadRequest, match="MarkdownV2 is not supported by the fake"):
        await bot.send_message(alice.id, "*hi*", parse_mode="MarkdownV2")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(42, "who?")


# keyboards


@pytest.mark.parametrize(
    ("data", "accepted"),
    [("é" * 32, True), ("é" * 32 + "a", False), ("", False), ("a" * 64, True)],
)
async def test_callback_data_is_limited_in_bytes(
    fake: FakeTelegram, http: aiohttp.ClientSession, alice: SimUser, data: str, accepted: bool
) -> None:
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": data}]]}
    status, answer = await raw_call(
        http,
        fake,
        "sendMessage",
        form={"chat_id": str(alice.id), "text": "pick", "reply_markup": json.dumps(markup)},
    )
    if accepted:
        assert status == 200
        assert fake.last_message(alice.id).button("Go").callback_data == data
    else:
        assert (status, answer["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")


async def test_keyboard_size_limits(bot: Bot, alice: SimUser) -> None:
    row = [(str(n), f"n{n}") for n in range(8)]
    await bot.send_message(alice.id, "eight", reply_markup=keyboard(row))
    with pytest.raises(TelegramBadRequest, match="too many buttons in a row"):
        await bot.send_message(alice.id, "nine", reply_markup=keyboard([*row, ("9", "n9")]))
    with pytest.raises(TelegramBadRequest, match=r"too many buttons \(at most 100\)"):
        await bot.send_message(alice.id, "101", reply_markup=keyboard(*[row] * 12, row[:5]))
    await bot.send_message(alice.id, "100", reply_markup=keyboard(*[row] * 12, row[:4]))
    text_only = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="x")]])
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(alice.id, "bare", reply_markup=text_only)


# edits


async def test_edits(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    menu = keyboard([("Yes", "y"), ("No", "n")])
    sent = await bot.send_message(alice.id, "<b>Ready?</b>", parse_mode="HTML", reply_markup=menu)

    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_text(
            "<b>Ready?</b>",
            chat_id=alice.id,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=menu,
        )
    assert caught.value.message == NOT_MODIFIED

    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=alice.id, message_id=999)

    await bot.edit_message_text("Ready?", chat_id=alice.id, message_id=sent.message_id)
    shown = fake.last_message(alice.id)
    assert (shown.text, shown.entities, shown.buttons, shown.edited) == ("Ready?", (), [], True)

    await bot.edit_message_reply_markup(
        chat_id=alice.id, message_id=sent.message_id, reply_markup=menu
    )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=alice.id, message_id=sent.message_id, reply_markup=menu
        )
    assert [b.text for b in fake.last_message(alice.id).buttons[0]] == ["Yes", "No"]

    await bot.delete_message(alice.id, sent.message_id)
    assert fake.messages(alice.id) == []
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(alice.id, sent.message_id)


async def test_user_messages_cannot_be_edited_by_the_bot(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    update = await fake.send_text(alice, "mine")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text(
            "yours", chat_id=alice.id, message_id=update["message"]["message_id"]
        )


# callbacks


async def test_answer_callback_query(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    sent = await bot.send_message(alice.id, "Ready?", reply_markup=keyboard([("Yes", "y")]))
    first = await fake.press(alice, fake.last_message(alice.id), "y")
    second = await fake.press(alice, sent.message_id, "y")
    first_id = first["callback_query"]["id"]
    assert first_id != second["callback_query"]["id"]
    assert [r.id for r in fake.unanswered_callbacks()] == [
        first_id,
        second["callback_query"]["id"],
    ]

    assert await bot.answer_callback_query(first_id, text="Noted") is True
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.answer_callback_query(first_id)
    assert caught.value.message == QUERY_TOO_OLD
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(second["callback_query"]["id"], text="x" * 201)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("12345")
    assert fake.callbacks[first_id].answer["text"] == "Noted"
    assert [r.id for r in fake.unanswered_callbacks()] == [second["callback_query"]["id"]]

    with pytest.raises(ValueError, match="no button 'n'"):
        await fake.press(alice, sent.message_id, "n")


async def test_callback_query_expires(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    fake.callback_expiry = 0.05
    await bot.send_message(alice.id, "Ready?", reply_markup=keyboard([("Yes", "y")]))
    update = await fake.press_raw(alice, 999, "forged")
    assert update["callback_query"]["message"]["date"] == 0
    await asyncio.sleep(0.1)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(update["callback_query"]["id"])


# fault injection


async def test_flood_surfaces_as_retry_after(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    fake.flood("sendMessage", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(alice.id, "hi")
    assert caught.value.retry_after == 7
    assert "Too Many Requests: retry after 7" in caught.value.message
    await bot.send_message(alice.id, "hi again")
    assert [m.text for m in fake.messages(alice.id)] == ["hi again"]


async def test_fail_next_for_one_chat(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    bob = fake.user(first_name="Bob")
    fake.fail_next("SENDMESSAGE", 400, "Bad Request: chat not found", chat_id=bob.id, times=2)
    await bot.send_message(alice.id, "fine")
    for _ in range(2):
        with pytest.raises(TelegramBadRequest, match="chat not found"):
            await bot.send_message(bob.id, "lost")
    await bot.send_message(bob.id, "back")
    assert fake.last_message(bob.id).text == "back"


async def test_blocked_user(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    bob = fake.user(first_name="Bob")
    fake.block(alice.id)
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(alice.id, "hello")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(alice.id, "typing")
    await bot.send_message(bob.id, "hello")
    fake.unblock(alice.id)
    await bot.send_chat_action(alice.id, "typing")
    assert fake.chat_actions == [(alice.id, "typing")]


async def test_delay(fake: FakeTelegram, bot: Bot) -> None:
    fake.delay("getMe", 0.2)
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.2


# getUpdates


async def test_get_updates_offsets(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    ids = [(await fake.send_text(alice, f"m{n}"))["update_id"] for n in range(4)]
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates(limit=1)] == ids[:1]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates()] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[3:]
    assert [u.update_id for u in await bot.get_updates()] == ids[3:]
    assert await bot.get_updates(offset=ids[3] + 1) == []

    await fake.redeliver(ids[3])
    again = await bot.get_updates(offset=ids[3] + 1)
    assert [u.update_id for u in again] == [ids[3]]
    assert again[0].message is not None and again[0].message.text == "m3"


async def test_drop_pending_updates(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    await fake.send_text(alice, "sent while the bot was down")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []
    kept = await fake.send_text(alice, "after the restart")
    assert [u.update_id for u in await bot.get_updates()] == [kept["update_id"]]


async def test_long_poll_returns_when_an_update_arrives(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    async def later() -> None:
        await asyncio.sleep(0.05)
        await fake.send_text(alice, "wake up")

    started = time.monotonic()
    updates, _ = await asyncio.gather(bot.get_updates(timeout=5), later())
    assert [u.message.text for u in updates if u.message] == ["wake up"]
    assert time.monotonic() - started < 1


async def test_second_poller_terminates_the_first(fake: FakeTelegram, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for(lambda: len(fake.calls("getUpdates")) == 1)
    await asyncio.sleep(0.02)
    assert await bot.get_updates() == []
    with pytest.raises(TelegramConflictError) as caught:
        await first
    assert caught.value.message == POLL_CONFLICT


async def test_allowed_updates_filter_new_updates(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    await fake.send_text(alice, "ignored")
    await bot.send_message(alice.id, "pick", reply_markup=keyboard([("A", "a")]))
    await fake.press(alice, fake.last_message(alice.id), "a")
    updates = await bot.get_updates()
    assert [u.event_type for u in updates] == ["callback_query"]


# webhooks


async def test_webhook_delivery_with_secret_and_retry(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    receiver = _Receiver(statuses=[500])
    await receiver.start()
    try:
        pending = await fake.send_text(alice, "queued before the webhook")
        assert await bot.set_webhook(receiver.url, secret_token="s3cr3t-_X")
        with pytest.raises(TelegramConflictError) as caught:
            await bot.get_updates()
        assert caught.value.message == WEBHOOK_CONFLICT
        later = [await fake.send_text(alice, f"m{n}") for n in range(3)]

        await fake.wait_for(lambda: len(receiver.received) == 5)
        got = [update["update_id"] for update, _ in receiver.received]
        expected = [pending["update_id"], *(u["update_id"] for u in later)]
        assert got == [expected[0], *expected]
        assert {secret for _, secret in receiver.received} == {"s3cr3t-_X"}
        assert [a.status for a in fake.webhook_log[:2]] == [500, 200]

        info = await bot.get_webhook_info()
        assert info.url == receiver.url
        assert (
            info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        )

        await fake.redeliver(later[0]["update_id"])
        await fake.wait_for(lambda: len(receiver.received) == 6)
        assert receiver.received[-1][0] == later[0]
    finally:
        await receiver.stop()


async def test_webhook_rejects_bad_secret(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="secret token"):
        await bot.set_webhook("https://example.org/hook", secret_token="no spaces")
    with pytest.raises(TelegramBadRequest, match="HTTPS URL must be provided"):
        await bot.set_webhook("ftp://example.org/hook")


async def test_webhook_gives_up_and_polling_resumes(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    fake.webhook_sender.max_attempts = 2
    receiver = _Receiver(statuses=[502] * 10)
    await receiver.start()
    try:
        await bot.set_webhook(receiver.url)
        update = await fake.send_text(alice, "lost")
        await fake.wait_for(lambda: len(fake.webhook_log) == 2)
        await asyncio.sleep(0.2)
        assert len(receiver.received) == 2
        assert await bot.delete_webhook()
        assert await bot.get_updates() == []
        await fake.redeliver(update["update_id"])
        assert [u.update_id for u in await bot.get_updates()] == [update["update_id"]]
    finally:
        await receiver.stop()


# commands


async def test_commands_per_scope_and_language(bot: Bot, fake: FakeTelegram) -> None:
    await bot.set_my_commands(
        [BotCommand(command="start", description="Commencer")], language_code="fr"
    )
    await bot.set_my_commands(
        [BotCommand(command="help", description="Help")], scope=BotCommandScopeAllPrivateChats()
    )
    french = await bot.get_my_commands(language_code="fr")
    assert [(c.command, c.description) for c in french] == [("start", "Commencer")]
    assert await bot.get_my_commands() == []
    assert fake.commands({"type": "all_private_chats"}) == [
        {"command": "help", "description": "Help"}
    ]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="x")])
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_DESCRIPTION_INVALID"):
        await bot.set_my_commands([BotCommand(command="start", description="x" * 257)])
    with pytest.raises(TelegramBadRequest, match="BOT_COMMANDS_TOO_MUCH"):
        await bot.set_my_commands(
            [BotCommand(command=f"c{n}", description="d") for n in range(101)]
        )
    assert await bot.delete_my_commands(language_code="fr")
    assert await bot.get_my_commands(language_code="fr") == []


async def test_a_chat_has_its_own_menu(bot: Bot, fake: FakeTelegram, alice: SimUser) -> None:
    """Telegram shows a private chat its own list first, then all private chats', then the
    default one, each in the person's language first."""
    await bot.set_my_commands([BotCommand(command="help", description="Help")])
    await bot.set_my_commands([BotCommand(command="aide", description="Aide")], language_code="fr")
    assert [c["command"] for c in fake.menu(alice.id, "fr")] == ["aide"]
    assert [c["command"] for c in fake.menu(alice.id, "en-GB")] == ["help"]
    own = [BotCommand(command="members", description="Members")]
    await bot.set_my_commands(own, scope=BotCommandScopeChat(chat_id=alice.id))
    assert [c["command"] for c in fake.menu(alice.id, "fr")] == ["members"]
    assert [c["command"] for c in fake.menu(alice.id + 1, "fr")] == ["aide"]
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.set_my_commands(own, scope=BotCommandScopeChat(chat_id=alice.id + 1))
    assert await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=alice.id))
    assert [c["command"] for c in fake.menu(alice.id, "fr")] == ["aide"]


# simulated people


async def test_simulated_updates_parse_in_aiogram(fake: FakeTelegram, alice: SimUser) -> None:
    sent = await fake.send_command(alice, "/start", payload="invite-42")
    updates = [
        sent,
        await fake.send_sticker(alice),
        await fake.send_photo(alice, caption="look"),
        await fake.send_voice(alice),
        await fake.send_document(alice),
        await fake.send_location(alice),
        await fake.edit_text(alice, sent["message"]["message_id"], "/start other"),
        await fake.send_group_text(alice, -1001234567890, "hello @coach_test_bot"),
        await fake.press_raw(alice, 77, "stale"),
    ]
    parsed = [Update.model_validate(update) for update in updates]
    assert [u.update_id for u in parsed] == sorted({u.update_id for u in parsed})

    start = parsed[0].message
    assert start is not None and start.text == "/start invite-42"
    assert start.chat.id == alice.id == start.from_user.id  # type: ignore[union-attr]
    assert start.entities is not None
    assert (start.entities[0].type, start.entities[0].length) == ("bot_command", 6)
    kinds = [u.message.content_type for u in parsed[1:6] if u.message]
    assert kinds == ["sticker", "photo", "voice", "document", "location"]
    assert parsed[6].edited_message is not None and parsed[6].edited_message.edit_date
    assert parsed[7].message is not None and parsed[7].message.chat.type == "supergroup"
    assert parsed[8].callback_query is not None and parsed[8].callback_query.data == "stale"


async def test_end_to_end_with_a_polling_dispatcher(fake: FakeTelegram, alice: SimUser) -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(
            f"Bonjour <b>{message.from_user.first_name}</b>",  # type: ignore[union-attr]
            reply_markup=keyboard([("OK", "ok")]),
        )

    @router.callback_query(F.data == "ok")
    async def ok(callback: CallbackQuery) -> None:
        await callback.answer()
        await callback.message.edit_text("Merci")  # type: ignore[union-attr]

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = fake.make_bot(default=DefaultBotProperties(parse_mode="HTML"))
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, polling_timeout=1, handle_signals=False)
    )
    try:
        await fake.send_command(alice, "/start")
        greeting = await fake.next_bot_message(alice.id)
        assert (greeting.text, greeting.html) == ("Bonjour Alice", "Bonjour <b>Alice</b>")
        await fake.press(alice, greeting, greeting.button("OK").callback_data or "")
        edited = await fake.next_bot_message(alice.id)
        assert (edited.message_id, edited.text, edited.buttons) == (
            greeting.message_id,
            "Merci",
            [],
        )
        await fake.wait_for(lambda: not fake.unanswered_callbacks())
    finally:
        await dispatcher.stop_polling()
        await polling


async def test_end_to_end_with_aiogram_webhook_handler(fake: FakeTelegram, alice: SimUser) -> None:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(f"echo: {message.text}")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = fake.make_bot()
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token="hook-secret").register(app, path="/hook")
    receiver = _Receiver(statuses=[])
    await receiver.start_app(app)
    try:
        await bot.set_webhook(receiver.url, secret_token="hook-secret")
        await fake.send_text(alice, "one")
        await fake.send_text(alice, "two")
        first = await fake.next_bot_message(alice.id)
        second = await fake.next_bot_message(alice.id)
        assert {first.text, second.text} == {"echo: one", "echo: two"}
        assert {a.status for a in fake.webhook_log} == {200}
    finally:
        await receiver.stop()
        await bot.session.close()


# the method table


def test_the_method_table_is_kept_in_the_repository() -> None:
    repository = Path(__file__).resolve().parents[1]
    assert spec_module.METHODS_INDEX.is_relative_to(repository)
    assert json.loads(spec_module.METHODS_INDEX.read_text())["version"] == "Bot API 10.1"
    source = (spec_module.SPEC_DIR / "SOURCE.md").read_text()
    assert "PaulSonOfLars/telegram-bot-api-spec" in source
    assert "MIT License" in source and "Copyright (c) 2020 Paul Larsen" in source


# virtual time


async def test_message_dates_and_callback_expiry_follow_the_clock(
    clock: TestClock,
) -> None:
    async with running(FakeTelegram(clock=clock)) as (fake, bot):
        alice = fake.user()
        said = await fake.send_text(alice, "hi")
        assert said["message"]["date"] == int(clock.now().timestamp())
        clock.advance(3600)
        sent = await bot.send_message(alice.id, "Ready?", reply_markup=keyboard([("Y", "y")]))
        assert sent.date == clock.now()

        early = await fake.press(alice, sent.message_id, "y")
        late = await fake.press(alice, sent.message_id, "y")
        clock.advance(14)
        assert await bot.answer_callback_query(early["callback_query"]["id"])
        clock.advance(2)
        with pytest.raises(TelegramBadRequest, match="query is too old"):
            await bot.answer_callback_query(late["callback_query"]["id"])

        clock.advance(60)
        edited = await bot.edit_message_text("Go", chat_id=alice.id, message_id=sent.message_id)
        assert isinstance(edited, Message)
        assert edited.edit_date == int(clock.now().timestamp())
        assert edited.date == sent.date


# sending limits


async def test_a_private_chat_gets_a_burst_of_three_then_one_a_second(clock: TestClock) -> None:
    async with running(FakeTelegram(clock=clock)) as (fake, bot):
        alice, bob = fake.user(), fake.user(first_name="Bob")
        sent = [await bot.send_message(alice.id, f"m{n}") for n in range(3)]
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(alice.id, "one too many")
        assert caught.value.retry_after == 1
        assert "Too Many Requests: retry after 1" in caught.value.message
        assert [m.text for m in fake.messages(alice.id)] == ["m0", "m1", "m2"]
        assert fake.rate_limited == [RateLimited("sendMessage", alice.id, 1, "private chat")]

        await bot.send_message(bob.id, "another chat is not held back")
        for n in range(5):  # edits are not sends
            await bot.edit_message_text(f"e{n}", chat_id=alice.id, message_id=sent[0].message_id)
        clock.advance(0.4)
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(alice.id, "still too early")
        assert caught.value.retry_after == 1  # 0.6 s left, rounded up
        clock.advance(0.6)
        await bot.send_message(alice.id, "m3")
        clock.advance(10)  # the bucket refills to three, no more
        for n in range(3):
            await bot.send_message(alice.id, f"burst {n}")
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(alice.id, "and no fourth")


async def test_a_bot_waiting_out_retry_after_finishes_at_once(clock: TestClock) -> None:
    async def send_patiently(bot: Bot, chat_id: int, text: str) -> None:
        while True:
            try:
                await bot.send_message(chat_id, text)
                return
            except TelegramRetryAfter as flood:
                await clock.sleep(flood.retry_after)

    async with running(FakeTelegram(clock=clock)) as (fake, bot):
        alice = fake.user()
        started = time.monotonic()
        for n in range(6):
            await send_patiently(bot, alice.id, f"m{n}")
        assert time.monotonic() - started < 2
        assert clock.elapsed == 3
        assert [m.text for m in fake.messages(alice.id)] == [f"m{n}" for n in range(6)]
        assert [r.retry_after for r in fake.rate_limited] == [1, 1, 1]


async def test_a_group_gets_twenty_a_minute(clock: TestClock) -> None:
    async with running(FakeTelegram(clock=clock)) as (fake, bot):
        alice = fake.user()
        group = -1001234567890
        await fake.send_group_text(alice, group, "hello")
        for n in range(20):
            await bot.send_message(group, f"g{n}")
            clock.advance(1)
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(group, "over")
        assert caught.value.retry_after == 40  # the first of the 20 went out 20 s ago
        assert fake.rate_limited[-1] == RateLimited("sendMessage", group, 40, "group chat")
        clock.advance(40)
        await bot.send_message(group, "in the next minute")


async def test_thirty_sends_a_second_overall_and_tighter_limits(clock: TestClock) -> None:
    limits = RateLimits(overall_per_second=4, private_burst=2)
    async with running(FakeTelegram(clock=clock, rate_limits=limits)) as (fake, bot):
        people = [fake.user(first_name=f"P{n}") for n in range(3)]
        for person in people[:2]:
            for _ in range(2):
                await bot.send_message(person.id, "hi")
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(people[2].id, "fifth in a second")
        assert fake.rate_limited[-1].limit == "overall"
        clock.advance(1)
        await bot.send_message(people[2].id, "next second")
        fake.set_rate_limits(False)
        for _ in range(10):
            await bot.send_message(people[2].id, "no limits")
        assert len(fake.messages(people[2].id)) == 11


async def test_rate_limits_can_be_switched_off() -> None:
    async with running(FakeTelegram(rate_limits=False)) as (unlimited, bot):
        bob = unlimited.user()
        for n in range(40):
            await bot.send_message(bob.id, f"m{n}")
        assert len(unlimited.messages(bob.id)) == 40
        assert unlimited.rate_limited == []


# failures as Telegram has them


async def test_an_injected_server_error_is_not_delivered(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    fake.fail_next("sendMessage", 500, "Internal Server Error")
    mark = fake.mark()
    with pytest.raises(TelegramServerError, match="Internal Server Error"):
        await bot.send_message(alice.id, "lost")
    assert fake.messages(alice.id) == [] and fake.sent_after(mark) == []
    assert fake.calls("sendMessage") == [{"chat_id": alice.id, "text": "lost"}]
    assert fake.injected_failures == [InjectedFailure("sendMessage", alice.id, 500, "fail_next")]
    fake.flood("sendMessage", retry_after=3)
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(alice.id, "also lost")
    assert fake.rate_limited == [RateLimited("sendMessage", alice.id, 3, "injected")]
    assert fake.messages(alice.id) == []


async def _send_many(bot: Bot, chat_id: int, count: int) -> list[int]:
    """Sends `count` messages; the HTTP status of each answer (200, or the error code)."""
    statuses = []
    for n in range(count):
        try:
            await bot.send_message(chat_id, f"m{n}")
            statuses.append(200)
        except TelegramServerError as error:
            statuses.append(502 if "Bad Gateway" in error.message else 500)
    return statuses


async def test_random_failures_are_seeded_and_not_delivered() -> None:
    outcomes = []
    for _ in range(2):
        async with running(FakeTelegram(rate_limits=False)) as (fake, bot):
            alice = fake.user()
            fake.fail_randomly(0.5, seed=7)
            statuses = await _send_many(bot, alice.id, 30)
            assert await bot.get_me()  # start-up calls are spared
            delivered = [m.text for m in fake.messages(alice.id)]
            assert delivered == [f"m{n}" for n, status in enumerate(statuses) if status == 200]
            failed = [status for status in statuses if status != 200]
            assert [f.error_code for f in fake.injected_failures] == failed
            assert {f.source for f in fake.injected_failures} == {"random"}
            assert {500, 502} <= set(statuses) and 200 in statuses
            fake.stop_failing()
            assert await _send_many(bot, alice.id, 5) == [200] * 5
            outcomes.append(statuses)
    assert outcomes[0] == outcomes[1]


async def test_random_failures_of_chosen_methods(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    fake.fail_randomly(1.0, codes=[503], methods=["sendChatAction"])
    await bot.send_message(alice.id, "sends are spared")
    with pytest.raises(TelegramServerError):
        await bot.send_chat_action(alice.id, "typing")
    assert fake.chat_actions == []
    assert fake.injected_failures == [InjectedFailure("sendChatAction", alice.id, 503, "random")]
    with pytest.raises(ValueError, match="between 0 and 1"):
        fake.fail_randomly(1.5)


async def test_an_answer_lost_after_delivery(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    fake.drop_after_delivery("sendMessage")
    menu = keyboard([("Yes", "y")])
    with pytest.raises(TelegramNetworkError, match="ServerDisconnectedError"):
        await bot.send_message(alice.id, "Ready?", reply_markup=menu)
    assert [m.text for m in fake.messages(alice.id)] == ["Ready?"]
    assert fake.duplicates(alice.id) == []
    retried = await bot.send_message(alice.id, "Ready?", reply_markup=menu)  # the bot retries
    assert [m.message_id for m in fake.duplicates(alice.id)] == [retried.message_id]

    pressed = await fake.press(alice, retried.message_id, "y")
    fake.drop_after_delivery("editMessageText", chat_id=alice.id)
    fake.drop_after_delivery("answerCallbackQuery")
    with pytest.raises(TelegramNetworkError):
        await bot.edit_message_text("Go", chat_id=alice.id, message_id=retried.message_id)
    assert fake.last_message(alice.id).text == "Go"
    with pytest.raises(TelegramNetworkError):
        await bot.answer_callback_query(pressed["callback_query"]["id"])
    assert fake.unanswered_callbacks() == []
    assert [(f.method, f.source) for f in fake.injected_failures] == [
        ("sendMessage", "drop"),
        ("editMessageText", "drop"),
        ("answerCallbackQuery", "drop"),
    ]


async def test_a_failed_call_does_not_use_up_a_drop(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    fake.drop_after_delivery("sendMessage", times=2)
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(alice.id, "x", reply_parameters=ReplyParameters(message_id=99))
    for _ in range(2):
        with pytest.raises(TelegramNetworkError):
            await bot.send_message(alice.id, "kept")
    await bot.send_message(alice.id, "answered")
    assert [m.text for m in fake.messages(alice.id)] == ["kept", "kept", "answered"]


# blocking


def _membership(update: Update) -> ChatMemberUpdated:
    assert update.my_chat_member is not None
    return update.my_chat_member


async def test_blocking_tells_the_bot(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    await bot.get_updates()  # no allowed_updates: Telegram's default includes my_chat_member
    await fake.user_blocks(alice)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(alice.id, "hello?")
    with pytest.raises(ValueError, match="already blocked"):
        await fake.user_blocks(alice)

    (blocked,) = await bot.get_updates()
    change = _membership(blocked)
    assert (change.chat.id, change.chat.type) == (alice.id, "private")
    assert change.from_user.id == alice.id
    assert isinstance(change.old_chat_member, ChatMemberMember)
    assert isinstance(change.new_chat_member, ChatMemberBanned)
    assert change.new_chat_member.user.id == fake.bot_id
    assert change.new_chat_member.until_date.timestamp() == 0

    await fake.user_unblocks(alice)
    await bot.send_message(alice.id, "welcome back")
    (unblocked,) = await bot.get_updates(offset=blocked.update_id + 1)
    change = _membership(unblocked)
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("kicked", "member")
    with pytest.raises(ValueError, match="has not blocked"):
        await fake.user_unblocks(alice)


async def test_blocking_is_told_only_to_a_bot_that_listens(
    fake: FakeTelegram, bot: Bot, alice: SimUser
) -> None:
    router = Router()
    router.message.register(lambda message: None)
    deaf = Dispatcher()
    deaf.include_router(router)
    await bot.get_updates(allowed_updates=deaf.resolve_used_update_types())
    await fake.user_blocks(alice)
    await fake.user_unblocks(alice)
    said = await fake.send_text(alice, "hi")
    assert [u.update_id for u in await bot.get_updates()] == [said["update_id"]]

    listening = Dispatcher()
    listening.my_chat_member.register(lambda event: None)
    await bot.get_updates(
        offset=said["update_id"] + 1, allowed_updates=listening.resolve_used_update_types()
    )
    await fake.user_blocks(alice)
    assert [u.event_type for u in await bot.get_updates()] == ["my_chat_member"]


# what people saw


async def test_duplicates_and_order(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    bob = fake.user(first_name="Bob")
    menu = keyboard([("A", "a")])
    first = await bot.send_message(alice.id, "Pick", reply_markup=menu)
    await bot.send_message(alice.id, "Pick")  # no buttons: another message
    await bot.send_message(bob.id, "Pick", reply_markup=menu)  # another chat
    await bot.edit_message_text("Picked", chat_id=alice.id, message_id=first.message_id)
    assert fake.duplicates(alice.id) == []
    said = await fake.send_text(alice, "again?")
    assert said["message"]["message_id"] == 3
    again = await bot.send_message(alice.id, "Pick", reply_markup=menu)
    (twice,) = fake.duplicates(alice.id)
    assert (twice.message_id, twice.text) == (again.message_id, "Pick")
    assert fake.duplicates(bob.id) == []

    assert [(m.message_id, m.text) for m in fake.messages(alice.id)] == [
        (1, "Picked"),
        (2, "Pick"),
        (4, "Pick"),
    ]
    assert [(m.chat_id, m.text, m.edited) for m in fake.sent_after(0)] == [
        (alice.id, "Pick", False),
        (alice.id, "Pick", False),
        (bob.id, "Pick", False),
        (alice.id, "Picked", True),
        (alice.id, "Pick", False),
    ]
