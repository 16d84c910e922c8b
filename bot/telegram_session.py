"""aiogram's HTTP session, without parsing answers the bot never reads.

An edit's answer is the whole edited message, keyboard included: validating it into objects
cost about a twentieth of the bot's CPU per tap, and nothing reads it (what became of a call
is its status; an edit's message is the one it edited). So a successful edit comes back as
``True``, as Telegram answers for inline messages. Errors are aiogram's, unchanged.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import EditMessageText, TelegramMethod
from aiogram.methods.base import Response, TelegramType

UNREAD = (EditMessageText,)
"""Calls whose successful answer is not read."""
_DONE: Response[Any] = Response[bool](ok=True, result=True)


class LeanSession(AiohttpSession):
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
