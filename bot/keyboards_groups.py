"""The buttons of group chats: the private chat opened by a link (``t.me/<bot>?start=…``, never
a web app: Telegram refuses those in groups), and /link's questions, answerable only by the
person who sent /link."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import Field

from bot.keyboards import InitiativeId, buttons, tap_button
from flows.i18n import Translator
from flows.model import N_
from flows.text import clip
from storage.records import InitiativeRecord

RESULTS = "_results"
"""After a group's join code, in a start payload: show the latest results once joined (join
codes have no ``_``: storage/groups.py)."""
OPEN_PRIVATE = N_("Open a private chat")
BUTTON_TEXT_MAX = 60


class GroupAct(StrEnum):
    LINK = "l"
    REPLACE_CODE = "r"
    KEEP = "k"


class GroupData(CallbackData, prefix="g"):
    act: GroupAct
    initiative: InitiativeId
    asker: Annotated[int, Field(ge=1)]
    """The Telegram id of the person who sent /link: nobody else's tap counts."""


def private_link(username: str, payload: str | None = None) -> str:
    return f"https://t.me/{username}" + (f"?start={payload}" if payload else "")


def private_button(label: str, username: str, payload: str | None = None) -> InlineKeyboardMarkup:
    return buttons([InlineKeyboardButton(text=label, url=private_link(username, payload))])


def choose_keyboard(initiatives: tuple[InitiativeRecord, ...], asker: int) -> InlineKeyboardMarkup:
    return buttons(
        *(
            [
                tap_button(
                    clip(found.name, BUTTON_TEXT_MAX),
                    GroupData(act=GroupAct.LINK, initiative=found.id, asker=asker),
                )
            ]
            for found in initiatives
        )
    )


def replace_keyboard(tr: Translator, initiative: int, asker: int) -> InlineKeyboardMarkup:
    def data(act: GroupAct) -> GroupData:
        return GroupData(act=act, initiative=initiative, asker=asker)

    return buttons(
        [
            tap_button(tr(N_("Replace the join link")), data(GroupAct.REPLACE_CODE)),
            tap_button(tr(N_("Keep it")), data(GroupAct.KEEP)),
        ]
    )
