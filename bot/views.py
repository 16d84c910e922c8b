"""Telegram HTML text within Telegram's limits."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from flows.text import graphemes

MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")
_TOKEN = re.compile(r"(?P<tag><[^>]+>)|(?P<entity>&#?\w+;)|(?P<text>[^<&]+|[<&])")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")


def text(tr_text: str) -> str:
    """A translated sentence, with any person-provided fields already in it, as safe HTML."""
    return html.escape(tr_text, quote=False)


def visible_length(text: str) -> int:
    """Length as Telegram counts it: after parsing the HTML, in UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", text))
    return _utf16_length(plain)


def split_message(paragraphs: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join paragraphs into messages under ``limit``, cutting between paragraphs or lines.

    A line longer than ``limit`` is cut into pieces of its own (see ``_cut_line``); a piece
    that continues a line is never joined to the one before it. ``limit`` >= 2: an emoji
    counts two.
    """
    if limit < 2:
        raise ValueError(f"limit {limit} leaves no room for an emoji")
    messages: list[str] = []
    current, length = "", 0
    for piece, size, fresh in _pieces(paragraphs, limit):
        if current and fresh and length + 2 + size <= limit:
            current, length = f"{current}\n\n{piece}", length + 2 + size
            continue
        if current:
            messages.append(current)
        current, length = piece, size
    if current:
        messages.append(current)
    return messages


def _pieces(paragraphs: Iterable[str], limit: int) -> Iterator[tuple[str, int, bool]]:
    """Paragraphs with their visible length and whether they start a paragraph or a line.

    One too long comes line by line, lines joined up while they fit.
    """
    for paragraph in paragraphs:
        size = visible_length(paragraph)
        if size <= limit:
            yield paragraph, size, True
            continue
        chunk, chunk_size, fresh = "", 0, True
        for line in paragraph.split("\n"):
            for n, (piece, piece_size) in enumerate(_cut_line(line, limit)):
                if n == 0 and chunk and chunk_size + 1 + piece_size <= limit:
                    chunk, chunk_size = f"{chunk}\n{piece}", chunk_size + 1 + piece_size
                    continue
                if chunk:
                    yield chunk, chunk_size, fresh
                chunk, chunk_size, fresh = piece, piece_size, n == 0
        if chunk:
            yield chunk, chunk_size, fresh


class _Kind(Enum):
    OPEN = "open"
    CLOSE = "close"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class _Token:
    """A tag, an entity or one grapheme of a line of Telegram HTML."""

    raw: str
    kind: _Kind
    size: int = 0
    name: str = ""

    @property
    def blank(self) -> bool:
        return self.kind is _Kind.TEXT and self.raw.isspace()


@dataclass(frozen=True, slots=True)
class _Cut:
    """Where a piece ends: the token after it, the tags still open there, its visible size."""

    end: int
    opened: tuple[_Token, ...]
    size: int


def _cut_line(line: str, limit: int) -> Iterator[tuple[str, int]]:
    """A line in pieces of at most ``limit``, cut after a space where one follows some text.

    Cuts fall between tags, entities and graphemes; tags open at a cut are closed at the
    end of the piece and opened again at the start of the next.
    """
    size = visible_length(line)
    if size <= limit:
        yield line, size
        return
    tokens = _tokens(line, limit)
    start = 0
    opened: tuple[_Token, ...] = ()
    while start < len(tokens):
        cut = _next_cut(tokens, start, opened, limit)
        body = "".join(token.raw for token in tokens[start : cut.end])
        opening = "".join(token.raw for token in opened)
        closing = "".join(f"</{token.name}>" for token in reversed(cut.opened))
        yield f"{opening}{body}{closing}", cut.size
        start, opened = cut.end, cut.opened


def _next_cut(tokens: list[_Token], start: int, opened: tuple[_Token, ...], limit: int) -> _Cut:
    """The end of the piece starting at ``tokens[start]`` with the tags ``opened``."""
    stack, size = list(opened), 0
    at_space: _Cut | None = None
    seen_text = False
    for i in range(start, len(tokens)):
        token = tokens[i]
        if token.kind is _Kind.OPEN:
            stack.append(token)
        elif token.kind is _Kind.CLOSE:
            if stack and stack[-1].name == token.name:
                stack.pop()
            if at_space and at_space.end == i:
                at_space = _Cut(i + 1, tuple(stack), at_space.size)
        elif size + token.size > limit:
            return at_space or _hard_cut(tokens, start, i, stack, size)
        else:
            size += token.size
            if token.blank and seen_text:
                at_space = _Cut(i + 1, tuple(stack), size)
            seen_text = seen_text or not token.blank
    return _Cut(len(tokens), tuple(stack), size)


def _hard_cut(tokens: list[_Token], start: int, end: int, stack: list[_Token], size: int) -> _Cut:
    """Cut before ``tokens[end]``, leaving tags opened just before it to the next piece."""
    while end > start and tokens[end - 1].kind is _Kind.OPEN:
        end -= 1
        stack.pop()
    return _Cut(end, tuple(stack), size)


def _tokens(line: str, limit: int) -> list[_Token]:
    """Tags, entities and graphemes; one longer than ``limit`` comes code point by code point."""
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(line):
        if match.group("tag"):
            tokens.append(_tag(match.group()))
            continue
        texts = [match.group()] if match.group("entity") else graphemes(match.group())
        for raw in texts:
            if _visible(raw) > limit:
                tokens.extend(_Token(char, _Kind.TEXT, _visible(char)) for char in raw)
            else:
                tokens.append(_Token(raw, _Kind.TEXT, _visible(raw)))
    return tokens


def _visible(raw: str) -> int:
    """The visible length of an entity or plain text (no tags, no ``&``-sequences)."""
    return _utf16_length(html.unescape(raw))


def _tag(raw: str) -> _Token:
    named = _TAG_NAME.match(raw)
    name = named.group(1).lower() if named else ""
    if raw.startswith("</"):
        return _Token(raw, _Kind.CLOSE, name=name)
    if not name or raw.endswith("/>"):
        return _Token(raw, _Kind.TEXT)
    return _Token(raw, _Kind.OPEN, name=name)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
