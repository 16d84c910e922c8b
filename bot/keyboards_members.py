"""The buttons of /members and /leave. Each carries the initiative, and the person and the role
they had when the screen was shown: a tap from another initiative, about someone who left or
whose role changed since, or by someone who no longer coordinates, changes nothing."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from pydantic import Field

from bot.keyboards import InitiativeId, buttons, tap_button
from bot.texts import ROLE_NAMES
from flows.i18n import Translator
from flows.model import N_
from flows.text import clean_line, clip
from storage.models import Role
from storage.records import PersonRecord
from usecases.permissions import Action
from usecases.roster import Entry
from usecases.walkthrough import acts_on

PAGE = 20
"""People per page of the roster: their buttons and lines fit one message."""
PersonId = Annotated[int, Field(ge=0, le=2**31 - 1)]
Page = Annotated[int, Field(ge=0, le=9999)]
MAKE = {
    Role.COORDINATOR: N_("Make coordinator"),
    Role.COACH: N_("Make coach"),
    Role.MEMBER: N_("Make member"),
}


class MemberAct(StrEnum):
    PAGE = "p"
    SHOW = "s"
    ROLE = "r"
    REMOVE = "x"
    """Asks to confirm."""
    CONFIRM = "y"


class MemberData(CallbackData, prefix="mb"):
    initiative: InitiativeId
    act: MemberAct
    person: PersonId = 0
    was: Role | None = None
    """The person's role when the screen was shown."""
    to: Role | None = None
    page: Page = 0
    """The roster's page to go back to."""


class LeaveData(CallbackData, prefix="lv"):
    initiative: InitiativeId
    confirm: bool


def manages_members(query: CallbackQuery, callback_data: MemberData, person: PersonRecord) -> bool:
    """The tap acts on the initiative the person answers for, and they manage its members: any
    other (forged, from another initiative, or from when they coordinated) is a stale button."""
    return isinstance(query.message, Message) and acts_on(
        person, callback_data.initiative, Action.MANAGE_MEMBERS
    )


def leaves(query: CallbackQuery, callback_data: LeaveData, person: PersonRecord) -> bool:
    """A confirmation of /leave for the initiative the person answers for, while in it."""
    return isinstance(query.message, Message) and acts_on(
        person, callback_data.initiative, Action.LEAVE
    )


def pages(people: int) -> int:
    return max(1, -(-people // PAGE))


def roster_keyboard(
    tr: Translator, initiative: int, people: tuple[Entry, ...], page: int
) -> InlineKeyboardMarkup:
    """One button per person of the page, and the way to the pages before and after."""
    rows = []
    for entry in people[page * PAGE : (page + 1) * PAGE]:
        label = f"{clip(clean_line(entry.name), 40)} · {tr(ROLE_NAMES[entry.role])}"
        rows.append([tap_button(label, _about(MemberAct.SHOW, initiative, entry, page))])
    turns = []
    if page > 0:
        turns.append(tap_button("◀", _page(initiative, page - 1)))
    if page + 1 < pages(len(people)):
        turns.append(tap_button("▶", _page(initiative, page + 1)))
    if turns:
        rows.append(turns)
    return buttons(*rows)


def person_keyboard(
    tr: Translator, initiative: int, entry: Entry, page: int, yourself: bool
) -> InlineKeyboardMarkup:
    """Their other roles, removing them (not oneself: that is /leave), back to the roster."""
    rows = [
        [tap_button(tr(MAKE[role]), _about(MemberAct.ROLE, initiative, entry, page, role))]
        for role in Role
        if role != entry.role
    ]
    if not yourself:
        remove = _about(MemberAct.REMOVE, initiative, entry, page)
        rows.append([tap_button(tr(N_("Remove from the initiative")), remove)])
    rows.append([tap_button(tr(N_("◀ All members")), _page(initiative, page))])
    return buttons(*rows)


def remove_keyboard(
    tr: Translator, initiative: int, entry: Entry, page: int
) -> InlineKeyboardMarkup:
    return buttons(
        [
            tap_button(tr(N_("Remove")), _about(MemberAct.CONFIRM, initiative, entry, page)),
            tap_button(tr(N_("Cancel")), _about(MemberAct.SHOW, initiative, entry, page)),
        ]
    )


def leave_keyboard(tr: Translator, initiative: int) -> InlineKeyboardMarkup:
    return buttons(
        [
            tap_button(tr(N_("Leave")), LeaveData(initiative=initiative, confirm=True)),
            tap_button(tr(N_("Cancel")), LeaveData(initiative=initiative, confirm=False)),
        ]
    )


def _page(initiative: int, page: int) -> MemberData:
    return MemberData(initiative=initiative, act=MemberAct.PAGE, page=page)


def _about(
    act: MemberAct, initiative: int, entry: Entry, page: int, to: Role | None = None
) -> MemberData:
    return MemberData(
        initiative=initiative, act=act, person=entry.person_id, was=entry.role, to=to, page=page
    )
