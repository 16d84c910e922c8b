"""Files the bot sends — text documents (``sendDocument``), chart images (``sendPhoto``,
``sendMediaGroup``): stored with their call, content included, so that the sender can make the
call again after a restart, uploading the same files."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence

from aiogram.methods import SendDocument, SendMediaGroup, SendPhoto
from aiogram.types import (
    BufferedInputFile,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaLivePhoto,
    InputMediaPhoto,
    InputMediaVideo,
)


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


Media = (
    InputMediaAudio | InputMediaDocument | InputMediaLivePhoto | InputMediaPhoto | InputMediaVideo
)
ALBUM = 10
"""Photos Telegram takes in one media group (at least two)."""


def photos(
    chat_id: int, images: Sequence[bytes], caption: str
) -> list[SendPhoto | SendMediaGroup]:
    """PNG images in albums of up to ten, ``caption`` (Telegram HTML) under the first one."""
    calls: list[SendPhoto | SendMediaGroup] = []
    for start in range(0, len(images), ALBUM):
        chunk = images[start : start + ALBUM]
        shown = caption if start == 0 else None
        files = [_png(image, start + n + 1) for n, image in enumerate(chunk)]
        if len(files) == 1:
            calls.append(SendPhoto(chat_id=chat_id, photo=files[0], caption=shown))
            continue
        media: list[Media] = [
            InputMediaPhoto(media=file, caption=shown if n == 0 else None)
            for n, file in enumerate(files)
        ]
        calls.append(SendMediaGroup(chat_id=chat_id, media=media))
    return calls


def stored_photos(call: SendPhoto | SendMediaGroup) -> str:
    """The call as JSON, each image as its file name and base64 bytes."""
    if isinstance(call, SendPhoto):
        params = call.model_dump(mode="json", exclude_defaults=True, exclude={"photo"})
        params["photo"] = _file(call.photo)
        return json.dumps(params, ensure_ascii=False)
    params = call.model_dump(mode="json", exclude_defaults=True, exclude={"media"})
    params["media"] = [
        {"caption": m.caption, "file": _file(m.media)}
        for m in call.media
        if isinstance(m, InputMediaPhoto)
    ]
    return json.dumps(params, ensure_ascii=False)


def rebuilt_photo(params: str) -> SendPhoto:
    values = json.loads(params)
    photo = _upload(values.pop("photo"))
    return SendPhoto(**values, photo=photo)


def rebuilt_album(params: str) -> SendMediaGroup:
    values = json.loads(params)
    media: list[Media] = [
        InputMediaPhoto(media=_upload(m["file"]), caption=m["caption"])
        for m in values.pop("media")
    ]
    return SendMediaGroup(**values, media=media)


def _png(image: bytes, number: int) -> BufferedInputFile:
    return BufferedInputFile(image, filename=f"chart-{number:02}.png")


def _file(upload: object) -> dict[str, str]:
    assert isinstance(upload, BufferedInputFile), upload  # as photos made it
    name = upload.filename or "chart.png"
    return {"file_name": name, "base64": base64.b64encode(upload.data).decode()}


def _upload(file: dict[str, str]) -> BufferedInputFile:
    return BufferedInputFile(base64.b64decode(file["base64"]), filename=file["file_name"])
