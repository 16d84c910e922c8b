"""Showing things to a person: edit the message on screen or send new ones, within limits."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup, Message

from bot.views import split_message
from storage.models import Person, utc_now

log = logging.getLogger(__name__)


def text(tr_text: str) -> str:
    """A translated sentence, with any person-provided fields already in it, as safe HTML."""
    return html.escape(tr_text, quote=False)


async def show(
    bot: Bot,
    person: Person,
    chat_id: int,
    paragraphs: Sequence[str],
    keyboard: InlineKeyboardMarkup | None = None,
    edit: Message | None = None,
) -> None:
    """Edit ``edit`` into the first part (or send it), send the rest; the keyboard goes last."""
    if person.blocked_at is not None:
        return
    parts = split_message(paragraphs)
    try:
        for number, part in enumerate(parts):
            markup = keyboard if number == len(parts) - 1 else None
            if number == 0 and edit is not None and await _edit(bot, edit, part, markup):
                continue
            await bot.send_message(chat_id, part, reply_markup=markup)
    except TelegramForbiddenError:
        log.info("person %s blocked the bot", person.key)
        person.blocked_at = utc_now()


async def _edit(
    bot: Bot, message: Message, part: str, markup: InlineKeyboardMarkup | None
) -> bool:
    try:
        await bot.edit_message_text(
            text=part, chat_id=message.chat.id, message_id=message.message_id, reply_markup=markup
        )
    except TelegramBadRequest as error:
        if "message is not modified" in error.message:
            return True
        log.info("cannot edit message %s, sending a new one: %s", message.message_id, error)
        return False
    return True
