"""Inline keyboards: the only reply_markup the fake accepts, with Telegram's limits."""

from dataclasses import dataclass
from typing import Any

from .errors import bad_request

MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_BUTTONS_PER_ROW = 8
UNSUPPORTED_ACTIONS = (
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


def check_inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Validates reply_markup and returns it reduced to what the fake understands."""
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
    return {"inline_keyboard": [[_check_button(button) for button in row] for row in rows]}


def buttons_of(markup: dict[str, Any] | None) -> list[list[Button]]:
    if markup is None:
        return []
    return [[Button(**button) for button in row] for row in markup["inline_keyboard"]]


def _check_button(button: Any) -> dict[str, str]:
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
            f"the fake supports only callback_data and url buttons, got {unsupported}"
        )
    actions = [action for action in ("callback_data", "url") if action in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request("a button must have exactly one of callback_data or url")
    value = button[actions[0]]
    if actions[0] == "callback_data":
        if not isinstance(value, str) or not 1 <= len(value.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif not isinstance(value, str) or not value.startswith(_URL_SCHEMES):
        raise bad_request("BUTTON_URL_INVALID")
    return {"text": text, actions[0]: value}
