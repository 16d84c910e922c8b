"""The bot in a council's Telegram group: /link, /unlink and /help act there; any other command
gets one line and a button to the private chat; ordinary conversation gets nothing (privacy
mode keeps most of it from the bot anyway). It follows the group when Telegram removes the bot
or upgrades the group. The use cases (usecases/groups.py) decide."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InaccessibleMessage,
    InlineKeyboardMarkup,
    Message,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards_groups import (
    OPEN_PRIVATE,
    GroupAct,
    GroupData,
    choose_keyboard,
    private_button,
    replace_keyboard,
)
from bot.menus import GROUP_COMMANDS
from bot.outbox import Outbox
from bot.texts import STALE_BUTTON
from bot.views import text
from flows.i18n import Translator, translator
from flows.model import N_
from storage import groups as stored
from usecases import groups
from usecases.clock import Clock
from usecases.groups import Choose, Linked, Place, Refused

GROUP_CHATS = frozenset({"group", "supergroup"})
IN_GROUP = F.chat.type.in_(GROUP_CHATS)
ADDED = N_(
    "Hello! A coordinator of your initiative can send /link here: I will then post in this "
    "group when a round opens, with its reminders and when its results are ready."
)
LINK_IN_GROUP = N_(
    "/link and /unlink work in your council's Telegram group: add me to it, and a coordinator "
    "of the initiative sends the command there."
)
REFUSALS = {
    groups.NOT_ALLOWED: N_("Only a coordinator of the initiative can link this group to it."),
    groups.ANONYMOUS: N_(
        "You are writing as the group: please send the command again under your own name, so "
        "that I can see you coordinate the initiative."
    ),
    groups.NOT_LINKED: N_("This group follows no initiative."),
    groups.GROUP_TAKEN: N_(
        "This group already follows “{name}”: a coordinator of it sends /unlink first."
    ),
    groups.INITIATIVE_TAKEN: N_(
        "“{name}” already posts in another group: send /unlink there first, or remove me from "
        "that group."
    ),
}
UNLINK_NOT_ALLOWED = N_("Only a coordinator of the initiative can unlink this group.")
CHOOSE = N_("Which initiative does this group follow?")
LINKED = N_(
    "This group now follows “{name}”. I will post here when a round opens, with its reminders "
    "and when its results are ready; everyone answers in a private chat with me."
)
ALREADY = N_(
    "This group already follows “{name}”. Replace its join link? The buttons of earlier posts "
    "would no longer let anyone join."
)
CODE_REPLACED = N_(
    "The group's join link is replaced: the buttons of earlier posts no longer let anyone join."
)
KEPT = N_("Nothing changed.")
UNLINKED = N_("This group no longer follows “{name}”: I will post nothing more here.")
NOT_YOURS = N_("Only the person who sent /link can answer this.")
GROUP_HELP = N_(
    "I am a coach for collective-impact initiatives. In this group I post when a round opens, "
    "its reminders and when its results are ready; everything else, answers included, happens "
    "in a private chat with me."
)
IN_PRIVATE = N_("That works in a private chat with me: nothing personal is shown in a group.")


def place_of(message: Message, telegram_id: int | None) -> Place:
    """Where a message was sent; ``telegram_id`` None: as the group (an anonymous admin)."""
    thread = message.message_thread_id if message.is_topic_message else None
    return Place(message.chat.id, thread, telegram_id)


def sender_of(message: Message) -> int | None:
    """Who sent it, unless they wrote as the group or a channel (``sender_chat``)."""
    if message.sender_chat is not None or message.from_user is None:
        return None
    return message.from_user.id


def reply(
    outbox: Outbox,
    message: Message,
    paragraphs: list[str],
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """In the group, in reply to the message (so in its forum topic)."""
    thread = message.message_thread_id if message.is_topic_message else None
    outbox.show(message.chat.id, paragraphs, keyboard, reply_to=message.message_id, thread=thread)


async def on_link(
    message: Message, session: AsyncSession, tr: Translator, outbox: Outbox, clock: Clock
) -> None:
    asker = sender_of(message)
    done = await groups.link(session, place_of(message, asker), clock.now())
    if isinstance(done, Choose):
        assert asker is not None
        reply(outbox, message, [text(tr(CHOOSE))], choose_keyboard(done.initiatives, asker))
    elif isinstance(done, Linked) and done.already:
        assert asker is not None
        shown = [text(tr(ALREADY, name=done.initiative.name))]
        reply(outbox, message, shown, replace_keyboard(tr, done.initiative.id, asker))
    elif isinstance(done, Linked):
        reply(outbox, message, [text(_linked(done))])
    else:
        reply(outbox, message, [text(tr(REFUSALS[done.why], name=done.name))])


async def on_link_in_private(message: Message, tr: Translator, outbox: Outbox) -> None:
    outbox.show(message.chat.id, [text(tr(LINK_IN_GROUP))])


async def on_unlink(
    message: Message, session: AsyncSession, tr: Translator, outbox: Outbox, clock: Clock
) -> None:
    done = await groups.unlink(session, place_of(message, sender_of(message)), clock.now())
    if isinstance(done, Refused):
        why = UNLINK_NOT_ALLOWED if done.why == groups.NOT_ALLOWED else REFUSALS[done.why]
        reply(outbox, message, [text(tr(why, name=done.name))])
    else:
        theirs = translator(done.language)
        reply(outbox, message, [text(theirs(UNLINKED, name=done.name))])


async def on_group_button(
    query: CallbackQuery,
    callback_data: GroupData,
    session: AsyncSession,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """A tap on /link's question: only the person who sent /link may answer it."""
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        outbox.answer(query, tr(STALE_BUTTON))
        return
    if query.from_user.id != callback_data.asker:
        outbox.answer(query, tr(NOT_YOURS), alert=True)
        return
    outbox.answer(query)
    outbox.once(query)
    place = place_of(message, query.from_user.id)
    chat, edit = message.chat.id, message.message_id
    if callback_data.act is GroupAct.KEEP:
        outbox.show(chat, [text(tr(KEPT))], edit=edit)
        return
    done: Linked | Choose | Refused
    if callback_data.act is GroupAct.REPLACE_CODE:
        done = await groups.replace_code(session, place, callback_data.initiative)
    else:
        done = await groups.link(session, place, clock.now(), callback_data.initiative)
    if isinstance(done, Refused):
        outbox.show(chat, [text(tr(REFUSALS[done.why], name=done.name))], edit=edit)
    elif isinstance(done, Linked) and callback_data.act is GroupAct.REPLACE_CODE:
        outbox.show(chat, [text(tr(CODE_REPLACED))], edit=edit)
    elif isinstance(done, Linked) and done.already:
        shown = [text(tr(ALREADY, name=done.initiative.name))]
        keyboard = replace_keyboard(tr, done.initiative.id, query.from_user.id)
        outbox.show(chat, shown, keyboard, edit=edit)
    elif isinstance(done, Linked):
        outbox.show(chat, [text(_linked(done))], edit=edit)
    else:
        outbox.show(chat, [text(tr(STALE_BUTTON))], edit=edit)


async def on_group_help(
    message: Message, session: AsyncSession, tr: Translator, outbox: Outbox, bot: Bot
) -> None:
    commands = "\n".join(f"/{c.name} — {tr(c.about)}" for c in GROUP_COMMANDS)
    keyboard = await _to_private(session, tr, message.chat.id, bot)
    reply(outbox, message, [text(tr(GROUP_HELP)), text(commands)], keyboard)


async def on_other_command(
    message: Message, session: AsyncSession, tr: Translator, outbox: Outbox, bot: Bot
) -> None:
    """/summary, /mydata…: one line, and a button to the private chat; nothing personal."""
    keyboard = await _to_private(session, tr, message.chat.id, bot)
    reply(outbox, message, [text(tr(IN_PRIVATE))], keyboard)


async def on_bot_added_or_removed(
    update: ChatMemberUpdated,
    session: AsyncSession,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """Removed: the group is unlinked. Added: it says how to link the group."""
    gone = ("left", "kicked")
    if update.new_chat_member.status in gone:
        await groups.removed(session, update.chat.id, clock.now())
    elif update.old_chat_member.status in gone:
        outbox.show(update.chat.id, [text(tr(ADDED))])


async def on_migrated(message: Message, session: AsyncSession) -> None:
    """The group became a supergroup, with a new id: its link follows it."""
    if message.migrate_to_chat_id is not None:
        await groups.moved(session, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id is not None:
        await groups.moved(session, message.migrate_from_chat_id, message.chat.id)


def _linked(done: Linked) -> str:
    """In the initiative's language: the group reads it."""
    return translator(done.initiative.language)(LINKED, name=done.initiative.name)


async def _to_private(
    session: AsyncSession, tr: Translator, chat_id: int, bot: Bot
) -> InlineKeyboardMarkup:
    """A button to the private chat; from a linked group, with its join code."""
    found = await stored.of_chat(session, chat_id=chat_id)
    username = (await bot.me()).username or ""
    return private_button(tr(OPEN_PRIVATE), username, found.join_code if found else None)


def is_command(message: Message) -> bool:
    return (message.text or "").startswith("/")


def make_router() -> Router:
    router = Router(name="groups")
    private = F.chat.type == "private"
    router.message.register(on_link_in_private, private, Command("link", "unlink"))
    router.message.register(on_migrated, IN_GROUP, F.migrate_to_chat_id | F.migrate_from_chat_id)
    router.message.register(on_link, IN_GROUP, Command("link"))
    router.message.register(on_unlink, IN_GROUP, Command("unlink"))
    router.message.register(on_group_help, IN_GROUP, Command("help"))
    router.message.register(on_other_command, IN_GROUP, is_command, _ours)
    router.callback_query.register(on_group_button, GroupData.filter())
    router.my_chat_member.register(on_bot_added_or_removed, IN_GROUP)
    return router


async def _ours(message: Message, bot: Bot) -> bool:
    """A command with no ``@name``, or naming this bot: ``/cmd@other_bot`` is not ours."""
    command = (message.text or "").split(maxsplit=1)[0]
    mention = command.partition("@")[2].lower()
    return not mention or mention == ((await bot.me()).username or "").lower()
