import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from flows.text import BIDI_CONTROLS, ELLIPSIS, ZWJ, clean_line, clean_text, clip, graphemes

FAMILY = "👨\u200d👩\u200d👧"
THUMB = "👍🏽"
KEYCAP = "1\ufe0f\u20e3"
FRANCE, GERMANY = "🇫🇷", "🇩🇪"
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
E_ACUTE = "e\u0301"
EXTENDERS = ("\u0301", "\u20e3", "\ufe0e", "\ufe0f", "\U0001f3fb", "\U0001f3ff", "\U000e0067")

pieces = st.sampled_from(
    [
        "a",
        "Zoë",
        " ",
        "\n",
        "\t",
        "\r",
        "1",
        "👨",
        "❤",
        "🇫",
        "🇷",
        ZWJ,
        "\u200e",
        *EXTENDERS,
        *BIDI_CONTROLS,
        FAMILY,
        THUMB,
        KEYCAP,
        FRANCE,
        SCOTLAND,
        E_ACUTE,
    ]
)
tricky = st.lists(pieces, max_size=30).map("".join)
texts = tricky | st.text(max_size=40)


def is_extender(char: str) -> bool:
    return char in EXTENDERS or unicodedata.category(char).startswith("M")


def is_control(char: str) -> bool:
    """Stands alone in a grapheme (UAX #29 Control): no mark attaches to it."""
    return char != ZWJ and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def is_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  Ann  ", "Ann"),
        ("\u202eevil\u202c name", "evil name"),
        ("a\u2066b\u2067c\u2068d\u2069e\u202af\u202bg\u202dh", "abcdefgh"),
        ("one\r\ntwo\rthree\n", "one\ntwo\nthree"),
        ("tab\there\x00\x1b[31m", "tab\there[31m"),
        (f"{FAMILY} \u200eok\u200f \ufe0f", f"{FAMILY} \u200eok\u200f \ufe0f"),
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@given(texts)
@example("\u202e\r\n x")
def test_clean_text_keeps_only_safe_characters_in_order(raw: str) -> None:
    cleaned = clean_text(raw)

    assert cleaned == cleaned.strip()
    assert clean_text(cleaned) == cleaned
    assert not set(cleaned) & BIDI_CONTROLS
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in cleaned)
    normalized = iter(raw.replace("\r\n", "\n").replace("\r", "\n"))
    assert all(c in normalized for c in cleaned)  # a subsequence: nothing added or moved


def test_clean_line_makes_one_line_of_a_name() -> None:
    assert clean_line(" Ann \n\n Lee\t\u202e ") == "Ann Lee"
    assert clean_line("\u2066\u2069") == ""


@given(texts)
def test_clean_line_is_clean_text_on_one_line(raw: str) -> None:
    line = clean_line(raw)

    assert line == " ".join(clean_text(raw).split())
    assert "  " not in line
    assert not any(c.isspace() and c != " " for c in line)
    assert clean_line(line) == line


def test_graphemes_keep_what_a_reader_sees_as_one_character() -> None:
    text = f"{FAMILY} {THUMB}{KEYCAP}{FRANCE}{GERMANY}🇫{SCOTLAND}{E_ACUTE}\r\n\u200e"
    assert list(graphemes(text)) == [
        FAMILY,
        " ",
        THUMB,
        KEYCAP,
        FRANCE,
        GERMANY,
        "🇫",
        SCOTLAND,
        E_ACUTE,
        "\r\n",
        "\u200e",
    ]
    assert list(graphemes(f"a{ZWJ} b\n\u0301")) == [f"a{ZWJ}", " ", "b", "\n", "\u0301"]
    assert list(graphemes(f"a{ZWJ}{FRANCE}{GERMANY}")) == [f"a{ZWJ}{FRANCE}", GERMANY]


@given(texts)
def test_graphemes_cover_the_text(text: str) -> None:
    assert "".join(graphemes(text)) == text


@pytest.mark.parametrize(
    ("text", "limit", "clipped"),
    [
        ("short", 5, "short"),
        ("shorter", 5, "shor…"),
        ("Ann Lee", 5, "Ann…"),
        (f"ab{FAMILY}", 6, "ab…"),
        (f"ab{FAMILY}", 7, f"ab{FAMILY}"),
        (f"ab{THUMB}c", 4, "ab…"),
        (f"ab{KEYCAP}c", 5, "ab…"),
        (f"ab{KEYCAP}cd", 6, f"ab{KEYCAP}…"),
        (f"{FRANCE}{GERMANY}{FRANCE}", 4, f"{FRANCE}…"),
        (f"{FRANCE}{GERMANY}{FRANCE}", 3, f"{FRANCE}…"),
        (f"{FRANCE}{GERMANY}{FRANCE}", 2, "…"),
        (f"{E_ACUTE}{E_ACUTE}", 3, f"{E_ACUTE}…"),
        (f"ab{ZWJ} cd", 5, "ab…"),
        ("abc", 1, "…"),
        ("abc", 0, ""),
    ],
)
def test_clip(text: str, limit: int, clipped: str) -> None:
    assert clip(text, limit) == clipped


@given(texts, st.integers(min_value=1, max_value=30))
@example(f"{FRANCE}{FRANCE}🇫x", 5)
@example("aaaaaaaZoë\u200e\u200da", 12)
def test_clip_never_splits_a_character(text: str, limit: int) -> None:
    clipped = clip(text, limit)

    assert len(clipped) <= limit
    if len(text) <= limit:
        assert clipped == text
        return
    assert clipped.endswith(ELLIPSIS)
    kept = clipped[: -len(ELLIPSIS)]
    assert text.startswith(kept)
    assert kept == kept.rstrip()
    assert not kept.endswith(ZWJ)
    if not kept:
        return
    after, next_after = text[len(kept)], text[len(kept) + 1 :][:1]
    assert not is_extender(after) or is_control(kept[-1])
    if after == ZWJ:  # a ZWJ joining nothing was dropped (after a control it joins nothing)
        joins_nothing = not next_after or next_after.isspace() or is_control(next_after)
        assert joins_nothing or is_control(kept[-1])
    if is_indicator(after):
        run = len(kept) - len(kept.rstrip("".join(map(chr, range(0x1F1E6, 0x1F200)))))
        assert run % 2 == 0
