"""Simulated Telegram users and the JSON shapes of what they send."""

import re
from dataclasses import dataclass
from typing import Any

from .html_text import utf16_len

SUPERGROUP_ID_BELOW = -(10**12)
_MENTION = re.compile(r"(?<![A-Za-z0-9_@])@[A-Za-z][A-Za-z0-9_]{4,31}\b")  # usernames: 5-32


@dataclass(frozen=True)
class SimUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    def as_api(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        optional = {
            "last_name": self.last_name,
            "username": self.username,
            "language_code": self.language_code,
        }
        return user | {key: value for key, value in optional.items() if value is not None}

    def private_chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        optional = {"last_name": self.last_name, "username": self.username}
        return chat | {key: value for key, value in optional.items() if value is not None}


def group_chat(chat_id: int) -> dict[str, Any]:
    kind = "supergroup" if chat_id < SUPERGROUP_ID_BELOW else "group"
    return {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}


def text_content(text: str) -> dict[str, Any]:
    """A text message body with the entities Telegram adds: a leading /command (with its
    @bot, if any) and @username mentions."""
    entities = []
    command = text.split(maxsplit=1)[0] if text.startswith("/") and len(text) > 1 else ""
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command)})
    for found in _MENTION.finditer(text, len(command)):
        offset, length = utf16_len(text[: found.start()]), utf16_len(found.group())
        entities.append({"type": "mention", "offset": offset, "length": length})
    return {"text": text} | ({"entities": entities} if entities else {})


def with_caption(content: dict[str, Any], caption: str | None) -> dict[str, Any]:
    return content if caption is None else content | {"caption": caption}


def sticker(file_id: str, emoji: str) -> dict[str, Any]:
    return {
        "sticker": {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
    }


def photo(file_id: str) -> dict[str, Any]:
    sizes = [(90, 67), (320, 240), (1280, 960)]
    return {
        "photo": [
            {
                "file_id": f"{file_id}_{width}",
                "file_unique_id": f"u{file_id}_{width}",
                "width": width,
                "height": height,
            }
            for width, height in sizes
        ]
    }


def voice(file_id: str, duration: int) -> dict[str, Any]:
    return {
        "voice": {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "duration": duration,
            "mime_type": "audio/ogg",
        }
    }


def document(file_id: str, file_name: str, mime_type: str) -> dict[str, Any]:
    return {
        "document": {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
        }
    }


def location(latitude: float, longitude: float) -> dict[str, Any]:
    return {"location": {"latitude": latitude, "longitude": longitude}}


def my_chat_member(
    chat: dict[str, Any], user: dict[str, Any], bot: dict[str, Any], date: int, *, blocked: bool
) -> dict[str, Any]:
    """What Telegram tells the bot when a person blocks it (kicked) or unblocks it (member)."""
    member = {"status": "member", "user": bot}
    kicked = {"status": "kicked", "user": bot, "until_date": 0}
    return {
        "chat": chat,
        "from": user,
        "date": date,
        "old_chat_member": member if blocked else kicked,
        "new_chat_member": kicked if blocked else member,
    }
