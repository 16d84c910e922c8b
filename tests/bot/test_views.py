import html

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.keyboards import initiatives_menu
from bot.views import split_message, visible_length
from flows.i18n import translator
from tests.fake_telegram.html_text import parse_html

LIMIT = 60
FAMILY = "👨\u200d👩\u200d👧"
line = st.one_of(
    st.text(alphabet="ab é&<>🙂", min_size=1, max_size=LIMIT // 2).map(
        lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ),
    st.text(alphabet="xyz", min_size=1, max_size=20).map(lambda text: f"<b>{text}</b>"),
)
paragraph = st.lists(line, min_size=1, max_size=6).map("\n".join)


@given(st.lists(paragraph, min_size=1, max_size=8))
def test_parts_fit_the_limit_and_keep_every_line_in_order(paragraphs: list[str]) -> None:
    parts = split_message(paragraphs, limit=LIMIT)

    assert all(0 < visible_length(part) <= LIMIT for part in parts)
    lines = [text for part in parts for text in part.split("\n") if text]
    assert lines == [text for p in paragraphs for text in p.split("\n")]


def test_paragraphs_that_fit_together_share_a_message() -> None:
    assert split_message(["one", "two"], limit=8) == ["one\n\ntwo"]
    assert split_message(["one", "two"], limit=7) == ["one", "two"]
    assert split_message(["<b>a</b>\nbb\ncc"], limit=4) == ["<b>a</b>\nbb", "cc"]


plain = (
    st.lists(
        st.sampled_from(["a", "b", "é", " ", "  ", "&", "<", ">", "🙂", "🇫🇷", FAMILY]),
        min_size=1,
        max_size=4 * LIMIT,
    )
    .map("".join)
    .map(lambda text: html.escape(text, quote=False))
)
long_line = st.one_of(
    plain,
    plain.map(lambda text: f"<b>{text}</b>"),
    plain.map(lambda text: f"    <i>{text}</i>"),
    st.tuples(plain, plain, plain).map(lambda t: f"{t[0]}<b>{t[1]}</b>{t[2]}"),
    st.tuples(plain, plain).map(lambda t: f"<b>{t[0]}<i>{t[1]}</i></b>"),
)
long_paragraph = st.lists(long_line, min_size=1, max_size=4).map("\n".join)


def styled(part: str) -> list[tuple[str, frozenset[str]]]:
    """Each visible character of Telegram HTML with the styles Telegram gives it."""
    parsed = parse_html(part)
    chars, offset = [], 0
    for char in parsed.text:
        styles = frozenset(
            e["type"] for e in parsed.entities if e["offset"] <= offset < e["offset"] + e["length"]
        )
        chars.append((char, styles))
        offset += len(char.encode("utf-16-le")) // 2
    return chars


def visible_text(parts: list[str]) -> list[tuple[str, frozenset[str]]]:
    """The styled text of ``parts`` without the line breaks between lines and paragraphs."""
    return [(char, styles) for part in parts for char, styles in styled(part) if char != "\n"]


@given(st.lists(long_paragraph, min_size=1, max_size=4), st.integers(min_value=2, max_value=80))
@example(["<b>" + "a" * 100 + "</b>"], 60)
@example([" " + "🙂" * 40], 60)
@example([FAMILY * 3], 5)
def test_parts_of_long_lines_fit_and_keep_the_text_and_its_styles(
    paragraphs: list[str], limit: int
) -> None:
    parts = split_message(paragraphs, limit=limit)

    for part in parts:
        assert 0 < visible_length(part) <= limit
        assert 0 < len(parse_html(part).text.encode("utf-16-le")) // 2 <= limit
    assert visible_text(parts) == visible_text(paragraphs)


def test_a_long_line_is_cut_after_a_space_with_its_tags_closed_and_reopened() -> None:
    parts = split_message(["<b>hello world, a long line</b>"], limit=12)

    assert parts == ["<b>hello </b>", "<b>world, a </b>", "<b>long line</b>"]


def test_a_long_word_is_cut_between_characters_never_inside_an_entity_or_an_emoji() -> None:
    assert split_message(["a&amp;&lt;🙂🙂"], limit=4) == ["a&amp;&lt;", "🙂🙂"]
    assert split_message(["ab🙂"], limit=3) == ["ab", "🙂"]
    assert split_message([f"x{FAMILY}y"], limit=8) == ["x", FAMILY, "y"]
    assert split_message([FAMILY], limit=4) == ["👨\u200d", "👩\u200d", "👧"]


def test_pieces_of_a_line_stay_apart_and_the_next_line_follows_the_last() -> None:
    parts = split_message(["a\n" + "word " * 5 + "\nend"], limit=12)

    assert parts == ["a\nword word ", "word word ", "word \nend"]


def test_a_limit_without_room_for_an_emoji_is_refused() -> None:
    with pytest.raises(ValueError, match="emoji"):
        split_message(["a"], limit=1)


def test_initiative_buttons_clip_names_whole_and_drop_overrides() -> None:
    name = "\u202e" + "Community garden network " * 2 + f"and more {FAMILY} and friends"
    markup = initiatives_menu(translator("en"), [(1, name, True, False)])

    label = markup.inline_keyboard[0][0].text
    assert label == "● Community garden network Community garden network and more…"
    assert "\u202e" not in label
