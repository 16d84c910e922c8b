"""Which group messages reach a bot: Telegram's privacy mode.

From https://core.telegram.org/bots/faq#what-messages-will-my-bot-get: every bot gets service
messages; bot admins and bots with privacy mode off get every message except other bots';
others get only commands meant for them (/cmd@this_bot, or /cmd when they were the last bot to
post in the group), replies to their messages and messages sent via them.
"""

from typing import Any

GROUP_ANONYMOUS_BOT: dict[str, Any] = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
"""The sender Telegram shows for an anonymous group admin (the group is in sender_chat)."""

SERVICE_FIELDS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "group_chat_created",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "forum_topic_created",
        "forum_topic_closed",
        "forum_topic_reopened",
        "pinned_message",
    }
)


def is_service(message: dict[str, Any]) -> bool:
    return not SERVICE_FIELDS.isdisjoint(message)


def from_another_bot(message: dict[str, Any]) -> bool:
    """Bots never see other bots' messages; an anonymous admin is a person behind a bot's name."""
    sender = message.get("from", {})
    return bool(sender.get("is_bot")) and sender.get("id") != GROUP_ANONYMOUS_BOT["id"]


def meant_for(
    message: dict[str, Any], bot_id: int, username: str, *, last_bot_to_post: bool
) -> bool:
    """What a bot in privacy mode gets of people's ordinary messages in a group."""
    reply = message.get("reply_to_message") or {}
    # The FAQ also counts replies to messages "implicitly meant for" the bot (a command for it,
    # say); the fake counts only replies to the bot's own messages. In a forum topic every
    # message replies to the topic's first message, so all of a topic the bot opened reaches it.
    if reply.get("from", {}).get("id") == bot_id:
        return True
    text = message.get("text") or message.get("caption") or ""
    entities = message.get("entities") or message.get("caption_entities") or []
    handle = username.lower()
    for entity in entities:
        piece = _utf16_slice(text, entity["offset"], entity["length"]).lower()
        if entity["type"] == "bot_command":
            _, at, target = piece.partition("@")
            if at and target == handle:
                return True
            # A /cmd without @bot: the FAQ's "last bot to send a message to the group" rule; a
            # group where no bot has posted yet counts as this bot's (not documented).
            if not at and entity["offset"] == 0 and last_bot_to_post:
                return True
        # Mentions are not in the FAQ's list, yet bots in privacy mode are widely reported to
        # get messages that @mention them; the fake delivers them (unsure).
        if entity["type"] == "mention" and piece == f"@{handle}":
            return True
        if entity["type"] == "text_mention" and entity.get("user", {}).get("id") == bot_id:
            return True
    return False


def _utf16_slice(text: str, offset: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le", errors="replace")
