"""What one update shows, collected while it is handled and stored as calls with it.

Handlers never call Telegram themselves: they put calls in the update's ``Outbox``. The calls are
stored in the update's transaction (storage/calls.py) and sent once it is committed
(bot/sender.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMyCommands,
    EditMessageText,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)

from bot import documents
from bot.views import split_message
from storage.calls import NO_LANE, NewCall

CALLBACK_TEXT_LIMIT = 200
SENDS = (SendMessage, SendDocument, SendPhoto, SendMediaGroup)
"""Calls that make a new message."""


class Outbox:
    """The calls one update makes, in order."""

    def __init__(self) -> None:
        self.named: list[tuple[TelegramMethod[Any], str | None]] = []
        """Each call, with the name of what it shows when it has one (``invites:7``)."""
        self.origin: str | None = None
        """Set by ``once``: the tap these calls answer."""
        self.blocked = False
        """The person blocked the bot: only callback answers are made."""
        self.queued = False
        """The update queued calls for the bot to make on its own (bot/round_news.py): the
        sender is woken once it is committed."""

    @property
    def calls(self) -> list[TelegramMethod[Any]]:
        return [call for call, _ in self.named]

    def answer(self, query: CallbackQuery, text: str | None = None, alert: bool = False) -> None:
        """Stops the tap's spinner; ``text`` shows as a toast, or a box with ``alert``."""
        shown = None if text is None else text[:CALLBACK_TEXT_LIMIT]
        answer = AnswerCallbackQuery(
            callback_query_id=query.id, text=shown, show_alert=alert or None
        )
        self.named.append((answer, None))

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
        thread: int | None = None,
    ) -> None:
        """Edits message ``edit`` into the first part (or sends it), sends the rest; in a
        forum, new messages go to topic ``thread`` (None: the General topic).

        The paragraphs are Telegram HTML; they are split under the length limit, and the
        keyboard goes under the last part. ``screen`` names what the last part shows, so that
        it can be found again (storage.shown.showing).
        """
        parts = split_message(paragraphs)
        for number, part in enumerate(parts):
            last = number == len(parts) - 1
            markup = keyboard if last else None
            call: EditMessageText | SendMessage
            if number == 0 and edit is not None:
                call = EditMessageText(
                    chat_id=chat_id, message_id=edit, text=part, reply_markup=markup
                )
            else:
                replying = (
                    ReplyParameters(message_id=reply_to) if reply_to and not number else None
                )
                call = SendMessage(
                    chat_id=chat_id,
                    text=part,
                    reply_markup=markup,
                    reply_parameters=replying,
                    message_thread_id=thread,
                )
            self.named.append((call, screen if last else None))

    def menu(self, call: SetMyCommands | DeleteMyCommands) -> None:
        """Sets or removes a chat's own command menu (``scope``: that chat), in its lane."""
        self.named.append((call, None))

    def document(self, chat_id: int, file_name: str, content: str, caption: str) -> None:
        """Sends a text file, with a caption in Telegram HTML."""
        self.named.append((documents.text_document(chat_id, file_name, content, caption), None))

    def photos(self, chat_id: int, images: Sequence[bytes], caption: str) -> None:
        """Sends PNG images, in albums; the caption (Telegram HTML) goes under the first."""
        self.named += [(call, None) for call in documents.photos(chat_id, images, caption)]

    def sends(self) -> bool:
        return any(isinstance(call, SENDS) for call in self.calls)

    def drop_sends(self) -> None:
        self.named = [(call, name) for call, name in self.named if not isinstance(call, SENDS)]

    def stored(self) -> list[NewCall]:
        """The calls as rows: callback answers in no lane, the rest in their chat's."""
        named = self.named
        if self.blocked:
            named = [(call, name) for call, name in named if isinstance(call, AnswerCallbackQuery)]
        return [_new_call(call, name) for call, name in named]


def _new_call(call: TelegramMethod[Any], screen: str | None) -> NewCall:
    if isinstance(call, SendDocument):
        assert isinstance(call.chat_id, int), call
        return NewCall(call.chat_id, call.__api_method__, documents.stored(call), prepared=call)
    if isinstance(call, SendPhoto | SendMediaGroup):
        assert isinstance(call.chat_id, int), call
        params = documents.stored_photos(call)
        return NewCall(call.chat_id, call.__api_method__, params, prepared=call)
    params = call.model_dump_json(exclude_defaults=True)
    if isinstance(call, AnswerCallbackQuery):
        return NewCall(NO_LANE, call.__api_method__, params, prepared=call)
    if isinstance(call, SetMyCommands | DeleteMyCommands):
        assert isinstance(call.scope, BotCommandScopeChat), call
        assert isinstance(call.scope.chat_id, int), call
        # Not without defaults: the scope's type would go, and it would read back as no scope.
        menu = call.model_dump_json(exclude_none=True)
        return NewCall(call.scope.chat_id, call.__api_method__, menu, prepared=call)
    assert isinstance(call, EditMessageText | SendMessage), call
    assert isinstance(call.chat_id, int), call
    edited = call.message_id if isinstance(call, EditMessageText) else None
    return NewCall(
        call.chat_id, call.__api_method__, params, edited, _digest(call), screen, prepared=call
    )


def _digest(call: EditMessageText | SendMessage) -> str:
    markup = call.reply_markup.model_dump_json() if call.reply_markup else ""
    return hashlib.sha1(f"{call.text}\0{markup}".encode()).hexdigest()


def editable(query: CallbackQuery) -> int | None:
    """The message a tap came from, unless it is too old or gone: then show anew."""
    return query.message.message_id if isinstance(query.message, Message) else None
