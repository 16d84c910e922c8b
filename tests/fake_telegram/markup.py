"""Inline keyboards: the only reply_markup the fake accepts, with Telegram's limits."""

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import bad_request

MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_BUTTONS_PER_ROW = 8
UNSUPPORTED_ACTIONS = (
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
ACTIONS = ("callback_data", "url", "web_app")
# A host Telegram links to has a dot: "localhost" or "myhost" is refused (TelegramBots#302).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+-]*:(?!\d)")  # "localhost:8080" is a host and port
_HOST = re.compile(r"[^.\s/:@]+(\.[^.\s/:@]+)+\Z")


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None
    web_app: str | None = None  # the Web App's URL


def check_inline_markup(
    markup: dict[str, Any] | None, chat_type: str = "private"
) -> dict[str, Any] | None:
    """Validates reply_markup for a chat of this type and returns it reduced to what the fake
    understands."""
    if markup is None:
        return None
    rows = markup.get("inline_keyboard")
    if rows is None:
        raise bad_request(
            "the fake Telegram server supports only inline keyboards "
            f"(reply_markup.inline_keyboard), got keys {sorted(markup)}"
        )
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" must be an Array of Arrays')
    if any(len(row) > MAX_BUTTONS_PER_ROW for row in rows):
        raise bad_request(f"too many buttons in a row (at most {MAX_BUTTONS_PER_ROW})")
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request(f"too many buttons (at most {MAX_BUTTONS})")
    checked = [[_check_button(button) for button in row] for row in rows]
    if chat_type != "private" and any("web_app" in button for row in checked for button in row):
        # "Available only in private chats between a user and the bot" (InlineKeyboardButton).
        raise bad_request("BUTTON_TYPE_INVALID")
    return {"inline_keyboard": checked}


def buttons_of(markup: dict[str, Any] | None) -> list[list[Button]]:
    if markup is None:
        return []
    return [[_button(fields) for fields in row] for row in markup["inline_keyboard"]]


def _button(fields: dict[str, Any]) -> Button:
    web_app = fields.get("web_app")
    return Button(**fields | ({"web_app": web_app["url"]} if web_app else {}))


def _check_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or not text:
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be a non-empty String'
        )
    if unsupported := [action for action in UNSUPPORTED_ACTIONS if action in button]:
        raise bad_request(
            f"the fake supports only callback_data, url and web_app buttons, got {unsupported}"
        )
    actions = [action for action in ACTIONS if action in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request("a button must have exactly one of callback_data, url or web_app")
    action, value = actions[0], button[actions[0]]
    if action == "callback_data":
        if not isinstance(value, str) or not 1 <= len(value.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif action == "url":
        value = _link(value)
    else:
        value = {"url": _web_app_url(value)}
    return {"text": text, action: value}


def _link(url: Any) -> str:
    """A url button's link as Telegram keeps it: http(s) to a named host, or tg://; a bare
    "example.org/x" gets http:// as TDLib gives it (its exact normalisation is not modelled)."""
    if not isinstance(url, str):
        raise bad_request('can\'t parse inline keyboard button: Field "url" must be a String')
    invalid = f"inline keyboard button URL '{url}' is invalid"
    scheme = _SCHEME.match(url)
    try:
        parts = urlsplit(url if scheme else f"http://{url}")
    except ValueError:
        raise bad_request(f"{invalid}: Wrong HTTP URL") from None
    if parts.scheme == "tg" and parts.netloc:
        return url
    if parts.scheme not in ("http", "https"):
        raise bad_request(f"{invalid}: Unsupported URL protocol")
    if not _HOST.match(parts.hostname or ""):
        raise bad_request(f"{invalid}: Wrong HTTP URL")
    return url if scheme else parts._replace(path=parts.path or "/").geturl()


def _web_app_url(web_app: Any) -> str:
    url = web_app.get("url") if isinstance(web_app, dict) else None
    if not isinstance(url, str):
        raise bad_request('can\'t parse inline keyboard button: Field "url" must be a String')
    if not url:
        raise bad_request("inline keyboard button Web App URL '' is invalid: URL host is empty")
    invalid = f"inline keyboard button Web App URL '{url}' is invalid"
    if not url.startswith("https://"):
        raise bad_request(f"{invalid}: Only HTTPS links are allowed")
    if not _HOST.match(urlsplit(url).hostname or ""):
        raise bad_request(f"{invalid}: Wrong HTTP URL")
    return url
