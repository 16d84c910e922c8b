"""Text documents the bot sends (``sendDocument``): stored with their call, content included, so
that the sender can make the call again after a restart, uploading the same file."""

from __future__ import annotations

import json

from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile


def text_document(chat_id: int, file_name: str, content: str, caption: str) -> SendDocument:
    """A UTF-8 file with a caption (Telegram HTML)."""
    upload = BufferedInputFile(content.encode(), filename=file_name)
    return SendDocument(chat_id=chat_id, document=upload, caption=caption)


def stored(call: SendDocument) -> str:
    """The call as JSON, with the file's name and text in place of the upload."""
    upload = call.document
    assert isinstance(upload, BufferedInputFile), upload  # as text_document made it
    params = call.model_dump(mode="json", exclude_defaults=True, exclude={"document"})
    params["document"] = {"file_name": upload.filename, "text": upload.data.decode()}
    return json.dumps(params, ensure_ascii=False)


def rebuilt(params: str) -> SendDocument:
    """The call ``stored`` wrote, ready to be made."""
    values = json.loads(params)
    file = values.pop("document")
    upload = BufferedInputFile(file["text"].encode(), filename=file["file_name"])
    return SendDocument(**values, document=upload)
