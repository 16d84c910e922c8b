"""The fake's memory (chats, messages, callbacks, queued updates) and the ways tests read it."""

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from ..clock import Clock
from .errors import BLOCKED, ApiError, bad_request
from .html_text import ParsedText
from .markup import Button
from .records import (
    ApiRequest,
    CallbackRecord,
    Params,
    StoredDocument,
    StoredMessage,
    StoredPhoto,
    Webhook,
    WebhookAttempt,
)
from .spec import load_methods
from .updates import PollingQueue, Update
from .webhook import WebhookSender

NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
FIRST_UPDATE_ID = 500_000_001
TOPIC_FIELDS = ("message_thread_id", "is_topic_message", "reply_to_message")
T = TypeVar("T")


class ServerState:
    """Chats, messages, callbacks and updates; the Bot API methods and the server build on it."""

    def __init__(
        self, token: str, *, callback_expiry: float, bot_username: str, clock: Clock
    ) -> None:
        load_methods()  # fail at construction when the method table is missing
        self.token = token
        self.clock = clock
        self.callback_expiry = callback_expiry
        self.bot_username = bot_username
        self.requests: list[ApiRequest] = []
        self.callbacks: dict[str, CallbackRecord] = {}
        self.deleted: list[tuple[int, int]] = []
        self.chat_actions: list[tuple[int, str]] = []
        self._chats: dict[int, Params] = {}
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._files: dict[str, StoredDocument | StoredPhoto] = {}
        self._last_message_id: dict[int, int] = {}
        self._effects: list[StoredMessage] = []
        self._cursors: dict[int, int] = {}
        self._history: dict[int, Update] = {}
        self._last_update_id = FIRST_UPDATE_ID - 1
        self._allowed_updates: frozenset[str] | None = None
        self._commands: dict[tuple[str, str], list[Params]] = {}
        self.logged_out = False
        self._blocked: set[int | str] = set()
        self._webhook: Webhook | None = None
        self._polling = PollingQueue()
        self.webhook_sender = WebhookSender(lambda: self._webhook, self._polling.put)

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    @property
    def webhook(self) -> Webhook | None:
        return self._webhook

    @property
    def webhook_log(self) -> list[WebhookAttempt]:
        return self.webhook_sender.log

    # reading, for tests

    def calls(self, method: str) -> list[Params]:
        return [request.params for request in self.requests if request.method == method]

    def messages(self, chat_id: int) -> list[StoredMessage]:
        """The bot's messages in a chat as they are now, in the order they were sent (an edit
        keeps a message's place), deleted ones left out."""
        return [m for m in self._messages.get(chat_id, {}).values() if m.from_bot]

    def documents(self, chat_id: int) -> list[StoredDocument]:
        """The documents the bot sent to a chat (file name, bytes), deleted ones left out; each
        message's caption is its ``text``."""
        return [m.document for m in self.messages(chat_id) if m.document is not None]

    def photos(self, chat_id: int) -> list[StoredPhoto]:
        """The photos the bot sent to a chat, deleted ones left out; each message's caption
        is its ``text``."""
        return [m.photo for m in self.messages(chat_id) if m.photo is not None]

    def duplicates(self, chat_id: int) -> list[StoredMessage]:
        """Bot messages sent to the chat with the text and buttons of an earlier one: the same
        message delivered twice. Each is given as it was sent; deleted ones count too."""
        seen: set[tuple[str, tuple[tuple[Button, ...], ...], bytes | None]] = set()
        repeated = []
        for message in self._effects:
            if message.chat_id != chat_id or message.edited:
                continue
            content = message.document.content if message.document else None
            content = message.photo.content if message.photo else content
            key = (message.text, tuple(tuple(row) for row in message.buttons), content)
            if key in seen:
                repeated.append(message)
            seen.add(key)
        return repeated

    def last_message(self, chat_id: int) -> StoredMessage:
        shown = self.messages(chat_id)
        if not shown:
            raise AssertionError(f"the bot has no message in chat {chat_id}")
        return shown[-1]

    def mark(self) -> int:
        return len(self._effects)

    def sent_after(self, mark: int, chat_id: int | None = None) -> list[StoredMessage]:
        """Messages sent or edited by the bot since `mark()`, as they were at that moment, in
        the order the fake took them."""
        return [m for m in self._effects[mark:] if chat_id in (None, m.chat_id)]

    async def wait_for(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, interval: float = 0.005
    ) -> T:
        """Polls until `predicate()` is truthy and returns that value; TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value is not None and value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout} s")
            await asyncio.sleep(interval)

    async def next_bot_message(self, chat_id: int, timeout: float = 5.0) -> StoredMessage:
        """The next send or edit in this chat after the one this method returned last time."""
        start = self._cursors.get(chat_id, 0)

        def find() -> tuple[int, StoredMessage] | None:
            for index in range(start, len(self._effects)):
                if self._effects[index].chat_id == chat_id:
                    return index, self._effects[index]
            return None

        index, message = await self.wait_for(find, timeout)
        self._cursors[chat_id] = index + 1
        return message

    def confirmed(self, update_id: int) -> bool:
        """The bot told Telegram it handled the update: a later getUpdates offset, or a 2XX."""
        return any(p.get("offset", 0) > update_id for p in self.calls("getUpdates")) or any(
            attempt.update_id == update_id and attempt.error is None
            for attempt in self.webhook_log
        )

    def unanswered_callbacks(self) -> list[CallbackRecord]:
        return [record for record in self.callbacks.values() if not record.answered]

    # chats and messages

    def _bot_user(self) -> Params:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Coach",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _chat(self, chat_id: int | str) -> Params:
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _check_reachable(self, chat_id: int) -> None:
        if chat_id in self._blocked:
            raise ApiError(403, BLOCKED)

    def _found(self, chat_id: int, message_id: int, missing: str) -> StoredMessage:
        message = self._messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise bad_request(missing)
        return message

    def _next_message_id(self, chat_id: int) -> int:
        # A private chat numbers the person's and the bot's messages in one sequence.
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _store(self, message: StoredMessage) -> StoredMessage:
        self._messages.setdefault(message.chat_id, {})[message.message_id] = message
        if message.from_bot:
            self._effects.append(message)
        return message

    def _bot_message(
        self,
        chat: Params,
        source: str,
        parsed: ParsedText,
        markup: Params | None,
        previous: StoredMessage | None = None,
        document: StoredDocument | None = None,
        placement: Params | None = None,
        photo: StoredPhoto | None = None,
    ) -> StoredMessage:
        """Stores a new bot message, or the new state of `previous` after an edit; with a
        document, `parsed` is its caption; `placement` holds the forum topic fields of a new
        message, an edit keeps those it had."""
        message_id = self._next_message_id(chat["id"]) if previous is None else previous.message_id
        if previous is not None:
            document, photo = previous.document, previous.photo
        payload: Params = {
            "message_id": message_id,
            "from": self._bot_user(),
            "chat": chat,
            "date": self._now() if previous is None else previous.payload["date"],
        }
        if previous is not None:
            placement = {
                key: previous.payload[key] for key in TOPIC_FIELDS if key in previous.payload
            }
        payload |= placement or {}
        if document is None and photo is None:
            payload |= {"text": parsed.text}
            if parsed.entities:
                payload["entities"] = list(parsed.entities)
        else:
            if document is not None:
                payload["document"] = document.as_api()
            if photo is not None:
                payload["photo"] = photo.as_api()
            if parsed.text:
                payload["caption"] = parsed.text
            if parsed.entities:
                payload["caption_entities"] = list(parsed.entities)
        if markup is not None:
            payload["reply_markup"] = markup
        if previous is not None:
            payload["edit_date"] = self._now()
        message = StoredMessage(
            chat_id=chat["id"],
            message_id=message_id,
            from_bot=True,
            text=parsed.text,
            html=source,
            entities=parsed.entities,
            reply_markup=markup,
            payload=payload,
            edited=previous is not None,
            document=document,
            photo=photo,
        )
        return self._store(message)

    def _now(self) -> int:
        """Unix time by the fake's clock, as in a message's date."""
        return int(self.clock.now().timestamp())

    # updates

    def _emit(self, body: Params, update_id: int | None = None) -> Update:
        """Gives the update an id and queues it for getUpdates or the webhook."""
        if update_id is None:
            update_id = self._last_update_id + 1
        self._last_update_id = max(self._last_update_id, update_id)
        update: Update = {"update_id": update_id, **body}
        self._history[update_id] = update
        kind = next(iter(body), "")
        allowed = self._allowed_updates
        filtered = kind in NOT_SENT_BY_DEFAULT if allowed is None else kind not in allowed
        if not filtered:
            self._dispatch(update)
        return update

    def _dispatch(self, update: Update, *, redelivery: bool = False) -> None:
        if self._webhook is not None:
            self.webhook_sender.submit(update)
        else:
            self._polling.put(update, redelivery=redelivery)

    def _set_allowed_updates(self, params: Params) -> None:
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(params["allowed_updates"]) or None

    def _drop_pending(self) -> None:
        self._polling.drain()
        self.webhook_sender.clear()
