"""Creating initiatives, switching between them, invite links; modules and summaries."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import menus
from bot.keyboards import InitiativeAct, InitiativeData, initiatives_menu, invites_keyboard
from bot.outbox import Outbox, editable
from bot.render import HTML, summary
from bot.screens import NO_INITIATIVE, show_menu, show_place
from bot.texts import NOT_COORDINATOR
from bot.views import text
from flows.i18n import Translator
from flows.model import N_
from storage import shown
from storage.models import ISSUE_MAX_LENGTH, NAME_MAX_LENGTH, Role
from storage.records import InitiativeDefaults, PersonRecord
from usecases import initiatives, walkthrough
from usecases.clock import Clock
from usecases.initiatives import EMPTY, NOT_ALLOWED, Invites, Pending, Refused

ASK_NAME = N_("What is the name of the initiative? (at most {limit} characters; /cancel to stop)")
ASK_ISSUE = N_(
    "In one sentence, which issue does it tackle? (at most {limit} characters; /cancel to stop)"
)
TOO_LONG = N_("That is {length} characters; at most {limit}, please. Try again.")
EMPTY_TEXT = N_("Please type some text.")
CREATED = N_("“{name}” is created, and you are its coordinator.")
INVITES = N_(
    "Invite links for “{name}”. Share the first with members and the second with coaches:"
)
MEMBER_LINK = N_("Members: {link}")
COACH_LINK = N_("Coaches: {link}")
REPLACED = N_("The old links no longer work.")
REPLACED_ELSEWHERE = N_("These invite links were replaced: use /initiatives for the new ones.")
YOUR_INITIATIVES = N_("Your initiatives (● is the one you are answering for):")
NOT_A_MEMBER = N_("You are not a member of that initiative.")
CANCELLED = N_("Cancelled.")


async def has_pending(message: Message, person: PersonRecord | None = None) -> bool:
    return person is not None and person.pending is not None


async def on_new(
    message: Message, session: AsyncSession, person: PersonRecord, tr: Translator, outbox: Outbox
) -> None:
    await initiatives.begin(session, person.id)
    outbox.show(message.chat.id, [text(tr(ASK_NAME, limit=NAME_MAX_LENGTH))])


async def on_pending_text(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    bot: Bot,
    clock: Clock,
    defaults: InitiativeDefaults,
) -> None:
    """The name, then the issue, of the initiative being created."""
    chat_id = message.chat.id
    done = await initiatives.typed(session, person, message.text or "", defaults)
    if isinstance(done, Refused):
        problem = tr(EMPTY_TEXT) if done.why == EMPTY else tr(TOO_LONG, **_sizes(done))
        outbox.show(chat_id, [text(problem)])
    elif done is Pending.ISSUE:
        outbox.show(chat_id, [text(tr(ASK_ISSUE, limit=ISSUE_MAX_LENGTH))])
    else:
        assert not isinstance(done, Pending)
        outbox.show(chat_id, [text(tr(CREATED, name=done.name))])
        shown = await initiatives.invites(session, person.id, done.id)
        assert isinstance(shown, Invites)  # its creator coordinates it
        await _show_invites(outbox, bot, tr, chat_id, shown)
        show_menu(
            outbox, tr, chat_id, await walkthrough.menu(session, person.id, done, clock.now())
        )
        await menus.refresh(session, outbox, person)  # they coordinate it


def _sizes(refused: Refused) -> dict[str, int]:
    return {"length": refused.length, "limit": refused.limit}


async def _show_invites(
    outbox: Outbox,
    bot: Bot,
    tr: Translator,
    chat_id: int,
    invites: Invites,
    edit: int | None = None,
) -> None:
    username = (await bot.me()).username
    paragraphs = [text(tr(INVITES, name=invites.initiative.name))]
    if invites.replaced:
        paragraphs.append(text(tr(REPLACED)))
    paragraphs += [
        text(tr(MEMBER_LINK, link=f"https://t.me/{username}?start={invites.member_code}")),
        text(tr(COACH_LINK, link=f"https://t.me/{username}?start={invites.coach_code}")),
    ]
    keyboard = invites_keyboard(tr, invites.initiative.id)
    outbox.show(chat_id, paragraphs, keyboard, edit, screen=_invites_screen(invites))


def _invites_screen(invites: Invites) -> str:
    return f"invites:{invites.initiative.id}"


async def _retire_invites(
    session: AsyncSession, outbox: Outbox, tr: Translator, invites: Invites, keep: tuple[int, int]
) -> None:
    """Every other message still showing the initiative's links (in any chat) says they were
    replaced, and loses its Replace button."""
    for chat_id, message_id in await shown.showing(session, screen=_invites_screen(invites)):
        if (chat_id, message_id) != keep:
            outbox.show(chat_id, [text(tr(REPLACED_ELSEWHERE))], edit=message_id)


async def on_cancel(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """Forgets a half-typed initiative or comment (every command does: bot/middlewares.py)."""
    outbox.show(message.chat.id, [text(tr(CANCELLED))])
    show_place(
        outbox, tr, message.chat.id, await walkthrough.where(session, person.id, clock.now())
    )


async def on_initiatives(
    message: Message, session: AsyncSession, person: PersonRecord, tr: Translator, outbox: Outbox
) -> None:
    mine = await initiatives.mine(session, person.id)
    if not mine:
        outbox.show(message.chat.id, [text(tr(NO_INITIATIVE))])
        return
    choices = [
        (i.id, i.name, i.id == person.active_initiative_id, role == Role.COORDINATOR)
        for i, role in mine
    ]
    keyboard = initiatives_menu(tr, choices)
    outbox.show(message.chat.id, [text(tr(YOUR_INITIATIVES))], keyboard)


async def on_initiative(
    query: CallbackQuery,
    callback_data: InitiativeData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    bot: Bot,
    clock: Clock,
) -> None:
    if not isinstance(query.message, Message):
        outbox.answer(query)
        return
    chat_id, initiative_id = query.message.chat.id, callback_data.initiative
    if callback_data.act is InitiativeAct.CHOOSE:
        chosen = await initiatives.choose(session, person.id, initiative_id)
        if isinstance(chosen, Refused):
            outbox.answer(query, tr(NOT_A_MEMBER), alert=True)
            return
        outbox.answer(query)
        menu = await walkthrough.menu(session, person.id, chosen, clock.now())
        show_menu(outbox, tr, chat_id, menu, edit=editable(query))
        await menus.refresh(session, outbox, person)  # their role there may be another
        return
    replacing = callback_data.act is InitiativeAct.REPLACE
    shown = await initiatives.invites(session, person.id, initiative_id, replace=replacing)
    if isinstance(shown, Refused):
        refusal = NOT_COORDINATOR if shown.why == NOT_ALLOWED else NOT_A_MEMBER
        outbox.answer(query, tr(refusal), alert=True)
        return
    outbox.answer(query)
    edit = editable(query) if replacing else None
    if replacing:
        await _retire_invites(session, outbox, tr, shown, (chat_id, edit or 0))
    else:
        outbox.once(query)
    await _show_invites(outbox, bot, tr, chat_id, shown, edit)


async def on_modules(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    show_place(
        outbox, tr, message.chat.id, await walkthrough.modules(session, person.id, clock.now())
    )


async def on_summary(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """The summary of every module for the current initiative."""
    results = await walkthrough.summaries(
        session, person.id, person.active_initiative_id, clock.now()
    )
    if results is None:
        outbox.show(message.chat.id, [text(tr(NO_INITIATIVE))])
        return
    paragraphs = [paragraph for result in results for paragraph in summary(tr, HTML, result)]
    outbox.show(message.chat.id, paragraphs)


def make_router() -> Router:
    router = Router(name="initiatives")
    router.message.filter(F.chat.type == "private")
    router.message.register(on_cancel, Command("cancel"))
    router.message.register(on_new, Command("new"))
    router.message.register(on_initiatives, Command("initiatives"))
    router.message.register(on_modules, Command("modules"))
    router.message.register(on_summary, Command("summary"))
    router.message.register(on_pending_text, has_pending, F.text, ~F.text.startswith("/"))
    router.callback_query.register(on_initiative, InitiativeData.filter())
    return router
