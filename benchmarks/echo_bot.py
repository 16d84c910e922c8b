"""A bare aiogram echo bot: the yardstick of benchmarks/telegram_load.py.

    BOT_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT uv run python benchmarks/echo_bot.py

aiogram's own ``Dispatcher.start_polling`` (defaults: updates handled as tasks, no isolation)
with no database. A text gets the text back under an eight-button inline keyboard, about the
size of the coach's question keyboard; a tap is answered and its message edited, as the coach
does when someone answers a question.
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

ROWS = (("1", "2"), ("3", "4"), ("5", "6"), ("7", "8"))
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text=f"Option {n}", callback_data=f"tap:{n}") for n in row]
        for row in ROWS
    ]
)

dispatcher = Dispatcher()


@dispatcher.message(F.text)
async def echo(message: Message) -> None:
    while True:  # Telegram's sending limits apply to both bots: flood control is waited out
        try:
            await message.answer(message.text or "", reply_markup=KEYBOARD)
            return
        except TelegramRetryAfter as error:
            await asyncio.sleep(error.retry_after)


@dispatcher.callback_query()
async def tapped(query: CallbackQuery) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        # The query id makes every edit differ, so Telegram never says "message is not modified".
        await query.message.edit_text(
            f"You tapped <b>{query.data}</b> ({query.id}).", reply_markup=KEYBOARD
        )


async def main() -> None:
    api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"])
    bot = Bot(
        os.environ["BOT_TOKEN"],
        session=AiohttpSession(api=api),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    await dispatcher.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
