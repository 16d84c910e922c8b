"""The confirmation of /forget: it names the person it was shown to, so that it forgets no one
else (a forged tap, or one from before they were forgotten, is a stale button)."""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from pydantic import Field

from bot.keyboards import buttons, tap_button
from flows.i18n import Translator
from flows.model import N_

Positive = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ForgetData(CallbackData, prefix="f"):
    person: Positive
    key: Positive
    """usecases.data_rights.forget_key."""
    confirm: bool = False


def forget_keyboard(tr: Translator, person: int, key: int) -> InlineKeyboardMarkup:
    yes = ForgetData(person=person, key=key, confirm=True)
    no = ForgetData(person=person, key=key)
    return buttons(
        [tap_button(tr(N_("Delete everything about me")), yes)],
        [tap_button(tr(N_("Cancel")), no)],
    )
