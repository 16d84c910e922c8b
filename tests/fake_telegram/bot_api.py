"""The Bot API methods the fake implements, with Telegram's rules and error wording."""

import mimetypes
import re

from aiohttp.web import FileField

from .commands import CommandMenus
from .errors import NOT_MODIFIED, QUERY_TOO_OLD, WEBHOOK_CONFLICT, ApiError, bad_request
from .html_text import ParsedText, caption_text, message_text
from .markup import check_inline_markup
from .records import Params, StoredDocument, StoredMessage, Webhook
from .registry import HANDLERS as HANDLERS
from .registry import IMPLEMENTED_METHODS as IMPLEMENTED_METHODS
from .registry import api_method
from .updates import Update

MAX_CALLBACK_ANSWER = 200
MAX_UPLOAD = 50 * 1024 * 1024
"""Bytes a bot may upload in one file (https://core.telegram.org/bots/api#senddocument)."""
TOO_LARGE = "Request Entity Too Large"
CHAT_ACTIONS = frozenset(
    (
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    )
)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}\Z")


class BotApi(CommandMenus):
    """Handlers of the implemented methods; each gets parameters already checked by the spec."""

    @api_method("getMe")
    async def _get_me(self, params: Params) -> Params:
        return self._bot_user()

    @api_method("logOut")
    async def _log_out(self, params: Params) -> bool:
        self.logged_out = True
        return True

    @api_method("close")
    async def _close(self, params: Params) -> bool:
        return True

    @api_method("getUpdates")
    async def _get_updates(self, params: Params) -> list[Update]:
        if self._webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        self._set_allowed_updates(params)
        limit = params.get("limit", 100)
        limit = limit if 1 <= limit <= 100 else 100
        timeout = max(0, params.get("timeout", 0))
        return await self._polling.get_updates(params.get("offset", 0), limit, timeout)

    @api_method("setWebhook", "url")
    async def _set_webhook(self, params: Params) -> bool:
        url: str = params["url"]
        if not url:
            return await self._delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.match(secret):
            raise bad_request("bad webhook: secret token must be 1-256 characters [A-Za-z0-9_-]")
        max_connections = params.get("max_connections", 40)
        if not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        if params.get("drop_pending_updates"):
            self._drop_pending()
        self._set_allowed_updates(params)
        self._webhook = Webhook(url, secret, max_connections)
        for update in self._polling.drain():
            self.webhook_sender.submit(update)
        return True

    @api_method("deleteWebhook")
    async def _delete_webhook(self, params: Params) -> bool:
        if params.get("drop_pending_updates"):
            self._drop_pending()
        self._webhook = None
        return True

    @api_method("getWebhookInfo")
    async def _get_webhook_info(self, params: Params) -> Params:
        hook = self._webhook
        if hook is None:
            return {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._polling),
            }
        info: Params = {
            "url": hook.url,
            "has_custom_certificate": False,
            "pending_update_count": self.webhook_sender.backlog(),
            "max_connections": hook.max_connections,
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        if hook.last_error_message is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
        return info

    @api_method("sendMessage", "chat_id", "text")
    async def _send_message(self, params: Params) -> Params:
        chat = self._chat(params["chat_id"])
        parsed = message_text(params["text"], params.get("parse_mode"), params.get("entities"))
        markup = check_inline_markup(params.get("reply_markup"), chat["type"])
        reply = _reply_parameters(params)
        self._check_reply_target(chat["id"], reply)
        self._check_reachable(chat["id"])
        placement = self._topic_placement(chat, params.get("message_thread_id"), reply)
        return self._bot_message(chat, params["text"], parsed, markup, placement=placement).payload

    @api_method("sendDocument", "chat_id", "document")
    async def _send_document(self, params: Params) -> Params:
        chat = self._chat(params["chat_id"])
        document = self._document(params["document"])
        shown = self._captioned(chat, params)
        return self._bot_message(chat, *shown[:3], document=document, placement=shown[3]).payload

    def _captioned(
        self, chat: Params, params: Params
    ) -> tuple[str, ParsedText, Params | None, Params]:
        """A file's caption, keyboard and place, checked as Telegram checks them: (caption,
        parsed, markup, placement)."""
        caption = params.get("caption", "")
        parsed = caption_text(caption, params.get("parse_mode"), params.get("caption_entities"))
        markup = check_inline_markup(params.get("reply_markup"), chat["type"])
        reply = _reply_parameters(params)
        self._check_reply_target(chat["id"], reply)
        self._check_reachable(chat["id"])
        return (
            caption,
            parsed,
            markup,
            self._topic_placement(chat, params.get("message_thread_id"), reply),
        )

    def _document(self, sent: FileField | str) -> StoredDocument:
        """An uploaded file (multipart, or ``attach://``), or the file_id of one sent before."""
        if isinstance(sent, str):
            known = self._files.get(sent)
            if not isinstance(known, StoredDocument):
                raise bad_request("wrong file identifier/HTTP URL specified")
            return known
        content = sent.file.read()
        if not content:
            raise bad_request("file must be non-empty")
        if len(content) > MAX_UPLOAD:
            raise ApiError(413, TOO_LARGE)
        name = sent.filename or "document"
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        document = StoredDocument(f"doc-{len(self._files) + 1}", name, mime, content)
        self._files[document.file_id] = document
        return document

    def _check_reply_target(self, chat_id: int, reply: Params | None) -> None:
        if reply is None or reply.get("chat_id", chat_id) != chat_id:
            return
        known = reply.get("message_id") in self._messages.get(chat_id, {})
        if not known and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")

    @api_method("editMessageText")
    async def _edit_message_text(self, params: Params) -> Params:
        chat, message_id = self._edit_target(params)
        if "text" not in params:
            raise bad_request("message text is empty")
        parsed = message_text(params["text"], params.get("parse_mode"), params.get("entities"))
        # Telegram drops the keyboard when an edit of the text does not repeat it.
        markup = check_inline_markup(params.get("reply_markup"), chat["type"])
        self._check_reachable(chat["id"])
        current = self._editable(chat["id"], message_id)
        if current.document is not None or current.photo is not None:
            raise bad_request("there is no text in the message to edit")
        if (current.text, current.entities, current.reply_markup) == (
            parsed.text,
            parsed.entities,
            markup,
        ):
            raise ApiError(400, NOT_MODIFIED)
        return self._bot_message(chat, params["text"], parsed, markup, current).payload

    @api_method("editMessageReplyMarkup")
    async def _edit_message_reply_markup(self, params: Params) -> Params:
        chat, message_id = self._edit_target(params)
        markup = check_inline_markup(params.get("reply_markup"), chat["type"])
        self._check_reachable(chat["id"])
        current = self._editable(chat["id"], message_id)
        if current.reply_markup == markup:
            raise ApiError(400, NOT_MODIFIED)
        parsed = ParsedText(current.text, current.entities)
        return self._bot_message(chat, current.html, parsed, markup, current).payload

    def _edit_target(self, params: Params) -> tuple[Params, int]:
        if "inline_message_id" in params:
            raise bad_request("inline_message_id is not implemented by the fake")
        if "chat_id" not in params:
            raise bad_request("chat_id is empty")
        if "message_id" not in params:
            raise bad_request("message identifier is not specified")
        return self._chat(params["chat_id"]), params["message_id"]

    def _editable(self, chat_id: int, message_id: int) -> StoredMessage:
        current = self._found(chat_id, message_id, "message to edit not found")
        if not current.from_bot:
            raise bad_request("message can't be edited")
        return current

    @api_method("deleteMessage", "chat_id", "message_id")
    async def _delete_message(self, params: Params) -> bool:
        chat = self._chat(params["chat_id"])
        self._found(chat["id"], params["message_id"], "message to delete not found")
        del self._messages[chat["id"]][params["message_id"]]
        self.deleted.append((chat["id"], params["message_id"]))
        return True

    @api_method("answerCallbackQuery", "callback_query_id")
    async def _answer_callback_query(self, params: Params) -> bool:
        record = self.callbacks.get(params["callback_query_id"])
        if (
            record is None
            or record.answered
            or self.clock.monotonic() - record.created > self.callback_expiry
        ):
            raise ApiError(400, QUERY_TOO_OLD)
        if len(params.get("text", "")) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answered = True
        record.answer = params
        return True

    @api_method("sendChatAction", "chat_id", "action")
    async def _send_chat_action(self, params: Params) -> bool:
        chat = self._chat(params["chat_id"])
        if params["action"] not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._check_reachable(chat["id"])
        self.chat_actions.append((chat["id"], params["action"]))
        return True


def _reply_parameters(params: Params) -> Params | None:
    if "reply_to_message_id" not in params:
        return params.get("reply_parameters")
    legacy = ("reply_to_message_id", "allow_sending_without_reply")
    return {key.removeprefix("reply_to_"): params[key] for key in legacy if key in params}
