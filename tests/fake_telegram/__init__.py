"""A fake Telegram Bot API server for end-to-end tests of the bot over real HTTP.

    async with FakeTelegram() as fake:
        bot = fake.make_bot()  # or Bot(token, session=AiohttpSession(api=...from_base(fake.url)))
        alice = fake.user(language_code="fr")
        await fake.send_command(alice, "/start")
        reply = await fake.next_bot_message(alice.id)
        fake.documents(alice.id)  # what sendDocument uploaded: file name, bytes
        fake.photos(alice.id)  # what sendPhoto and sendMediaGroup uploaded: bytes, size

The bot under test can also build its own session from `fake.url` (TELEGRAM_API_URL).
Polling mode is the default: updates wait for getUpdates. After the bot calls setWebhook, they
are POSTed to its URL instead (per chat in order, non-2XX retried), until deleteWebhook.
Every call is checked against the Bot API method table in botapi/methods-index.json (see
botapi/SOURCE.md). Telegram's sending limits are enforced (429 with retry_after) unless
`FakeTelegram(rate_limits=False)`; `FakeTelegram(clock=TestClock())` (tests/clock.py) puts the
limits, callback expiry and message dates on virtual time.

Groups: `fake.group(alice, "Council")` makes one (`supergroup=True`, `forum=True`), then
`add_bot`, `add_member`, `post`, `post_anonymously`, `create_topic`, `upgrade_to_supergroup`,
`remove_bot` act in it as Telegram would show it to the bot: in privacy mode (the default,
`set_privacy_mode(False)` for the groups the bot joins afterwards) the bot gets only commands,
replies to it and mentions; what it does not get is returned without an update_id and listed
in `fake.withheld`. `fake.menu(user, language, chat=group.id)` is the command menu a person
sees in a group.
"""

from .bot_api import IMPLEMENTED_METHODS
from .errors import ApiError
from .faults import InjectedFailure
from .groups import GroupChat
from .html_text import HtmlParseError, ParsedText, message_text, parse_html, utf16_len
from .limits import SEND_METHODS, RateLimited, RateLimits
from .markup import Button
from .people import SimUser
from .records import (
    ApiRequest,
    CallbackRecord,
    StoredDocument,
    StoredMessage,
    StoredPhoto,
    Webhook,
    WebhookAttempt,
)
from .server import DEFAULT_TOKEN, FakeTelegram, LoopbackSession
from .spec import METHODS_INDEX, load_methods

__all__ = [
    "DEFAULT_TOKEN",
    "IMPLEMENTED_METHODS",
    "METHODS_INDEX",
    "SEND_METHODS",
    "ApiError",
    "ApiRequest",
    "Button",
    "CallbackRecord",
    "FakeTelegram",
    "GroupChat",
    "HtmlParseError",
    "InjectedFailure",
    "LoopbackSession",
    "ParsedText",
    "RateLimited",
    "RateLimits",
    "SimUser",
    "StoredDocument",
    "StoredMessage",
    "StoredPhoto",
    "Webhook",
    "WebhookAttempt",
    "load_methods",
    "message_text",
    "parse_html",
    "utf16_len",
]
