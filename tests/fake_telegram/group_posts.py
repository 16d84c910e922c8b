"""Simulated people writing in groups: posts (in forum topics, in reply, as an anonymous admin,
by another bot), and forum topics opened and deleted.

What privacy mode keeps from the bot is returned without an update_id and listed in `withheld`.
"""

from . import people
from .groups import GroupChat, chat_member
from .people import SimUser
from .privacy import GROUP_ANONYMOUS_BOT
from .records import Params, StoredMessage
from .simulation import SimulatedPeople
from .updates import Update

OTHER_BOT_ID = 7_000_000_001
TOPIC_COLOR = 7322096


class GroupPosts(SimulatedPeople):
    """What people post in groups, turned into the updates Telegram would send the bot."""

    async def post(
        self,
        user: SimUser,
        group: GroupChat,
        text: str,
        *,
        topic: int | None = None,
        reply_to: StoredMessage | int | None = None,
    ) -> Update:
        """`user` writes in the group, in a forum `topic` (the General topic when None), in
        reply to a message; the bot gets it only as privacy mode allows."""
        self._check_in(group, user)
        return self._group_post(group, user.as_api(), people.text_content(text), topic, reply_to)

    async def post_sticker(
        self,
        user: SimUser,
        group: GroupChat,
        emoji: str = "👍",
        *,
        topic: int | None = None,
        reply_to: StoredMessage | int | None = None,
    ) -> Update:
        self._check_in(group, user)
        content = people.sticker(self._file_id("sticker"), emoji)
        return self._group_post(group, user.as_api(), content, topic, reply_to)

    async def post_anonymously(
        self,
        group: GroupChat,
        text: str,
        *,
        topic: int | None = None,
        reply_to: StoredMessage | int | None = None,
    ) -> Update:
        """An anonymous administrator writes: `from` is GroupAnonymousBot, `sender_chat` the
        group. Telegram has anonymous administrators in supergroups only."""
        if group.type != "supergroup":
            raise ValueError("only a supergroup has anonymous administrators")
        content = people.text_content(text) | {"sender_chat": group.chat}
        return self._group_post(group, GROUP_ANONYMOUS_BOT, content, topic, reply_to)

    async def other_bot_posts(
        self, group: GroupChat, text: str = "Hello", username: str = "other_helper_bot"
    ) -> Update:
        """Another bot writes in the group. Bots never see each other's messages, and a /cmd
        without @bot no longer reaches a bot in privacy mode until it posts again."""
        other = {"id": OTHER_BOT_ID, "is_bot": True, "first_name": "Other", "username": username}
        group.last_bot = OTHER_BOT_ID
        return self._group_post(group, other, people.text_content(text))

    async def send_group_text(self, user: SimUser, group_chat_id: int, text: str) -> Update:
        """`user` writes in a group given by its id; an id the fake does not know is a group
        the bot is in (a supergroup below -10**12), and `user` is a member of it."""
        group = self._groups.get(group_chat_id) or self._implicit_group(group_chat_id)
        group.members.setdefault(user.id, chat_member(user.as_api(), "member"))
        return self._group_post(group, user.as_api(), people.text_content(text))

    async def create_topic(self, group: GroupChat, by: SimUser, name: str) -> int:
        """`by` opens a topic in a forum: the forum_topic_created service message, whose id is
        the topic's message_thread_id (returned); the topic's messages all reply to it."""
        if not group.is_forum:
            raise ValueError(f"group {group.id} is not a forum")
        self._check_in(group, by)
        thread = self._last_message_id.get(group.id, 0) + 1  # the id the message is about to get
        created = {"name": name, "icon_color": TOPIC_COLOR}
        content = {"message_thread_id": thread, "is_topic_message": True}
        update = self._group_post(group, by.as_api(), content | {"forum_topic_created": created})
        group.topics[thread] = _as_reply(update["message"])
        return thread

    def delete_topic(self, group: GroupChat, topic: int) -> None:
        """An administrator deletes a forum topic and its messages. Telegram tells the bot
        nothing; its sends to the topic then answer 400 "message thread not found"."""
        if group.topics.pop(topic, None) is None:
            raise ValueError(f"group {group.id} has no topic {topic}")
        messages = self._messages.get(group.id, {})
        for message_id, message in list(messages.items()):
            if message.payload.get("message_thread_id") == topic:
                del messages[message_id]

    def _group_post(
        self,
        group: GroupChat,
        sender: Params,
        content: Params,
        topic: int | None = None,
        reply_to: StoredMessage | int | None = None,
    ) -> Update:
        if group.migrated_to is not None:
            raise ValueError(f"group {group.id} became supergroup {group.migrated_to}")
        placed: Params = {}
        if topic is not None:
            if topic not in group.topics:
                raise ValueError(f"group {group.id} has no topic {topic}")
            placed = {"message_thread_id": topic, "is_topic_message": True}
            placed["reply_to_message"] = group.topics[topic]
        if reply_to is not None:
            message_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            replied = self._messages.get(group.id, {}).get(message_id)
            if replied is None:
                raise ValueError(f"no message {message_id} in group {group.id}")
            # A reply is in the topic of the message it answers.
            kept = ("message_thread_id", "is_topic_message")
            placed = {key: replied.payload[key] for key in kept if key in replied.payload}
            placed["reply_to_message"] = _as_reply(replied.payload)
        payload = self._stored_post(sender, group.chat, placed | content)
        return self._tell_bot({"message": payload}, self._reaches_bot(group, payload))

    def _tell_bot(self, body: Params, reaches: bool) -> Update:
        if reaches:
            return self._emit(body)
        self.withheld.append(body)
        return body

    def _implicit_group(self, chat_id: int) -> GroupChat:
        chat = people.group_chat(chat_id)
        group = GroupChat(chat_id, chat["title"], chat["type"], reads_all=not self.privacy_mode)
        group.members[self.bot_id] = chat_member(self._bot_as_member(), "member")
        self._groups[chat_id] = group
        self._chats[chat_id] = group.chat
        return group

    def _bot_as_member(self) -> Params:
        bot = self._bot_user()
        return {key: bot[key] for key in ("id", "is_bot", "first_name", "username")}

    @staticmethod
    def _check_in(group: GroupChat, person: SimUser) -> None:
        if not group.has(person.id):
            raise ValueError(f"{person.first_name} is not in group {group.id}")


def _as_reply(message: Params) -> Params:
    """A message as reply_to_message shows it: without a reply_to_message of its own."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}
