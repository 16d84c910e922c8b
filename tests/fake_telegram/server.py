"""The fake Telegram Bot API server: HTTP on 127.0.0.1, fault injection, simulated people."""

import asyncio
import dataclasses
import itertools
import logging
import socket
import time
from dataclasses import dataclass
from typing import Any, Self

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from . import people
from .bot_api import HANDLERS, BotApi
from .errors import ApiError, bad_request, too_many_requests
from .people import SimUser
from .records import ApiRequest, CallbackRecord, Params, StoredMessage
from .spec import canonical_names, check_params, load_methods
from .updates import Update

DEFAULT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
logger = logging.getLogger(__name__)


class LoopbackSession(AiohttpSession):
    """aiogram's session minus the 250 ms pause on close meant for TLS; loopback has no TLS."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


@dataclass
class _Fault:
    method: str
    error: ApiError
    remaining: int
    chat_id: int | str | None

    def matches(self, method: str, params: Params) -> bool:
        return self.method == method.lower() and self.chat_id in (None, params.get("chat_id"))


class FakeTelegram(BotApi):
    """Serves /bot<token>/<method> on 127.0.0.1; use `async with FakeTelegram() as fake`."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        callback_expiry: float = 15.0,
        webhook_max_attempts: int = 5,
        webhook_retry_delay: float = 0.05,
        bot_username: str = "coach_test_bot",
    ) -> None:
        super().__init__(token, callback_expiry=callback_expiry, bot_username=bot_username)
        self.webhook_sender.max_attempts = webhook_max_attempts
        self.webhook_sender.retry_delay = webhook_retry_delay
        self._faults: list[_Fault] = []
        self._delays: dict[str, float] = {}
        self._callback_ids = itertools.count(4_000_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._user_ids = itertools.count(100_001)
        self._runner: web.AppRunner | None = None
        self._port = 0

    # lifecycle

    async def start(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        self._polling.close()
        await self.webhook_sender.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def make_bot(self, token: str | None = None, **kwargs: Any) -> Bot:
        """An aiogram Bot talking to this server; close it with `await bot.session.close()`."""
        session = LoopbackSession(api=TelegramAPIServer.from_base(self.url))
        return Bot(token or self.token, session=session, **kwargs)

    # fault injection

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """The next `times` calls of `method` (to `chat_id` if given) fail with this error."""
        error = ApiError(error_code, description, retry_after)
        self._faults.append(_Fault(method.lower(), error, times, chat_id))

    def flood(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        self._faults.append(_Fault(method.lower(), too_many_requests(retry_after), times, None))

    def block(self, chat_id: int | str) -> None:
        """The person blocked the bot: sends and edits to the chat answer 403 until unblock."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int | str) -> None:
        self._blocked.discard(chat_id)

    def delay(self, method: str, seconds: float) -> None:
        """Every call of `method` waits `seconds` before it is answered; 0 removes the delay."""
        self._delays[method.lower()] = seconds

    # simulated people

    def user(
        self,
        id: int | None = None,
        first_name: str = "Alice",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> SimUser:
        person = SimUser(
            id=next(self._user_ids) if id is None else id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self._chats[person.id] = person.private_chat()
        return person

    async def send_text(self, user: SimUser, text: str) -> Update:
        return self._user_message(user, self._private_chat(user), people.text_content(text))

    async def send_command(
        self, user: SimUser, command: str, payload: str | None = None
    ) -> Update:
        text = command if command.startswith("/") else f"/{command}"
        return await self.send_text(user, text if payload is None else f"{text} {payload}")

    async def send_group_text(self, user: SimUser, group_chat_id: int, text: str) -> Update:
        chat = self._chats.setdefault(group_chat_id, people.group_chat(group_chat_id))
        return self._user_message(user, chat, people.text_content(text))

    async def send_sticker(self, user: SimUser, emoji: str = "👍") -> Update:
        content = people.sticker(self._file_id("sticker"), emoji)
        return self._user_message(user, self._private_chat(user), content)

    async def send_photo(self, user: SimUser, caption: str | None = None) -> Update:
        content = people.with_caption(people.photo(self._file_id("photo")), caption)
        return self._user_message(user, self._private_chat(user), content)

    async def send_voice(self, user: SimUser, duration: int = 3) -> Update:
        content = people.voice(self._file_id("voice"), duration)
        return self._user_message(user, self._private_chat(user), content)

    async def send_document(
        self,
        user: SimUser,
        file_name: str = "notes.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> Update:
        content = people.document(self._file_id("document"), file_name, mime_type)
        return self._user_message(
            user, self._private_chat(user), people.with_caption(content, caption)
        )

    async def send_location(
        self, user: SimUser, latitude: float = 48.8566, longitude: float = 2.3522
    ) -> Update:
        content = people.location(latitude, longitude)
        return self._user_message(user, self._private_chat(user), content)

    async def edit_text(self, user: SimUser, message_id: int, text: str) -> Update:
        """The person edits one of their own text messages: an edited_message update."""
        original = self._messages.get(user.id, {}).get(message_id)
        if original is None or original.from_bot:
            raise ValueError(f"user {user.id} has no message {message_id} to edit")
        payload = {key: value for key, value in original.payload.items() if key != "entities"}
        payload |= people.text_content(text) | {"edit_date": int(time.time())}
        self._store(dataclasses.replace(original, text=text, html=text, payload=payload))
        return self._emit({"edited_message": payload})

    async def press(
        self, user: SimUser, message: StoredMessage | int, callback_data: str
    ) -> Update:
        """The person taps a button the bot's message shows now; an int id means their chat."""
        message_id = message if isinstance(message, int) else message.message_id
        chat_id = user.id if isinstance(message, int) else message.chat_id
        current = self._messages.get(chat_id, {}).get(message_id)
        if current is None or not current.from_bot:
            raise ValueError(f"no bot message {message_id} in chat {chat_id}")
        shown = [button.callback_data for row in current.buttons for button in row]
        if callback_data not in shown:
            raise ValueError(f"message {message_id} has no button {callback_data!r}: {shown}")
        return self._callback(user, chat_id, message_id, current.payload, callback_data)

    async def press_raw(
        self, user: SimUser, message_id: int, data: str, chat_id: int | None = None
    ) -> Update:
        """A callback query with any data, even for a message that is gone (forged or stale)."""
        chat_id = user.id if chat_id is None else chat_id
        current = self._messages.get(chat_id, {}).get(message_id)
        chat = self._chats.get(chat_id, user.private_chat())
        payload = (
            current.payload if current else {"chat": chat, "message_id": message_id, "date": 0}
        )
        return self._callback(user, chat_id, message_id, payload, data)

    async def inject_update(self, update: Update) -> Update:
        """Queues a raw update as given; it gets the next update_id when it has none."""
        body = {key: value for key, value in update.items() if key != "update_id"}
        return self._emit(body, update.get("update_id"))

    async def redeliver(self, update_id: int) -> Update:
        """Sends an already delivered update again, with the same update_id."""
        update = self._history[update_id]
        self._dispatch(update, redelivery=True)
        return update

    def _private_chat(self, user: SimUser) -> Params:
        return self._chats.setdefault(user.id, user.private_chat())

    def _file_id(self, kind: str) -> str:
        return f"fake-{kind}-{next(self._file_ids)}"

    def _user_message(self, user: SimUser, chat: Params, content: Params) -> Update:
        message_id = self._next_message_id(chat["id"])
        payload = {
            "message_id": message_id,
            "from": user.as_api(),
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        text = str(content.get("text") or content.get("caption") or "")
        entities = tuple(content.get("entities", ()))
        self._store(
            StoredMessage(chat["id"], message_id, False, text, text, entities, None, payload)
        )
        return self._emit({"message": payload})

    def _callback(
        self, user: SimUser, chat_id: int, message_id: int, message: Params, data: str
    ) -> Update:
        query_id = str(next(self._callback_ids))
        self.callbacks[query_id] = CallbackRecord(
            query_id, user.id, chat_id, message_id, data, time.monotonic()
        )
        query = {
            "id": query_id,
            "from": user.as_api(),
            "message": message,
            "chat_instance": f"ci{chat_id}",
            "data": data,
        }
        return self._emit({"callback_query": query})

    # HTTP

    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            result = await self._call(request)
        except ApiError as error:
            return web.json_response(error.body(), status=error.error_code)
        except Exception as error:
            logger.exception("fake Telegram server bug")
            bug = ApiError(500, f"Internal Server Error: bug in the fake server: {error!r}")
            return web.json_response(bug.body(), status=500)
        return web.json_response({"ok": True, "result": result})

    async def _call(self, request: web.Request) -> Any:
        if request.match_info["token"] != self.token or self.logged_out:
            raise ApiError(401, "Unauthorized")
        name = canonical_names().get(request.match_info["method"].lower())
        if name is None:
            raise ApiError(404, "Not Found")
        params = raw = await _read_params(request)
        try:
            params = check_params(load_methods()[name], raw)
        finally:
            self.requests.append(ApiRequest(name, params))
        handler = HANDLERS.get(name)
        if handler is None:
            raise bad_request(f"method not implemented by the fake: {name}")
        if seconds := self._delays.get(name.lower()):
            await asyncio.sleep(seconds)
        self._raise_injected_fault(name, params)
        return await handler(self, params)

    def _raise_injected_fault(self, name: str, params: Params) -> None:
        for fault in self._faults:
            if fault.matches(name, params):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                raise fault.error


async def _read_params(request: web.Request) -> Params:
    params: Params = dict(request.query)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        return params | body
    if request.can_read_body:
        params |= dict(await request.post())
    return params
