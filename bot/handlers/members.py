"""/members (the roster, a person's screen, their role, removing them) and /leave, in
Telegram. The use cases (usecases/roster.py) decide; this shows, tells the person whose role
changed (in their language, after quiet hours), and keeps command menus in step (bot/menus.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import menus
from bot.keyboards_members import (
    LeaveData,
    MemberAct,
    MemberData,
    leave_keyboard,
    leaves,
    manages_members,
    pages,
    person_keyboard,
    remove_keyboard,
    roster_keyboard,
)
from bot.keyboards_rounds import answer_now
from bot.middlewares import AnswersFor
from bot.outbox import Outbox, editable
from bot.render_members import (
    CONFIRM_LEAVE,
    LEFT,
    OTHERS,
    REMOVED,
    REMOVED_DONE,
    ROLE_DONE,
    STAY,
    TOLD,
    YOU_NOW,
    confirm_remove,
    joined,
    refusal,
    roster_page,
)
from bot.render_members import person as person_screen
from bot.round_news import to_others
from bot.texts import ROLE_NAMES, STALE_BUTTON
from bot.views import text
from flows.i18n import Translator, translator
from flows.quiet import quiet_until
from storage import repository as repo
from storage.records import InitiativeRecord, PersonRecord
from usecases import initiatives, roster
from usecases.clock import Clock
from usecases.roster import Moved, Refused, Roster


async def on_members(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    shown = await roster.members(session, person.id, initiative.id, clock.now())
    if isinstance(shown, Refused):
        outbox.show(message.chat.id, [refusal(tr, shown.why, initiative)])
        return
    _show_roster(outbox, tr, message.chat.id, None, shown, 0, person.id)


async def on_member_button(
    query: CallbackQuery,
    callback_data: MemberData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    assert isinstance(query.message, Message)  # manages_members
    chat_id, edit, now = query.message.chat.id, editable(query), clock.now()
    data = callback_data
    outbox.answer(query)
    moved: Moved | Refused | None = None
    if data.act is MemberAct.ROLE and data.to is not None and data.was is not None:
        moved = await roster.change_role(
            session, person.id, data.initiative, data.person, was=data.was, to=data.to, now=now
        )
    elif data.act is MemberAct.CONFIRM and data.was is not None:
        moved = await roster.remove(
            session, person.id, data.initiative, data.person, was=data.was, now=now
        )
    if isinstance(moved, Moved):
        await _moved(session, outbox, tr, person, moved, now)
    everyone = await roster.members(session, person.id, data.initiative, now)
    if not isinstance(everyone, Roster):  # they stepped down: no longer theirs to manage
        role = moved.role if isinstance(moved, Moved) else None
        said = tr(YOU_NOW, role=tr(ROLE_NAMES[role])) if role else tr(STALE_BUTTON)
        outbox.show(chat_id, [text(said)], edit=edit)
        if isinstance(moved, Moved):
            menus.follow(outbox, moved.before, moved.after)
        return
    page = min(data.page, pages(len(everyone.people)) - 1)
    found = [entry for entry in everyone.people if entry.person_id == data.person]
    hint = None
    if isinstance(moved, Moved) and moved.role is None:
        hint = text(tr(REMOVED_DONE, name=moved.name))
    elif data.act is not MemberAct.PAGE and not found:
        hint = refusal(tr, roster.GONE, everyone.initiative)
    if data.act is MemberAct.PAGE or hint is not None:
        _show_roster(outbox, tr, chat_id, edit, everyone, page, person.id, hint)
        return
    (entry,) = found
    shown = replace(everyone, people=(entry,))
    if isinstance(moved, Refused):
        hint = refusal(tr, moved.why, shown.initiative)
    elif isinstance(moved, Moved):
        hint = text(tr(ROLE_DONE, name=moved.name, role=tr(ROLE_NAMES[entry.role])))
    elif entry.role != data.was:  # a screen shown before their role changed
        hint = refusal(tr, roster.CHANGED, shown.initiative)
    elif data.act is MemberAct.REMOVE:
        keyboard = remove_keyboard(tr, data.initiative, entry, page)
        outbox.show(chat_id, confirm_remove(tr, shown, entry), keyboard, edit)
        return
    paragraphs = person_screen(tr, shown, entry, person.id)
    if hint is not None:
        paragraphs = [f"<i>{hint}</i>", *paragraphs]
    keyboard = person_keyboard(tr, data.initiative, entry, page, entry.person_id == person.id)
    outbox.show(chat_id, paragraphs, keyboard, edit)


async def on_leave(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    initiative: InitiativeRecord,
) -> None:
    found = await roster.may_leave(session, person.id, initiative.id)
    if isinstance(found, Refused):
        outbox.show(message.chat.id, [refusal(tr, found.why, initiative)])
        return
    paragraphs = [text(tr(CONFIRM_LEAVE, name=found.name))]
    outbox.show(message.chat.id, paragraphs, leave_keyboard(tr, found.id))


async def on_leave_button(
    query: CallbackQuery,
    callback_data: LeaveData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    assert isinstance(query.message, Message)  # leaves
    chat_id, edit = query.message.chat.id, editable(query)
    outbox.answer(query)
    initiative = await repo.initiative(session, initiative_id=callback_data.initiative)
    assert initiative is not None  # they are in it (leaves)
    if not callback_data.confirm:
        outbox.show(chat_id, [text(tr(STAY, name=initiative.name))], edit=edit)
        return
    left = await roster.leave(session, person.id, callback_data.initiative, clock.now())
    if isinstance(left, Refused):
        outbox.show(chat_id, [refusal(tr, left.why, initiative)], edit=edit)
        return
    paragraphs = [text(tr(LEFT, name=left.initiative.name))]
    if await initiatives.mine(session, person.id):
        paragraphs.append(text(tr(OTHERS)))
    outbox.show(chat_id, paragraphs, edit=edit)
    menus.follow(outbox, left.before, left.after)


async def _moved(
    session: AsyncSession,
    outbox: Outbox,
    tr: Translator,
    person: PersonRecord,
    moved: Moved,
    now: datetime,
) -> None:
    """The person whose role changed gets their new menu, and is told in their language (when
    quiet hours end); one who stepped down sees it happen: their menu follows there."""
    if moved.after.id == person.id:
        return
    initiative = moved.initiative

    def tell(box: Outbox) -> None:
        chat = moved.after.telegram_id
        if chat is None or moved.after.blocked:
            return
        theirs = translator(moved.after.locale or "en")
        said = REMOVED if moved.role is None else TOLD[moved.role]
        box.show(chat, [text(theirs(said, name=initiative.name))])
        if moved.joined is not None:
            line = text(joined(theirs, moved.joined, initiative))
            box.show(chat, [line], answer_now(theirs, moved.joined))

    if not moved.after.blocked:  # what they may do changed now: so does their menu
        menus.follow(outbox, moved.before, moved.after)
    leaves_at = quiet_until(now, initiative.timezone, initiative.quiet_hours) or now
    await to_others(session, outbox, leaves_at, tell)


def _show_roster(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    edit: int | None,
    shown: Roster,
    page: int,
    you: int,
    hint: str | None = None,
) -> None:
    paragraphs = roster_page(tr, shown, page, you)
    if hint is not None:
        paragraphs = [f"<i>{hint}</i>", *paragraphs]
    keyboard = roster_keyboard(tr, shown.initiative.id, shown.people, page)
    outbox.show(chat_id, paragraphs, keyboard, edit)


def make_router() -> Router:
    router = Router(name="members")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(AnswersFor())
    router.message.register(on_members, Command("members"))
    router.message.register(on_leave, Command("leave"))
    router.callback_query.register(on_member_button, MemberData.filter(), manages_members)
    router.callback_query.register(on_leave_button, LeaveData.filter(), leaves)
    return router
