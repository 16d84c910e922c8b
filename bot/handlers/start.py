"""First contact, joining by invite, help, language, blocking, and whatever else arrives."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import menus
from bot.keyboards import LanguageData, language_menu
from bot.keyboards_groups import RESULTS
from bot.outbox import Outbox
from bot.render import HTML
from bot.render_rounds import results
from bot.screens import EDITS_NOT_READ, show_menu, show_place
from bot.texts import JOINED, PERSPECTIVE_HINT, ROLE_NAMES, STALE_BUTTON
from bot.views import text
from flows.i18n import Translator, translator
from flows.model import N_
from flows.text import clean_line
from storage.records import PersonRecord
from usecases import groups, initiatives, people, rounds, walkthrough
from usecases.clock import Clock
from usecases.permissions import Action, allowed

GREETING = N_(
    "Hello {name}! I am a coach for collective-impact initiatives.\n"
    "I walk you through the preconditions, readiness, leadership principles and phases of "
    "your initiative, one question at a time, and keep every answer."
)
NEXT_STEP = N_(
    "To begin, open the invite link your coordinator shared, or create an initiative with /new."
)
HELP_ABOUT = N_(
    "Collective impact is a structured way for actors from different sectors to commit to a "
    "common agenda and solve a complex social problem together."
)
HELP_KEEP = N_(
    "You can stop at any time: your answers are kept and you will continue where you left off."
)
BAD_INVITE = N_(
    "This invite link is not valid, or it was replaced. Ask your coordinator for a new one."
)
CHOOSE_LANGUAGE = N_("Choose your language:")
LANGUAGE_SET = N_("From now on I speak English with you.")
NOT_UNDERSTOOD = N_("I can only read text messages and button taps.")


async def on_start(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """Greets, joins by invite code when there is one, or resumes where the person stopped."""
    chat_id = message.chat.id
    if command.args:
        payload = command.args.strip()
        joined = await initiatives.join(session, person.id, payload)
        code = payload.removesuffix(RESULTS)
        if joined is None:  # from a group post's button: its group's join code
            joined = await groups.join(session, person.id, code)
        if joined is None:
            outbox.show(chat_id, [text(tr(BAD_INVITE))])
            return
        initiative, role = joined
        welcome = text(tr(JOINED, name=initiative.name, role=tr(ROLE_NAMES[role])))
        hint = [text(tr(PERSPECTIVE_HINT))] if allowed(role, Action.RESPOND) else []
        outbox.show(chat_id, [welcome, *hint])
        shown = None
        if code != payload:
            shown = await rounds.results(session, person.id, initiative.id, clock.now())
        if isinstance(shown, rounds.Results):
            outbox.show(chat_id, results(tr, HTML, shown))
        else:
            menu = await walkthrough.menu(session, person.id, initiative, clock.now())
            show_menu(outbox, tr, chat_id, menu)
        await menus.refresh(session, outbox, person)  # their role in the one they answer for
        return
    place = await walkthrough.where(session, person.id, clock.now())
    if place is not None:
        show_place(outbox, tr, chat_id, place)
        return
    name = clean_line(message.from_user.first_name) if message.from_user else ""
    outbox.show(chat_id, [text(tr(GREETING, name=name)), text(tr(NEXT_STEP))])


async def on_help(message: Message, person: PersonRecord, tr: Translator, outbox: Outbox) -> None:
    """What the coach does, and the commands of the person's menu: what they may do."""
    commands = "\n".join(f"/{c.name} — {tr(c.about)}" for c in menus.commands_for(person.role))
    outbox.show(message.chat.id, [text(tr(HELP_ABOUT)), text(commands), text(tr(HELP_KEEP))])


async def on_language(message: Message, tr: Translator, outbox: Outbox) -> None:
    outbox.show(message.chat.id, [text(tr(CHOOSE_LANGUAGE))], language_menu())


async def on_language_chosen(
    query: CallbackQuery,
    callback_data: LanguageData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """Stores the language, then shows the current question again in it."""
    if not isinstance(query.message, Message):
        outbox.answer(query, tr(STALE_BUTTON))
        return
    await people.set_language(session, person.id, callback_data.language)
    chosen = translator(callback_data.language)
    outbox.answer(query)
    outbox.once(query)
    chat_id = query.message.chat.id
    outbox.show(chat_id, [text(chosen(LANGUAGE_SET))], edit=query.message.message_id)
    show_place(outbox, chosen, chat_id, await walkthrough.where(session, person.id, clock.now()))
    await menus.refresh(session, outbox, person)  # a role's own menu, in the new language


async def on_other_content(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """Stickers, photos, voice, files, places: a polite hint and the question again."""
    place = await walkthrough.where(session, person.id, clock.now())
    show_place(outbox, tr, message.chat.id, place, NOT_UNDERSTOOD)


async def on_blocked_or_back(update: ChatMemberUpdated, session: AsyncSession) -> None:
    """The person blocked the bot (nothing is sent to them), or unblocked it."""
    blocked = update.new_chat_member.status == "kicked"
    await people.set_blocked(session, update.chat.id, blocked)


async def on_stale_button(query: CallbackQuery, tr: Translator, outbox: Outbox) -> None:
    outbox.answer(query, tr(STALE_BUTTON))


async def on_edited_other(message: Message, tr: Translator, outbox: Outbox) -> None:
    """An edited photo or sticker caption: not read either."""
    outbox.show(message.chat.id, [text(tr(EDITS_NOT_READ))], reply_to=message.message_id)


def make_router() -> Router:
    router = Router(name="start")
    router.message.filter(F.chat.type == "private")
    router.message.register(on_start, CommandStart())
    router.message.register(on_help, Command("help"))
    router.message.register(on_language, Command("language"))
    router.callback_query.register(on_language_chosen, LanguageData.filter())
    router.my_chat_member.register(on_blocked_or_back, F.chat.type == "private")
    return router


def make_fallback_router() -> Router:
    """Registered last: what no other router took."""
    router = Router(name="fallback")
    private = F.chat.type == "private"
    router.message.register(on_help, private, F.text.startswith("/"))
    router.message.register(on_other_content, private)
    router.edited_message.register(on_edited_other, private)
    router.callback_query.register(on_stale_button)
    return router
