"""The fake's sendPhoto and sendMediaGroup (photos only), uploads checked as Telegram checks
photos: an image it can read (PNG or JPEG here), at most 10 MB, width and height adding up to
at most 10,000 px, a ratio of at most 20 (https://core.telegram.org/bots/api#sendphoto); an
album of 2 to 10. Each call is one send against the sending limits, like sendMessage."""

import struct

from aiohttp.web import FileField

from .bot_api import BotApi, _reply_parameters
from .errors import ApiError, bad_request
from .html_text import caption_text
from .records import Params, StoredPhoto
from .registry import api_method

MAX_PHOTO = 10 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ALBUM = range(2, 11)


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, read from its IHDR chunk; None when it is not one."""
    if not content.startswith(PNG_SIGNATURE) or content[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


class Photos(BotApi):
    @api_method("sendPhoto", "chat_id", "photo")
    async def _send_photo(self, params: Params) -> Params:
        chat = self._chat(params["chat_id"])
        photo = self._photo(params["photo"])
        shown = self._captioned(chat, params)
        return self._bot_message(chat, *shown[:3], placement=shown[3], photo=photo).payload

    @api_method("sendMediaGroup", "chat_id", "media")
    async def _send_media_group(self, params: Params) -> list[Params]:
        chat = self._chat(params["chat_id"])
        media = params["media"]
        if len(media) not in ALBUM:
            raise bad_request("wrong number of media in the album: 2 to 10 are allowed")
        if any(not isinstance(m, dict) or m.get("type") != "photo" for m in media):
            raise bad_request("media group of photos only in the fake")
        shown = [
            (
                self._photo(m.get("media", "")),
                m.get("caption", ""),
                caption_text(m.get("caption", ""), m.get("parse_mode"), m.get("caption_entities")),
            )
            for m in media
        ]
        reply = _reply_parameters(params)
        self._check_reply_target(chat["id"], reply)
        self._check_reachable(chat["id"])
        placement = self._topic_placement(chat, params.get("message_thread_id"), reply)
        group = f"album-{len(self._files) + 1}"
        sent = []
        for photo, caption, parsed in shown:
            message = self._bot_message(
                chat, caption, parsed, None, placement=placement, photo=photo
            )
            message.payload["media_group_id"] = group
            sent.append(message.payload)
        return sent

    def _photo(self, sent: FileField | str) -> StoredPhoto:
        """An uploaded image, or the file_id of a photo sent before."""
        if isinstance(sent, str):
            known = self._files.get(sent)
            if not isinstance(known, StoredPhoto):
                raise bad_request("wrong file identifier/HTTP URL specified")
            return known
        content = sent.file.read()
        if not content:
            raise bad_request("file must be non-empty")
        if len(content) > MAX_PHOTO:
            raise ApiError(413, "Request Entity Too Large")
        size = image_size(content)
        if size is None and not content.startswith(b"\xff\xd8"):
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size or (1, 1)
        if width + height > 10_000 or max(width, height) > 20 * min(width, height):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        name = sent.filename or "photo"
        photo = StoredPhoto(f"photo-{len(self._files) + 1}", name, content, width, height)
        self._files[photo.file_id] = photo
        return photo
