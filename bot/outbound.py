"""Calls to Telegram: wait as long as flood control asks, then try again.

A callback query that can no longer be answered (too old, or already answered before a crash
and a redelivery) is not worth failing an update for: its answer only stops a spinner.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)


class RetryAfter(BaseRequestMiddleware):
    def __init__(self, attempts: int = 4, longest_wait: float = 60.0) -> None:
        self.attempts = attempts
        self.longest_wait = longest_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramBadRequest as error:
                if not isinstance(method, AnswerCallbackQuery):
                    raise
                log.info("callback query not answered: %s", error.message)
                return Response[TelegramType](ok=True, result=True)  # type: ignore[arg-type]
            except TelegramRetryAfter as error:
                if attempt == self.attempts or error.retry_after > self.longest_wait:
                    raise
                log.info(
                    "flood control on %s: waiting %s s", method.__api_method__, error.retry_after
                )
                await asyncio.sleep(error.retry_after)
        raise AssertionError("unreachable")
