"""Text typed by a person, made safe to store and show: cleaned, and clipped whole.

Standard library only. ``graphemes`` approximates Unicode's extended grapheme clusters
(UAX #29) closely enough that a cut never breaks what a reader sees as one character:

- a base character keeps its marks (categories Mn, Mc, Me: combining accents, the keycap
  U+20E3, the variation selectors U+FE00–FE0F and U+E0100–E01EF), emoji skin tones
  (U+1F3FB–1F3FF), tag characters (U+E0020–E007F, subdivision flags) and ZWJ / ZWNJ;
- after a ZWJ the next character joins too (UAX #29 joins only pictographs; joining any
  non-blank character keeps Indic conjuncts whole as well), so a ZWJ sequence is one cluster;
- regional indicators pair up into flags;
- CR LF is one cluster; controls, format characters and line separators stand alone.

Not covered: Hangul conjoining jamo sequences (precomposed syllables are single code points)
and prepended concatenation marks; those may be cut between code points.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

ZWJ = "\u200d"
ELLIPSIS = "…"
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: one left open reverses or reorders the rest of a line.
The marks LRM/RLM (U+200E/U+200F) are kept: they affect no text beyond themselves."""
_KEPT_CONTROLS = "\n\t"
_CONTROL_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def clean_text(text: str) -> str:
    """Normalize line endings to ``\\n``; drop control characters (keeping line breaks and
    tabs) and bidi embeddings/overrides/isolates; strip surrounding blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text.strip()
    return "".join(c for c in text if _kept(c)).strip()


def clean_line(text: str) -> str:
    """``clean_text`` for a name: every run of blanks, line breaks included, is one space."""
    return " ".join(clean_text(text).split())


def clip(text: str, limit: int) -> str:
    """At most ``limit`` code points, cut between graphemes and ending in "…" when cut."""
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    kept: list[str] = []
    size = 0
    for grapheme in graphemes(text):
        if size + len(grapheme) > limit - len(ELLIPSIS):
            break
        kept.append(grapheme)
        size += len(grapheme)
    return _trim_end("".join(kept)) + ELLIPSIS


def graphemes(text: str) -> Iterator[str]:
    """The user-perceived characters of ``text``, in order (see the module docstring)."""
    cluster, previous, lone_indicator = "", "", False
    for char in text:
        if cluster and _joins(previous, char, lone_indicator):
            cluster += char
            lone_indicator = previous == ZWJ and _is_regional_indicator(char)
        else:
            if cluster:
                yield cluster
            cluster = char
            lone_indicator = _is_regional_indicator(char)
        previous = char
    if cluster:
        yield cluster


def _kept(char: str) -> bool:
    if char in _KEPT_CONTROLS:
        return True
    return unicodedata.category(char) != "Cc" and char not in BIDI_CONTROLS


def _joins(previous: str, char: str, lone_indicator: bool) -> bool:
    """Whether ``char`` continues the cluster whose last character is ``previous``.

    ``lone_indicator``: the cluster is one regional indicator still waiting for its pair.
    """
    if previous == "\r" and char == "\n":
        return True
    if _is_control(previous) or _is_control(char):
        return False
    if _is_extend(char):
        return True
    if previous == ZWJ:
        return not char.isspace()
    return lone_indicator and _is_regional_indicator(char)


def _is_extend(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char).startswith("M")  # marks, variation selectors, keycap
        or char in "\u200c\u200d"
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in _CONTROL_CATEGORIES and not _is_extend(char)


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _trim_end(text: str) -> str:
    """Without trailing blanks or a ZWJ left joining nothing."""
    trimmed = text.rstrip().rstrip(ZWJ)
    while trimmed != text:
        text, trimmed = trimmed, trimmed.rstrip().rstrip(ZWJ)
    return text
