"""The fake's sendPhoto and sendMediaGroup: real multipart uploads from aiogram, checked as
Telegram checks photos, each call one send against the limits."""

import struct
import zlib
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.types import BufferedInputFile, InputMediaPhoto, Message

from tests.clock import TestClock
from tests.fake_telegram import FakeTelegram, SimUser
from tests.fake_telegram.photos import image_size
from tests.test_fake_telegram import running

Chat = tuple[FakeTelegram, Bot, SimUser]


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of that size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def upload(content: bytes, name: str = "chart.png") -> BufferedInputFile:
    return BufferedInputFile(content, filename=name)


@pytest.fixture
async def chat() -> AsyncIterator[Chat]:
    async with running(FakeTelegram(clock=TestClock(autojump=False))) as (fake, bot):
        yield fake, bot, fake.user(first_name="Alice")


async def test_a_photo_is_stored_with_its_size_and_caption(chat: Chat) -> None:
    fake, bot, alice = chat
    sent = await bot.send_photo(
        alice.id, upload(png(40, 30)), caption="<b>Profile</b>", parse_mode="HTML"
    )
    assert isinstance(sent, Message) and sent.photo is not None
    assert (sent.photo[-1].width, sent.photo[-1].height) == (40, 30)
    assert sent.caption == "Profile"
    [photo] = fake.photos(alice.id)
    assert image_size(photo.content) == (40, 30)
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("text", chat_id=alice.id, message_id=sent.message_id)


async def test_what_telegram_refuses_is_not_stored(chat: Chat) -> None:
    fake, bot, alice = chat
    for content, reason in [
        (b"", "file must be non-empty"),
        (b"not an image", "IMAGE_PROCESS_FAILED"),
        (png(2, 50), "PHOTO_INVALID_DIMENSIONS"),
    ]:
        with pytest.raises(TelegramBadRequest, match=reason):
            await bot.send_photo(alice.id, upload(content))
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await bot.send_photo(alice.id, upload(png(4, 4)), caption="é" * 1025)
    assert fake.photos(alice.id) == []


async def test_an_album_is_one_send_of_several_photos(chat: Chat) -> None:
    fake, bot, alice = chat
    media = [
        InputMediaPhoto(
            media=upload(png(10 + n, 10), f"c{n}.png"),
            caption="<i>One</i>" if n == 0 else None,
            parse_mode="HTML",
        )
        for n in range(3)
    ]
    sent = await bot.send_media_group(alice.id, media)  # type: ignore[arg-type]
    assert len(sent) == 3 and len({m.media_group_id for m in sent}) == 1
    assert [image_size(p.content) for p in fake.photos(alice.id)] == [(10, 10), (11, 10), (12, 10)]
    assert fake.last_message(alice.id).text == ""
    assert fake.messages(alice.id)[0].text == "One"
    with pytest.raises(TelegramBadRequest, match="wrong number of media"):
        await bot.send_media_group(alice.id, media[:1])  # type: ignore[arg-type]
    with pytest.raises(TelegramBadRequest, match="wrong number of media"):
        await bot.send_media_group(alice.id, media * 4)  # type: ignore[arg-type]


async def test_photos_count_against_the_private_chat_limit(chat: Chat) -> None:
    fake, bot, alice = chat
    fake.set_rate_limits(True)
    album = [InputMediaPhoto(media=upload(png(4, 4), f"{n}.png")) for n in range(2)]
    await bot.send_media_group(alice.id, album)  # type: ignore[arg-type]
    await bot.send_photo(alice.id, upload(png(4, 4)))
    await bot.send_message(alice.id, "third")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_photo(alice.id, upload(png(4, 4)))
    assert [r.limit for r in fake.rate_limited] == ["private chat"]
