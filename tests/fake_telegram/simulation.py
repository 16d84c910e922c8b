"""Simulated people: what they send, tap and do to the bot, turned into updates."""

import dataclasses
import itertools

from ..clock import Clock
from . import people
from .people import SimUser
from .photos import Photos
from .records import CallbackRecord, Params, StoredMessage
from .updates import Update


class SimulatedPeople(Photos):
    """The people's side of the fake: each action queues the update Telegram would send."""

    def __init__(
        self, token: str, *, callback_expiry: float, bot_username: str, clock: Clock
    ) -> None:
        super().__init__(
            token, callback_expiry=callback_expiry, bot_username=bot_username, clock=clock
        )
        self._callback_ids = itertools.count(4_000_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._user_ids = itertools.count(100_001)

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
        payload |= people.text_content(text) | {"edit_date": self._now()}
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

    async def user_blocks(self, user: SimUser) -> Update:
        """The person blocks the bot: sends to them answer 403, and the bot gets a
        my_chat_member update (member -> kicked) if its allowed_updates let it through."""
        if user.id in self._blocked:
            raise ValueError(f"user {user.id} has already blocked the bot")
        self._blocked.add(user.id)
        return self._membership(user, blocked=True)

    async def user_unblocks(self, user: SimUser) -> Update:
        """The person unblocks (restarts) the bot: a my_chat_member update, kicked -> member.
        Telegram's Restart button then sends /start: do that with send_command if needed."""
        if user.id not in self._blocked:
            raise ValueError(f"user {user.id} has not blocked the bot")
        self._blocked.discard(user.id)
        return self._membership(user, blocked=False)

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

    def _membership(self, user: SimUser, *, blocked: bool) -> Update:
        chat = self._private_chat(user)
        change = people.my_chat_member(
            chat, user.as_api(), self._bot_user(), self._now(), blocked=blocked
        )
        return self._emit({"my_chat_member": change})

    def _user_message(self, user: SimUser, chat: Params, content: Params) -> Update:
        return self._emit({"message": self._stored_post(user.as_api(), chat, content)})

    def _stored_post(self, sender: Params, chat: Params, content: Params) -> Params:
        """Stores what someone posted in a chat and returns it as Telegram shows it."""
        message_id = self._next_message_id(chat["id"])
        payload = {
            "message_id": message_id,
            "from": sender,
            "chat": chat,
            "date": self._now(),
            **content,
        }
        text = str(content.get("text") or content.get("caption") or "")
        entities = tuple(content.get("entities", ()))
        self._store(
            StoredMessage(chat["id"], message_id, False, text, text, entities, None, payload)
        )
        return payload

    def _callback(
        self, user: SimUser, chat_id: int, message_id: int, message: Params, data: str
    ) -> Update:
        query_id = str(next(self._callback_ids))
        self.callbacks[query_id] = CallbackRecord(
            query_id, user.id, chat_id, message_id, data, self.clock.monotonic()
        )
        query = {
            "id": query_id,
            "from": user.as_api(),
            "message": message,
            "chat_instance": f"ci{chat_id}",
            "data": data,
        }
        return self._emit({"callback_query": query})
