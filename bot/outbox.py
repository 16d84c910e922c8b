"""What one update shows, collected while it is handled and stored as calls with it.

Handlers never call Telegram themselves: they put calls in the update's ``Outbox``. The calls are
stored in the update's transaction (storage/calls.py) and sent once it is committed
(bot/sender.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyParameters

from bot.views import split_message
from storage.calls import NO_LANE, NewCall

CALLBACK_TEXT_LIMIT = 200


class Outbox:
    """The calls one update makes, in order."""

    def __init__(self) -> None:
        self.calls: list[TelegramMethod[Any]] = []
        self.origin: str | None = None
        """Set by ``once``: the tap these calls answer."""
        self.blocked = False
        """The person blocked the bot: only callback answers are made."""
        self.screens: dict[int, str] = {}
        """What the call at that position shows, by name."""

    def answer(self, query: CallbackQuery, text: str | None = None, alert: bool = False) -> None:
        """Stops the tap's spinner; ``text`` shows as a toast, or a box with ``alert``."""
        shown = None if text is None else text[:CALLBACK_TEXT_LIMIT]
        self.calls.append(
            AnswerCallbackQuery(callback_query_id=query.id, text=shown, show_alert=alert or None)
        )

    def once(self, query: CallbackQuery) -> None:
        """A second identical tap on the same message, soon after, sends no new message."""
        message_id = query.message.message_id if query.message else 0
        self.origin = f"{query.from_user.id}:{message_id}:{query.data}"[:96]

    def show(
        self,
        chat_id: int,
        paragraphs: Sequence[str],
        keyboard: InlineKeyboardMarkup | None = None,
        edit: int | None = None,
        reply_to: int | None = None,
        screen: str | None = None,
    ) -> None:
        """Edits message ``edit`` into the first part (or sends it), sends the rest.

        The paragraphs are Telegram HTML; they are split under the length limit, and the
        keyboard goes under the last part. ``screen`` names what the last part shows, so that
        it can be found again (storage.shown.showing).
        """
        parts = split_message(paragraphs)
        if screen is not None:
            self.screens[len(self.calls) + len(parts) - 1] = screen
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

    def sends(self) -> bool:
        return any(isinstance(call, SendMessage) for call in self.calls)

    def drop_sends(self) -> None:
        kept = [(c, self.screens.get(n)) for n, c in enumerate(self.calls)]
        kept = [(c, screen) for c, screen in kept if not isinstance(c, SendMessage)]
        self.calls = [call for call, _ in kept]
        self.screens = {n: screen for n, (_, screen) in enumerate(kept) if screen is not None}

    def stored(self) -> list[NewCall]:
        """The calls as rows: callback answers in no lane, the rest in their chat's."""
        named = [(call, self.screens.get(position)) for position, call in enumerate(self.calls)]
        if self.blocked:
            named = [(call, _) for call, _ in named if isinstance(call, AnswerCallbackQuery)]
        return [replace(_new_call(call), screen=screen) for call, screen in named]


def _new_call(call: TelegramMethod[Any]) -> NewCall:
    params = call.model_dump_json(exclude_defaults=True)
    if isinstance(call, AnswerCallbackQuery):
        return NewCall(NO_LANE, call.__api_method__, params, prepared=call)
    chat_id = getattr(call, "chat_id", None)
    assert isinstance(chat_id, int), call
    if isinstance(call, EditMessageText):
        return NewCall(
            chat_id, call.__api_method__, params, call.message_id, _digest(call), prepared=call
        )
    assert isinstance(call, SendMessage), call
    return NewCall(chat_id, call.__api_method__, params, digest=_digest(call), prepared=call)


def _digest(call: EditMessageText | SendMessage) -> str:
    markup = call.reply_markup.model_dump_json() if call.reply_markup else ""
    return hashlib.sha1(f"{call.text}\0{markup}".encode()).hexdigest()


def editable(query: CallbackQuery) -> int | None:
    """The message a tap came from, unless it is too old or gone: then show anew."""
    return query.message.message_id if isinstance(query.message, Message) else None
