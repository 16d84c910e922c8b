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

    Rendered lines never leave a tag open, so no cut falls inside one, and lengths add up.
    """
    messages: list[str] = []
    current, length = "", 0
    for piece, size in _pieces(paragraphs, limit):
        if current and length + 2 + size <= limit:
            current, length = f"{current}\n\n{piece}", length + 2 + size
            continue
        if current:
            messages.append(current)
        current, length = piece, size
    if current:
        messages.append(current)
    return messages


def _pieces(paragraphs: Iterable[str], limit: int) -> Iterable[tuple[str, int]]:
    """Paragraphs with their visible length; one too long comes line by line, joined up."""
    for paragraph in paragraphs:
        size = visible_length(paragraph)
        if size <= limit:
            yield paragraph, size
            continue
        chunk, chunk_size = "", 0
        for line in paragraph.split("\n"):
            line_size = visible_length(line)
            if chunk and chunk_size + 1 + line_size <= limit:
                chunk, chunk_size = f"{chunk}\n{line}", chunk_size + 1 + line_size
                continue
            if chunk:
                yield chunk, chunk_size
            chunk, chunk_size = line, line_size
        if chunk:
            yield chunk, chunk_size
