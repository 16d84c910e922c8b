"""Creating initiatives, switching between them, invite links; modules and summaries."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.handlers.walkthrough import (
    NO_INITIATIVE,
    initiative_or_hint,
    run_step,
    show_current,
    show_menu,
)
from bot.keyboards import (
    InitiativeAct,
    InitiativeData,
    initiatives_menu,
    invites_keyboard,
)
from bot.outbound import Outbox
from bot.views import text
from flows.content import MODULES
from flows.engine import Resume
from flows.i18n import Translator
from flows.model import N_
from flows.render import HTML, summary
from flows.scoring import summarize
from storage import repository as repo
from storage.models import ISSUE_MAX_LENGTH, NAME_MAX_LENGTH, Initiative, Person, Role

ASK_NAME = N_("What is the name of the initiative? (at most {limit} characters; /cancel to stop)")
ASK_ISSUE = N_(
    "In one sentence, which issue does it tackle? (at most {limit} characters; /cancel to stop)"
)
TOO_LONG = N_("That is {length} characters; at most {limit}, please. Try again.")
EMPTY = N_("Please type some text.")
CREATED = N_("“{name}” is created, and you are its coordinator.")
INVITES = N_(
    "Invite links for “{name}”. Share the first with members and the second with coaches:"
)
MEMBER_LINK = N_("Members: {link}")
COACH_LINK = N_("Coaches: {link}")
REPLACED = N_("The old links no longer work.")
YOUR_INITIATIVES = N_("Your initiatives (● is the one you are answering for):")
NOT_COORDINATOR = N_("Only the coordinator of this initiative can manage its invite links.")
NOT_A_MEMBER = N_("You are not a member of that initiative.")
CANCELLED = N_("Cancelled.")
PENDING_NAME, PENDING_ISSUE = "initiative_name", "initiative_issue"


async def has_pending(message: Message, person: Person | None = None) -> bool:
    return person is not None and person.pending is not None


async def on_new(
    message: Message, session: AsyncSession, person: Person, tr: Translator, outbox: Outbox
) -> None:
    await repo.set_pending(session, person=person, pending=PENDING_NAME)
    outbox.show(message.chat.id, [text(tr(ASK_NAME, limit=NAME_MAX_LENGTH))])


async def on_pending_text(
    message: Message,
    session: AsyncSession,
    person: Person,
    tr: Translator,
    outbox: Outbox,
    bot: Bot,
) -> None:
    """The name, then the issue, of the initiative being created."""
    typed = (message.text or "").strip()
    limit = NAME_MAX_LENGTH if person.pending == PENDING_NAME else ISSUE_MAX_LENGTH
    problem = None
    if not typed:
        problem = tr(EMPTY)
    elif len(typed) > limit:
        problem = tr(TOO_LONG, length=len(typed), limit=limit)
    if problem is not None:
        outbox.show(message.chat.id, [text(problem)])
        return
    if person.pending == PENDING_NAME:
        await repo.set_pending(session, person=person, pending=PENDING_ISSUE, draft=typed)
        outbox.show(message.chat.id, [text(tr(ASK_ISSUE, limit=ISSUE_MAX_LENGTH))])
        return
    name = person.draft or typed
    await repo.set_pending(session, person=person, pending=None)
    initiative = await repo.create_initiative(session, name=name, issue=typed, creator=person)
    outbox.show(message.chat.id, [text(tr(CREATED, name=initiative.name))])
    await _send_invites(session, outbox, bot, tr, message.chat.id, initiative)
    await show_menu(session, outbox, person, tr, message.chat.id, initiative)


async def _send_invites(
    session: AsyncSession,
    outbox: Outbox,
    bot: Bot,
    tr: Translator,
    chat_id: int,
    initiative: Initiative,
    edit: int | None = None,
    replaced: bool = False,
) -> None:
    member_code, coach_code = await repo.invite_codes(session, initiative=initiative)
    username = (await bot.me()).username
    paragraphs = [text(tr(INVITES, name=initiative.name))]
    if replaced:
        paragraphs.append(text(tr(REPLACED)))
    paragraphs += [
        text(tr(MEMBER_LINK, link=f"https://t.me/{username}?start={member_code}")),
        text(tr(COACH_LINK, link=f"https://t.me/{username}?start={coach_code}")),
    ]
    outbox.show(chat_id, paragraphs, invites_keyboard(tr, initiative.key), edit)


async def on_cancel(
    message: Message, session: AsyncSession, person: Person, tr: Translator, outbox: Outbox
) -> None:
    """Forgets a half-typed initiative or comment."""
    await repo.set_pending(session, person=person, pending=None)
    initiative = await repo.active_initiative(session, person=person)
    if initiative is not None:
        module = await repo.unfinished_walk(
            session, person_id=person.key, initiative_id=initiative.key
        )
        if module is not None:
            await run_step(session, person, initiative.key, module, Resume())
    outbox.show(message.chat.id, [text(tr(CANCELLED))])
    await show_current(session, outbox, person, tr, message.chat.id)


async def on_initiatives(
    message: Message, session: AsyncSession, person: Person, tr: Translator, outbox: Outbox
) -> None:
    mine = await repo.memberships(session, person_id=person.key)
    if not mine:
        outbox.show(message.chat.id, [text(tr(NO_INITIATIVE))])
        return
    choices = [
        (i.key, i.name, i.key == person.active_initiative_id, role == Role.COORDINATOR)
        for i, role in mine
    ]
    keyboard = initiatives_menu(tr, choices)
    outbox.show(message.chat.id, [text(tr(YOUR_INITIATIVES))], keyboard)


async def on_initiative(
    query: CallbackQuery,
    callback_data: InitiativeData,
    session: AsyncSession,
    person: Person,
    tr: Translator,
    outbox: Outbox,
    bot: Bot,
) -> None:
    if not isinstance(query.message, Message):
        outbox.answer(query)
        return
    role = await repo.membership_role(
        session, person_id=person.key, initiative_id=callback_data.initiative
    )
    initiative = await session.get(Initiative, callback_data.initiative) if role else None
    if initiative is None:
        outbox.answer(query, tr(NOT_A_MEMBER), alert=True)
        return
    chat_id = query.message.chat.id
    if callback_data.act is InitiativeAct.CHOOSE:
        await repo.set_active_initiative(session, person=person, initiative_id=initiative.key)
        outbox.answer(query)
        await show_menu(
            session, outbox, person, tr, chat_id, initiative, edit=query.message.message_id
        )
        return
    if role != Role.COORDINATOR:
        outbox.answer(query, tr(NOT_COORDINATOR), alert=True)
        return
    outbox.answer(query)
    replacing = callback_data.act is InitiativeAct.REPLACE
    if replacing:
        await repo.replace_invite_codes(session, initiative=initiative)
    edit = query.message.message_id if replacing else None
    await _send_invites(session, outbox, bot, tr, chat_id, initiative, edit, replacing)


async def on_modules(
    message: Message, session: AsyncSession, person: Person, tr: Translator, outbox: Outbox
) -> None:
    initiative = await initiative_or_hint(session, outbox, person, tr, message.chat.id)
    if initiative is None:
        return
    await show_menu(session, outbox, person, tr, message.chat.id, initiative)


async def on_summary(
    message: Message, session: AsyncSession, person: Person, tr: Translator, outbox: Outbox
) -> None:
    """The summary of every module for the current initiative."""
    initiative = await initiative_or_hint(session, outbox, person, tr, message.chat.id)
    if initiative is None:
        return
    answers = await repo.all_answers(session, person_id=person.key, initiative_id=initiative.key)
    paragraphs = [
        paragraph
        for module_id in MODULES
        for paragraph in summary(tr, HTML, summarize(module_id, answers.get(module_id, {})))
    ]
    outbox.show(message.chat.id, paragraphs)


def make_router() -> Router:
    router = Router(name="initiatives")
    private = F.chat.type == "private"
    router.message.register(on_cancel, Command("cancel"), private)
    router.message.register(on_new, Command("new"), private)
    router.message.register(on_initiatives, Command("initiatives"), private)
    router.message.register(on_modules, Command("modules"), private)
    router.message.register(on_summary, Command("summary"), private)
    router.message.register(on_pending_text, has_pending, F.text, ~F.text.startswith("/"), private)
    router.callback_query.register(on_initiative, InitiativeData.filter())
    return router
