"""First contact, joining by invite, help, language, and whatever else a person sends."""

from __future__ import annotations

import re

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.handlers.walkthrough import show_current, show_menu
from bot.keyboards import LANGUAGE_NAMES, LanguageData, language_menu
from bot.outbound import Outbox
from bot.views import text
from flows.i18n import Translator, translator
from flows.model import N_
from storage import repository as repo
from storage.models import Person

INVITE_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")

GREETING = N_(
    "Hello {name}! I am a coach for collective-impact initiatives.\n"
    "I walk you through the preconditions, readiness, leadership principles and phases of "
    "your initiative, one question at a time, and keep every answer."
)
NEXT_STEP = N_(
    "To begin, open the invite link your coordinator shared, or create an initiative with /new."
)
HELP = N_(
    "Collective impact is a structured way for actors from different sectors to commit to a "
    "common agenda and solve a complex social problem together.\n\n"
    "/modules — the four modules and your progress\n"
    "/summary — your summary for the current initiative\n"
    "/initiatives — switch initiative, or get invite links\n"
    "/new — create an initiative\n"
    "/language — English or French\n"
    "/cancel — stop what you were typing\n"
    "/help — this message\n\n"
    "You can stop at any time: your answers are kept and you will continue where you left off."
)
BAD_INVITE = N_(
    "This invite link is not valid, or it was replaced. Ask your coordinator for a new one."
)
JOINED = N_("Welcome to “{name}”! You joined as {role}.")
ROLE_NAMES = {"coordinator": N_("coordinator"), "coach": N_("coach"), "member": N_("member")}
CHOOSE_LANGUAGE = N_("Choose your language:")
LANGUAGE_SET = N_("From now on I speak English with you.")
GROUP_HINT = N_("Please write to me in a private chat: the walkthrough happens there.")
NOT_UNDERSTOOD = N_("I can only read text messages and button taps.")
STALE_BUTTON = N_("This button is no longer valid.")


async def on_start(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    person: Person,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """Greets, joins by invite code when there is one, or resumes where the person stopped."""
    await repo.set_pending(session, person=person, pending=None)
    if command.args:
        await _join(message, command.args.strip(), session, person, tr, outbox)
        return
    if person.active_initiative_id is not None:
        await show_current(session, outbox, person, tr, message.chat.id)
        return
    name = message.from_user.first_name if message.from_user else ""
    outbox.show(message.chat.id, [text(tr(GREETING, name=name)), text(tr(NEXT_STEP))])


async def _join(
    message: Message,
    code: str,
    session: AsyncSession,
    person: Person,
    tr: Translator,
    outbox: Outbox,
) -> None:
    joined = None
    if INVITE_CODE.fullmatch(code):
        joined = await repo.join_by_code(session, person=person, code=code)
    if joined is None:
        outbox.show(message.chat.id, [text(tr(BAD_INVITE))])
        return
    initiative, role = joined
    welcome = text(tr(JOINED, name=initiative.name, role=tr(ROLE_NAMES[role])))
    outbox.show(message.chat.id, [welcome])
    await show_menu(session, outbox, person, tr, message.chat.id, initiative)


async def on_help(message: Message, tr: Translator, outbox: Outbox) -> None:
    outbox.show(message.chat.id, [text(tr(HELP))])


async def on_language(message: Message, tr: Translator, outbox: Outbox) -> None:
    outbox.show(message.chat.id, [text(tr(CHOOSE_LANGUAGE))], language_menu())


async def on_language_chosen(
    query: CallbackQuery,
    callback_data: LanguageData,
    session: AsyncSession,
    person: Person,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """Stores the language, then shows the current question again in it."""
    if callback_data.language not in LANGUAGE_NAMES or not isinstance(query.message, Message):
        outbox.answer(query, tr(STALE_BUTTON))
        return
    await repo.set_locale(session, person=person, locale=callback_data.language)
    chosen = translator(callback_data.language)
    outbox.answer(query)
    chat_id = query.message.chat.id
    outbox.show(chat_id, [text(chosen(LANGUAGE_SET))], edit=query.message.message_id)
    await show_current(session, outbox, person, chosen, chat_id)


async def on_unknown_command(message: Message, tr: Translator, outbox: Outbox) -> None:
    await on_help(message, tr, outbox)


async def on_other_content(
    message: Message, session: AsyncSession, person: Person, tr: Translator, outbox: Outbox
) -> None:
    """Stickers, photos, voice, files, places: a polite hint and the question again."""
    await show_current(session, outbox, person, tr, message.chat.id, NOT_UNDERSTOOD)


async def addressed_to_me(message: Message, bot: Bot) -> bool:
    """``/command@name`` naming this bot: in a group, other bots' commands are not ours."""
    command = (message.text or "").split(maxsplit=1)[0]
    mention = command.partition("@")[2].lower()
    return mention == ((await bot.me()).username or "").lower()


async def on_group_command(message: Message, tr: Translator, outbox: Outbox) -> None:
    outbox.show(message.chat.id, [text(tr(GROUP_HINT))], reply_to=message.message_id)


async def on_stale_button(query: CallbackQuery, tr: Translator, outbox: Outbox) -> None:
    outbox.answer(query, tr(STALE_BUTTON))


def make_router() -> Router:
    router = Router(name="start")
    private = F.chat.type == "private"
    router.message.register(on_start, CommandStart(), private)
    router.message.register(on_help, Command("help"), private)
    router.message.register(on_language, Command("language"), private)
    router.callback_query.register(on_language_chosen, LanguageData.filter())
    return router


def make_fallback_router() -> Router:
    """Registered last: what no other router took."""
    router = Router(name="fallback")
    private = F.chat.type == "private"
    router.message.register(on_unknown_command, private, F.text.startswith("/"))
    router.message.register(on_other_content, private)
    router.message.register(on_group_command, F.text.regexp(r"^/\w+@"), addressed_to_me)
    router.callback_query.register(on_stale_button)
    return router
