"""What the fake remembers and shows to tests: requests, messages, callbacks, webhooks."""

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .markup import Button, buttons_of

Params = dict[str, Any]


class ApiRequest(NamedTuple):
    method: str
    params: Params


@dataclass(frozen=True)
class StoredDocument:
    """A file the bot sent, as the person would download it."""

    file_id: str
    file_name: str
    mime_type: str
    content: bytes

    def as_api(self) -> Params:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_id.removeprefix("doc-"),
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }


@dataclass(frozen=True)
class StoredPhoto:
    """A photo the bot sent, as uploaded (Telegram would also keep smaller sizes)."""

    file_id: str
    file_name: str
    content: bytes
    width: int
    height: int

    def as_api(self) -> list[Params]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_id.removeprefix("photo-"),
                "width": self.width,
                "height": self.height,
                "file_size": len(self.content),
            }
        ]


@dataclass(frozen=True)
class StoredMessage:
    """A message as a person sees it now: plain text, the HTML the bot sent, the keyboard."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str
    html: str
    entities: tuple[Params, ...]
    reply_markup: Params | None
    payload: Params
    edited: bool = False
    document: StoredDocument | None = None
    """A document's message: ``text`` and ``html`` are its caption."""
    photo: StoredPhoto | None = None
    """A photo's message: ``text`` and ``html`` are its caption."""

    @property
    def buttons(self) -> list[list[Button]]:
        return buttons_of(self.reply_markup)

    def button(self, text: str) -> Button:
        for row in self.buttons:
            for button in row:
                if button.text == text:
                    return button
        labels = [button.text for row in self.buttons for button in row]
        raise AssertionError(f"no button {text!r} on message {self.message_id}: {labels}")


@dataclass
class CallbackRecord:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    answered: bool = False
    answer: Params = field(default_factory=dict)


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


class WebhookAttempt(NamedTuple):
    update_id: int
    status: int | None
    error: str | None
