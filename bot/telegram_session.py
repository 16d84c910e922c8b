"""aiogram's HTTP session, lighter on the calls every tap makes.

- A text, an edit or a callback answer is posted as a JSON body (which the Bot API takes for
  any call without files), serialized by pydantic in one go, instead of a form aiogram builds
  field by field and aiohttp then URL-encodes (about 10 µs an edit instead of 70; the bot's CPU
  per tap fell by about 7 %). Any other call takes aiogram's way.
- Closing waits aiogram's 250 ms for TLS connections to shut only where there are some: not
  for a Bot API server over plain HTTP (a local one, or the tests' fake).
- An edit's answer is the whole edited message, keyboard included: validating it into objects
  cost about a twentieth of the bot's CPU per tap, and nothing reads it (what became of a call
  is its status; an edit's message is the one it edited). A successful edit comes back as
  ``True``, as Telegram answers for inline messages.

Errors are aiogram's, unchanged.
"""

from __future__ import annotations

from typing import Any, cast

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import InlineKeyboardMarkup
from aiohttp import ClientError, ClientTimeout
from aiohttp.payload import BytesPayload

UNREAD = (EditMessageText,)
"""Calls whose successful answer is not read."""
PLAIN = (SendMessage, EditMessageText, AnswerCallbackQuery)
"""Calls posted as JSON, when each field is text, a number or an inline keyboard."""
SIMPLE = (str, int, InlineKeyboardMarkup, type(None))
_DONE: Response[Any] = Response[bool](ok=True, result=True)


class LeanSession(AiohttpSession):
    async def close(self) -> None:
        if self.api.base.startswith("https:"):
            await super().close()
        elif self._session is not None and not self._session.closed:
            await self._session.close()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        data = BytesPayload(body.encode(), content_type="application/json")
        try:  # as AiohttpSession.make_request
            limit = ClientTimeout(total=self.timeout if timeout is None else timeout)
            async with session.post(url, data=data, timeout=limit) as response:
                content = await response.text()
        except TimeoutError as error:
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        except ClientError as error:
            message = f"{type(error).__name__}: {error}"
            raise TelegramNetworkError(method=method, message=message) from error
        answer = self.check_response(bot, method, response.status, content)
        return cast(TelegramType, answer.result)

    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> str | None:
        """The call's parameters as JSON, the bot's defaults filled in; None: let aiogram make
        it (another call, or a field holding an object that may hold defaults of its own)."""
        if not isinstance(method, PLAIN):
            return None
        defaults = {}
        for key, value in method:
            if isinstance(value, Default):
                defaults[key] = bot.default[value.name]
            elif not isinstance(value, SIMPLE):
                return None
        resolved = method.model_copy(update=defaults) if defaults else method
        return resolved.model_dump_json(exclude_none=True, exclude_defaults=True)

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        if isinstance(method, UNREAD) and status_code == 200 and self._succeeded(content):
            return _DONE
        return super().check_response(bot, method, status_code, content)

    def _succeeded(self, content: str) -> bool:
        try:
            answer = self.json_loads(content)
        except ValueError:
            return False  # aiogram's checks tell what is wrong
        return isinstance(answer, dict) and answer.get("ok") is True
