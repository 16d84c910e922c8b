"""The terminal's ends on their own: wrapping, and whole lines from any stream."""

import asyncio
import io
import os

import pytest

from bot.console import LINE_LIMIT, LineReader, LineTooLong, wrap


def test_a_list_item_continues_under_its_text():
    wrapped = wrap("• Look for champions in all three roles\n2. Readiness of the group 0/5", 20)
    assert wrapped.split("\n") == [
        "• Look for champions",
        "  in all three roles",
        "2. Readiness of the",
        "   group 0/5",
    ]


def test_a_word_longer_than_the_line_is_never_cut():
    code = "x" * 30
    assert wrap(f"Members: {code}", 20) == f"Members:\n{code}"


def test_keys_stay_with_their_labels_in_french_too():
    keys = "a\u202f: synthèse de tous les modules · i\u202f: initiatives · q\u202f: quitter"
    assert wrap(keys, 36).split("\n") == [
        "a\u202f: synthèse de tous les modules ·",
        "i\u202f: initiatives · q\u202f: quitter",
    ]


def test_a_sentence_with_a_middle_dot_is_wrapped_as_words():
    assert wrap("Readiness · question 3 of 5 and more words", 20).split("\n") == [
        "Readiness · question",
        "3 of 5 and more",
        "words",
    ]


async def lines_of(reader: LineReader) -> list[bytes | str]:
    found: list[bytes | str] = []
    while True:
        try:
            line = await reader.readline()
        except LineTooLong:
            found.append("too long")
            continue
        if line is None:
            return found
        found.append(line)


async def test_lines_are_whole_across_reads_and_a_long_one_is_dropped_whole():
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb", buffering=0) as stdin:
        reading = asyncio.create_task(lines_of(LineReader(stdin)))
        with os.fdopen(write_end, "wb", buffering=0) as typed:
            for part in (b"fir", b"st\n\nsec", b"ond\n", b"y" * (3 * LINE_LIMIT), b"\nlast"):
                typed.write(part)
                await asyncio.sleep(0.001)
        assert await reading == [b"first", b"", b"second", "too long", b"last"]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"", []),
        (b"\n", [b""]),
        (b"a\r\nb", [b"a\r", b"b"]),
        (b"z" * (LINE_LIMIT + 1), ["too long"]),
        (b"z" * LINE_LIMIT + b"\nok\n", [b"z" * LINE_LIMIT, b"ok"]),
    ],
)
async def test_in_memory_streams_give_the_same_lines(payload, expected):
    assert await lines_of(LineReader(io.BytesIO(payload))) == expected
