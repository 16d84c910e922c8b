from hypothesis import given
from hypothesis import strategies as st

from bot.views import split_message, visible_length

LIMIT = 60
line = st.one_of(
    st.text(alphabet="ab é&<>🙂", min_size=1, max_size=LIMIT).map(
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
