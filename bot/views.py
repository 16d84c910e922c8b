"""Telegram HTML text within Telegram's limits."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def text(tr_text: str) -> str:
    """A translated sentence, with any person-provided fields already in it, as safe HTML."""
    return html.escape(tr_text, quote=False)


def visible_length(text: str) -> int:
    """Length as Telegram counts it: after parsing the HTML, in UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


def split_message(paragraphs: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join paragraphs into messages under ``limit``, cutting only between paragraphs or lines.

    Rendered lines never leave a tag open, so no cut falls inside one.
    """
    messages: list[str] = []
    current = ""
    for piece in _pieces(paragraphs, limit):
        candidate = f"{current}\n\n{piece}" if current else piece
        if visible_length(candidate) <= limit:
            current = candidate
            continue
        messages.append(current)
        current = piece
    if current:
        messages.append(current)
    return messages


def _pieces(paragraphs: Iterable[str], limit: int) -> Iterable[str]:
    for paragraph in paragraphs:
        if visible_length(paragraph) <= limit:
            yield paragraph
            continue
        chunk = ""
        for line in paragraph.split("\n"):
            candidate = f"{chunk}\n{line}" if chunk else line
            if visible_length(candidate) <= limit:
                chunk = candidate
            else:
                if chunk:
                    yield chunk
                chunk = line
        if chunk:
            yield chunk
