"""Message text as Telegram reads it: HTML parse mode (after tdlib's parse_html) and lengths.

Error reasons and byte offsets follow tdlib (td/telegram/MessageEntity.cpp). One deliberate
difference: a bare "&" that starts no known entity is an error here, while Telegram keeps it
as text; the Bot API docs require "&amp;", so the bot should never rely on the leniency.
"""

from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request

MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
SUPPORTED_TAGS = frozenset(
    ("a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins")
    + ("tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote")
)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_TRIMMED = " \t\r\n"


class HtmlParseError(ValueError):
    """The reason Telegram gives after "can't parse entities: "."""


@dataclass(frozen=True)
class ParsedText:
    text: str
    entities: tuple[dict[str, Any], ...] = ()


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(html: str) -> ParsedText:
    return _HtmlParser(html).run()


def message_text(text: str, parse_mode: str | None, entities: list[Any] | None) -> ParsedText:
    """Text of sendMessage/editMessageText after parsing, trimming and length checks."""
    parsed = _parsed(text, parse_mode, entities)
    if not parsed.text:
        raise bad_request("message text is empty")
    if utf16_len(parsed.text) > MAX_TEXT_UTF16:
        raise bad_request("message is too long")
    return parsed


def caption_text(text: str, parse_mode: str | None, entities: list[Any] | None) -> ParsedText:
    """A media caption after parsing and trimming: it may be empty, at most 1024 long."""
    parsed = _parsed(text, parse_mode, entities)
    if utf16_len(parsed.text) > MAX_CAPTION_UTF16:
        raise bad_request("message caption is too long")
    return parsed


def _parsed(text: str, parse_mode: str | None, entities: list[Any] | None) -> ParsedText:
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            parsed = parse_html(text)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    elif mode in ("markdownv2", "markdown"):
        raise bad_request(
            f"parse_mode {parse_mode} is not supported by the fake Telegram server; use HTML"
        )
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        parsed = ParsedText(text, tuple(entities or ()))
    return _trim(parsed)


def _trim(parsed: ParsedText) -> ParsedText:
    stripped = parsed.text.strip(_TRIMMED)
    if stripped == parsed.text:
        return parsed
    shift = utf16_len(parsed.text[: len(parsed.text) - len(parsed.text.lstrip(_TRIMMED))])
    size = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, tuple(entities))


def _is_space(char: str) -> bool:
    # tdlib treats the terminating NUL as a space; "" plays that part here.
    return char == "" or char in " \t\r\n\v"


@dataclass
class _OpenTag:
    tag: str
    argument: str
    utf16_offset: int
    text_index: int


@dataclass
class _HtmlParser:
    src: str
    out: list[str] = field(default_factory=list)
    length: int = 0
    utf16: int = 0
    stack: list[_OpenTag] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def run(self) -> ParsedText:
        i = 0
        while i < len(self.src):
            char = self.src[i]
            if char == "&":
                i = self._ampersand(i)
            elif char == "<":
                i = self._end_tag(i) if self._at(i + 1) == "/" else self._start_tag(i)
            else:
                self._emit(char)
                i += 1
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        ordered = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), tuple(ordered))

    def _at(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else ""

    def _byte(self, i: int) -> int:
        return len(self.src[:i].encode("utf-8"))

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text)
        self.utf16 += utf16_len(text)

    def _ampersand(self, i: int) -> int:
        decoded = self._decode_entity(i)
        if decoded is None:
            raise HtmlParseError(
                f'Character "&" at byte offset {self._byte(i)} must be escaped as "&amp;" '
                "(the fake is stricter than Telegram here)"
            )
        char, i = decoded
        self._emit(char)
        return i

    def _decode_entity(self, pos: int) -> tuple[str, int] | None:
        end = pos + 1
        if self._at(end) == "#":
            end += 1
            hexadecimal = self._at(end) == "x"
            end += hexadecimal
            digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
            start = end
            while self._at(end) and self._at(end) in digits:
                end += 1
            code = int(self.src[start:end], 16 if hexadecimal else 10) if end > start else 0
            if code == 0 or code >= 0x10FFFF or end - pos >= 10:
                return None
            if 0xD800 <= code <= 0xDFFF:
                raise HtmlParseError(
                    "Text contains invalid Unicode characters after decoding HTML entities, "
                    "check for unmatched surrogate code units"
                )
            char = chr(code)
        else:
            while self._at(end).isascii() and self._at(end).isalpha():
                end += 1
            named = _NAMED_ENTITIES.get(self.src[pos + 1 : end])
            if named is None:
                return None
            char = named
        return char, end + (self._at(end) == ";")

    def _start_tag(self, begin: int) -> int:
        i = begin + 1
        while not _is_space(self._at(i)) and self._at(i) != ">":
            i += 1
        if self._at(i) == "":
            raise HtmlParseError(f"Unclosed start tag at byte offset {self._byte(begin)}")
        tag = self.src[begin + 1 : i].lower()
        if tag not in SUPPORTED_TAGS:
            raise HtmlParseError(
                f'Unsupported start tag "{tag}" at byte offset {self._byte(begin)}'
            )
        argument, i = self._attributes(tag, begin, i)
        if tag == "span" and argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte(begin)}'
            )
        self.stack.append(_OpenTag(tag, argument, self.utf16, self.length))
        return i + 1

    def _attributes(self, tag: str, begin: int, i: int) -> tuple[str, int]:
        argument = ""
        while self._at(i) != ">":
            while self._at(i) and _is_space(self._at(i)):
                i += 1
            if self._at(i) == ">":
                break
            name_start = i
            while not _is_space(self._at(i)) and self._at(i) not in "=>/\"'":
                i += 1
            name = self.src[name_start:i]
            if not name:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self._byte(begin)}'
                )
            while self._at(i) and _is_space(self._at(i)):
                i += 1
            if self._at(i) == "":
                raise HtmlParseError(
                    f'Unclosed start tag "{tag}" at byte offset {self._byte(begin)}'
                )
            if self._at(i) != "=":
                if tag == "blockquote" and name == "expandable":
                    argument = "expandable"
                continue
            i += 1
            while self._at(i) and _is_space(self._at(i)):
                i += 1
            if self._at(i) == "":
                raise HtmlParseError(
                    f'Unclosed start tag "{tag}" at byte offset {self._byte(begin)}'
                )
            value, i = self._attribute_value(i)
            if self._at(i) == "":
                raise HtmlParseError(f"Unclosed start tag at byte offset {self._byte(begin)}")
            argument = _tag_argument(tag, name, value, argument)
        return argument, i

    def _attribute_value(self, i: int) -> tuple[str, int]:
        quote = self._at(i)
        if quote not in ("'", '"'):
            start = i
            while self._at(i).isascii() and (self._at(i).isalnum() or self._at(i) in ".-"):
                i += 1
            if not _is_space(self._at(i)) and self._at(i) != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {self._byte(start)}"
                )
            return self.src[start:i].lower(), i
        i += 1
        value: list[str] = []
        while self._at(i) not in (quote, ""):
            decoded = self._decode_entity(i) if self._at(i) == "&" else None
            if decoded is None:
                value.append(self._at(i))
                i += 1
            else:
                value.append(decoded[0])
                i = decoded[1]
        return "".join(value), i + (self._at(i) == quote)

    def _end_tag(self, begin: int) -> int:
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {self._byte(begin)}")
        i = begin + 2
        while not _is_space(self._at(i)) and self._at(i) != ">":
            i += 1
        end_name = self.src[begin + 2 : i].lower()
        while self._at(i) and _is_space(self._at(i)):
            i += 1
        if self._at(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {self._byte(begin)}")
        opened = self.stack[-1]
        if end_name and end_name != opened.tag:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {self._byte(begin)}, "
                f'expected "</{opened.tag}>", found "</{end_name}>"'
            )
        if self.utf16 > opened.utf16_offset:
            self._close(opened)
        self.stack.pop()
        return i + 1

    def _close(self, opened: _OpenTag) -> None:
        span = {"offset": opened.utf16_offset, "length": self.utf16 - opened.utf16_offset}
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and all(last[k] == v for k, v in span.items())
        tag, argument = opened.tag, opened.argument
        if tag in _SIMPLE_ENTITY_TYPES:
            self.entities.append({"type": _SIMPLE_ENTITY_TYPES[tag], **span})
        elif tag == "a":
            url = argument or "".join(self.out)[opened.text_index :]
            if url:
                self.entities.append({"type": "text_link", **span, "url": url})
        elif tag == "blockquote":
            kind = "expandable_blockquote" if argument else "blockquote"
            self.entities.append({"type": kind, **span})
        elif tag == "tg-emoji":
            if not argument.isdigit() or int(argument) == 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": argument})
        elif tag == "pre" and last and same_span and last["type"] == "code" and "language" in last:
            last["type"] = "pre"
        elif tag == "code" and last and same_span and last["type"] == "pre" and argument:
            last["language"] = argument
        elif tag == "code" and argument:
            self.entities.append({"type": "code", **span, "language": argument})
        else:
            self.entities.append({"type": tag, **span})


def _tag_argument(tag: str, name: str, value: str, current: str) -> str:
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    return current
