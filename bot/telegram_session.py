"""aiogram's HTTP session, lighter on the calls every tap makes.

- An edit's answer is the whole edited message, keyboard included: validating it into objects
  cost about a twentieth of the bot's CPU per tap, and nothing reads it (what became of a call
  is its status; an edit's message is the one it edited). A successful edit comes back as
  ``True``, as Telegram answers for inline messages.
- The form of a text, an edit or a callback answer is built from its fields directly, the
  keyboard serialized in one go, instead of walking every button's fields (another
  twentieth). Any other field, or any other call, takes aiogram's way.

Errors are aiogram's, unchanged.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import InlineKeyboardMarkup
from aiohttp import FormData

UNREAD = (EditMessageText,)
"""Calls whose successful answer is not read."""
PLAIN = (SendMessage, EditMessageText, AnswerCallbackQuery)
"""Calls whose form is built directly, when every field is text, a number or a keyboard."""
_DONE: Response[Any] = Response[bool](ok=True, result=True)


class LeanSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        if isinstance(method, UNREAD) and status_code == 200 and self._succeeded(content):
            return _DONE
        return super().check_response(bot, method, status_code, content)

    def build_form_data(self, bot: Bot, method: TelegramMethod[TelegramType]) -> FormData:
        fields = self.plain_fields(bot, method)
        if fields is None:
            return super().build_form_data(bot, method)
        form = FormData(quote_fields=False)
        for key, value in fields:
            form.add_field(key, value)
        return form

    def plain_fields(self, bot: Bot, method: TelegramMethod[Any]) -> list[tuple[str, str]] | None:
        """The form's fields as aiogram would send them; None: let aiogram build it."""
        if not isinstance(method, PLAIN):
            return None
        fields = []
        for key, value in method:
            if isinstance(value, Default):
                value = bot.default[value.name]
            if value is None:
                continue
            if isinstance(value, str):
                prepared = value
            elif isinstance(value, bool | int):
                prepared = self.json_dumps(value)
            elif isinstance(value, InlineKeyboardMarkup):
                prepared = value.model_dump_json(exclude_none=True)
            else:
                return None
            if prepared:
                fields.append((key, prepared))
        return fields

    def _succeeded(self, content: str) -> bool:
        try:
            answer = self.json_loads(content)
        except ValueError:
            return False  # aiogram's checks tell what is wrong
        return isinstance(answer, dict) and answer.get("ok") is True
