"""Calls to Telegram: collected while an update is handled, made once its effects are committed.

Handlers never call Telegram themselves; they put what to show in the update's ``Outbox``. The
middleware stores the outbox with the update in the same transaction, commits, then delivers
it, outside the database's write lock. A redelivered update (the process died before Telegram
learnt it was handled) delivers its stored outbox again: replies are sent at least once, and an
edit sent twice changes nothing.

Flood control (429) is waited out and the call retried; a callback query that can no longer be
answered (too old, or answered before a crash) is not worth failing an update for.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, ReplyParameters

from bot.views import split_message

log = logging.getLogger(__name__)

CALLBACK_TEXT_LIMIT = 200
_METHODS: dict[str, type[TelegramMethod[Any]]] = {
    method.__api_method__: method for method in (AnswerCallbackQuery, EditMessageText, SendMessage)
}


class TelegramUnreachable(Exception):
    """Telegram did not take a reply (network, server error, endless flood control)."""


class Outbox:
    """What one update shows, in order: callback answers, new messages, edits."""

    def __init__(self, calls: Sequence[TelegramMethod[Any]] = ()) -> None:
        self.calls = list(calls)

    def answer(self, query: CallbackQuery, text: str | None = None, alert: bool = False) -> None:
        """Stops the tap's spinner; ``text`` shows as a toast, or a box with ``alert``."""
        shown = None if text is None else text[:CALLBACK_TEXT_LIMIT]
        self.calls.append(
            AnswerCallbackQuery(callback_query_id=query.id, text=shown, show_alert=alert or None)
        )

    def show(
        self,
        chat_id: int,
        paragraphs: Sequence[str],
        keyboard: InlineKeyboardMarkup | None = None,
        edit: int | None = None,
        reply_to: int | None = None,
    ) -> None:
        """Edits message ``edit`` into the first part (or sends it), sends the rest.

        The paragraphs are Telegram HTML; they are split under the length limit, and the
        keyboard goes under the last part.
        """
        parts = split_message(paragraphs)
        for number, part in enumerate(parts):
            markup = keyboard if number == len(parts) - 1 else None
            if number == 0 and edit is not None:
                self.calls.append(
                    EditMessageText(
                        chat_id=chat_id, message_id=edit, text=part, reply_markup=markup
                    )
                )
                continue
            replying = ReplyParameters(message_id=reply_to) if reply_to and number == 0 else None
            self.calls.append(
                SendMessage(
                    chat_id=chat_id, text=part, reply_markup=markup, reply_parameters=replying
                )
            )

    def without_messages(self) -> Outbox:
        """Only the callback answers: for a person who blocked the bot."""
        return Outbox([call for call in self.calls if isinstance(call, AnswerCallbackQuery)])

    def dump(self) -> str:
        """JSON: a list of [method, parameters]."""
        calls = (
            f'["{call.__api_method__}",{call.model_dump_json(exclude_defaults=True)}]'
            for call in self.calls
        )
        return f"[{','.join(calls)}]"

    @classmethod
    def load(cls, stored: str | None) -> Outbox:
        if not stored:
            return cls()
        return cls([_METHODS[name].model_validate(params) for name, params in json.loads(stored)])

    async def deliver(self, bot: Bot) -> bool:
        """Makes the calls; False when the person has blocked the bot.

        Messages go in order; callback answers, which only stop a spinner, go alongside them.
        Raises TelegramUnreachable when a call could not be made, so that the update is handled
        again later; a call Telegram refuses as malformed is logged and skipped.
        """
        answers = [call for call in self.calls if isinstance(call, AnswerCallbackQuery)]
        messages = [call for call in self.calls if not isinstance(call, AnswerCallbackQuery)]
        outcomes = await asyncio.gather(
            _make_in_order(bot, answers), _make_in_order(bot, messages), return_exceptions=True
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return all(outcomes)


async def _make_in_order(bot: Bot, calls: Sequence[TelegramMethod[Any]]) -> bool:
    for call in calls:
        try:
            await _make(bot, call)
        except TelegramForbiddenError:
            return False
        except TelegramBadRequest:
            log.exception("Telegram refused %s", call.__api_method__)
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as error:
            raise TelegramUnreachable(str(error)) from error
    return True


async def _make(bot: Bot, call: TelegramMethod[Any]) -> None:
    if not isinstance(call, EditMessageText):
        await bot(call)
        return
    try:
        await bot(call)
    except TelegramBadRequest as error:
        if "message is not modified" in error.message:
            return
        # Too old to edit, or gone: show it anew.
        log.info("cannot edit message %s, sending a new one: %s", call.message_id, error)
        assert call.chat_id is not None and call.text is not None  # as Outbox.show made it
        await bot(
            SendMessage(chat_id=call.chat_id, text=call.text, reply_markup=call.reply_markup)
        )


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
