"""Opening a round in Telegram, step by step: /round, a title (typed, or today's date), the
modules, a deadline, a confirmation. What was chosen so far rides in the buttons and the
person's draft; the use case (usecases/rounds.py) decides."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import group_posts
from bot.keyboards_rounds import (
    ALL_MODULES,
    LENGTH_CHOICES,
    RoundAct,
    RoundData,
    answer_now,
    confirm_keyboard,
    deadline_keyboard,
    manages_rounds,
    modules_keyboard,
    modules_of,
    title_keyboard,
)
from bot.middlewares import AnswersFor
from bot.outbox import Outbox, editable
from bot.render import HTML, MODULE_LABELS
from bot.render_rounds import deadline_refused, round_line
from bot.round_news import to_others
from bot.texts import DEADLINE_REFUSALS, ROUND_REFUSALS, STALE_BUTTON
from bot.views import text
from flows import deadlines
from flows.deadlines import minutes, moment
from flows.i18n import Translator, translator
from flows.model import N_
from flows.quiet import quiet_until
from storage import repository as repo
from storage.models import TITLE_MAX_LENGTH
from storage.records import InitiativeRecord, PersonRecord
from storage.round_calls import NEWS
from usecases import initiatives, rounds
from usecases.clock import Clock

ROUND_TITLE, ROUND_DEADLINE = "round_title", "round_deadline:"
"""What a coordinator's next text is: the round's title, or its deadline (with the modules)."""

ASK_TITLE = N_("Title of the round? Type it, or tap to use today's date.")

ASK_MODULES = N_("Which modules does the round cover? Tap to choose, then Next.")

ASK_DEADLINE = N_("Deadline?")

ASK_DEADLINE_TEXT = N_("Type the deadline, for example 15/12 18h or 2026-12-15 18:00.")

CONFIRM = N_("Open round “{title}”? {modules}. {deadline}")

NO_DEADLINE = N_("No deadline.")

DEADLINE = N_("Deadline: {deadline}.")

OPENED_FOR_YOU = N_("A new round is open in “{name}”. {round}")

CANCELLED = N_("Cancelled: nothing changed.")


def is_round_text(message: Message, person: PersonRecord | None = None) -> bool:
    pending = person.pending if person else None
    return bool(pending and (pending == ROUND_TITLE or pending.startswith(ROUND_DEADLINE)))


async def on_round(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    refused = await rounds.may_open(session, person.id, initiative.id, clock.now())
    if refused is not None:
        outbox.show(message.chat.id, [text(tr(ROUND_REFUSALS[refused.why]))])
        return
    await repo.set_pending(session, person_id=person.id, pending=ROUND_TITLE)
    outbox.show(
        message.chat.id,
        [text(tr(ASK_TITLE))],
        title_keyboard(tr, initiative.id, _today(tr, initiative, clock.now())),
    )


async def on_round_text(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    """The title, or a typed deadline."""
    chat_id, typed = message.chat.id, message.text or ""
    if person.pending == ROUND_TITLE:
        title = initiatives.check(typed, TITLE_MAX_LENGTH)
        if isinstance(title, initiatives.Refused):
            empty = title.why == initiatives.EMPTY
            why = rounds.NO_TITLE if empty else rounds.TITLE_TOO_LONG
            outbox.show(chat_id, [text(tr(ROUND_REFUSALS[why]))])
            return
        await repo.set_pending(session, person_id=person.id, pending=None, draft=title)
        outbox.show(chat_id, [text(tr(ASK_MODULES))], modules_keyboard(tr, initiative.id, 0))
        return
    mask = int(person.pending.removeprefix(ROUND_DEADLINE) or 0) if person.pending else 0
    found = deadlines.parse(typed, clock.now(), initiative.timezone)
    if isinstance(found, deadlines.Refused):
        why = DEADLINE_REFUSALS[found.why]
        outbox.show(chat_id, deadline_refused(tr, HTML, why, initiative.timezone))
        return
    await repo.set_pending(session, person_id=person.id, pending=None, draft=person.draft)
    _confirm(
        outbox, tr, chat_id, None, initiative, person.draft, mask, minutes(found), clock.now()
    )


async def on_round_button(
    query: CallbackQuery,
    callback_data: RoundData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    bot: Bot,
) -> None:
    assert isinstance(query.message, Message)  # manages_rounds
    chat_id, edit, act = query.message.chat.id, editable(query), callback_data.act
    initiative = await repo.initiative(session, initiative_id=callback_data.initiative)
    assert initiative is not None  # the one they answer for
    outbox.answer(query)
    mask, now = callback_data.mask, clock.now()
    if act is RoundAct.CANCEL:
        await initiatives.cancel(session, person.id)
        outbox.show(chat_id, [text(tr(CANCELLED))], edit=edit)
    elif act is RoundAct.TODAY:
        title = _today(tr, initiative, now)
        await repo.set_pending(session, person_id=person.id, pending=None, draft=title)
        outbox.show(chat_id, [text(tr(ASK_MODULES))], modules_keyboard(tr, initiative.id, 0), edit)
    elif act is RoundAct.TOGGLE:
        mask ^= (1 << callback_data.value) & ALL_MODULES
        outbox.show(
            chat_id, [text(tr(ASK_MODULES))], modules_keyboard(tr, initiative.id, mask), edit
        )
    elif act is RoundAct.MODULES_DONE:
        if not modules_of(mask):
            outbox.show(
                chat_id,
                [text(tr(ROUND_REFUSALS[rounds.NO_MODULES])), text(tr(ASK_MODULES))],
                modules_keyboard(tr, initiative.id, mask),
                edit,
            )
            return
        outbox.show(
            chat_id, [text(tr(ASK_DEADLINE))], deadline_keyboard(tr, initiative.id, mask), edit
        )
    elif act is RoundAct.TYPE_DEADLINE:
        pending = f"{ROUND_DEADLINE}{mask}"
        await repo.set_pending(session, person_id=person.id, pending=pending, draft=person.draft)
        outbox.show(chat_id, [text(tr(ASK_DEADLINE_TEXT))], edit=edit)
    elif act in (RoundAct.LENGTH, RoundAct.NO_DEADLINE):
        deadline = 0
        if act is RoundAct.LENGTH and 0 <= callback_data.value < len(LENGTH_CHOICES):
            length = LENGTH_CHOICES[callback_data.value]
            deadline = minutes(deadlines.after(length, now, initiative.timezone))
        _confirm(outbox, tr, chat_id, edit, initiative, person.draft, mask, deadline, now)
    elif act is RoundAct.CONFIRM:
        shown = (chat_id, edit)
        await _open(session, bot, outbox, tr, shown, initiative, person, callback_data, now)


def _confirm(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    edit: int | None,
    initiative: InitiativeRecord,
    draft: str | None,
    mask: int,
    deadline: int,
    now: datetime,
) -> None:
    modules = ", ".join(tr(MODULE_LABELS[m]) for m in modules_of(mask))
    when = (
        tr(DEADLINE, deadline=tr.moment(moment(deadline), initiative.timezone))
        if deadline
        else tr(NO_DEADLINE)
    )
    title = draft or _today(tr, initiative, now)
    shown = text(tr(CONFIRM, title=title, modules=modules, deadline=when))
    outbox.show(chat_id, [shown], confirm_keyboard(tr, initiative.id, mask, deadline), edit)


async def _open(
    session: AsyncSession,
    bot: Bot,
    outbox: Outbox,
    tr: Translator,
    shown: tuple[int, int | None],
    initiative: InitiativeRecord,
    person: PersonRecord,
    data: RoundData,
    now: datetime,
) -> None:
    """Opens the round; its respondents are told, and its group when it has one."""
    chat_id, edit = shown
    if not person.draft:  # a confirmation from a round opened (or cancelled) since
        outbox.show(chat_id, [text(tr(STALE_BUTTON))], edit=edit)
        return
    opened = await rounds.open_round(
        session,
        person.id,
        initiative.id,
        title=person.draft,
        modules=modules_of(data.mask),
        deadline=moment(data.value) if data.value else None,
        now=now,
    )
    if isinstance(opened, rounds.Refused):
        outbox.show(chat_id, [text(tr(ROUND_REFUSALS[opened.why]))], edit=edit)
        return
    outbox.show(chat_id, [text(round_line(tr, opened, initiative))], edit=edit)
    await repo.set_pending(session, person_id=person.id, pending=None)  # the title is used
    people = await rounds.to_tell(session, initiative.id, but=person.id)

    def announce(box: Outbox) -> None:
        for other, language in people:
            theirs = translator(language or "en")
            line = round_line(theirs, opened, initiative)
            news = theirs(OPENED_FOR_YOU, name=initiative.name, round=line)
            box.show(other, [text(news)], answer_now(theirs, opened))

    leaves_at = quiet_until(now, initiative.timezone, initiative.quiet_hours) or now
    await to_others(session, outbox, leaves_at, announce, NEWS, opened.id)
    await group_posts.opened(session, bot, opened, initiative.id, leaves_at)


def _today(tr: Translator, initiative: InitiativeRecord, now: datetime) -> str:
    return tr.date(now.astimezone(ZoneInfo(initiative.timezone)).date())


def make_router() -> Router:
    router = Router(name="round opening")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(AnswersFor())
    router.message.register(on_round, Command("round"))
    router.message.register(on_round_text, is_round_text, F.text, ~F.text.startswith("/"))
    router.callback_query.register(
        on_round_button, RoundData.filter(F.act != RoundAct.CLOSE), manages_rounds
    )
    return router
