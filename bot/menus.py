"""The command menus Telegram shows: one for everyone, per language, with what anyone may do;
one for group chats, with the three commands that act there (bot/handlers/groups.py);
and in the private chat of someone whose role adds commands (coordinators, coaches), theirs, in
their language, set again whenever their role in the initiative they answer for changes.

Each command names the action it needs, so a role's menu comes from the permission table
(usecases/permissions.py) and cannot disagree with it. A person's menu is a call like any other,
made once by the sender (bot/sender.py), in their chat's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.methods import DeleteMyCommands, SetMyCommands
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.outbox import Outbox
from flows.i18n import LANGUAGES, translator
from flows.model import N_
from storage.models import Role
from storage.records import PersonRecord
from usecases import roster
from usecases.permissions import Action, allowed


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    about: str
    action: Action | None = None
    """What it does in an initiative, for whom the permission table allows; None: anyone."""


COMMANDS = (
    Command("modules", N_("the modules and your progress"), Action.ANSWER),
    Command("summary", N_("your summary"), Action.READ_SUMMARY),
    Command("results", N_("results of the last round"), Action.READ_RESULTS),
    Command("progress", N_("how far the open round is"), Action.READ_PROGRESS),
    Command(
        "dashboard",
        N_("the initiatives you follow: figures, agenda, trends"),
        Action.READ_DASHBOARD,
    ),
    Command("round", N_("open an assessment round"), Action.MANAGE_ROUNDS),
    Command("close", N_("close the open round"), Action.MANAGE_ROUNDS),
    Command("remind", N_("remind those who have not finished"), Action.MANAGE_ROUNDS),
    Command("members", N_("the members, their roles and progress"), Action.MANAGE_MEMBERS),
    Command(
        "settings", N_("time zone, quiet hours, reminders, thresholds"), Action.MANAGE_SETTINGS
    ),
    Command("delete", N_("delete the initiative and everything in it"), Action.DELETE_INITIATIVE),
    Command("initiatives", N_("switch initiative, invite links")),
    Command("new", N_("create an initiative")),
    Command("perspective", N_("the side you speak from (optional)"), Action.ANSWER),
    Command("leave", N_("leave the initiative"), Action.LEAVE),
    Command("mydata", N_("everything stored about you")),
    Command("forget", N_("delete everything stored about you")),
    Command("language", N_("English or French")),
    Command("cancel", N_("stop what you were typing")),
    Command("help", N_("what this coach does")),
)


GROUP_COMMANDS = (
    Command("link", N_("follow an initiative in this group")),
    Command("unlink", N_("stop following it here")),
    Command("help", N_("what I do in this group")),
)
"""The only commands that act in a group chat, and its menu."""


def commands_for(role: Role | None) -> tuple[Command, ...]:
    """What anyone may do (every role may), and what ``role`` adds (None: no role)."""
    return tuple(
        command
        for command in COMMANDS
        if command.action is None
        or all(allowed(each, command.action) for each in Role)
        or allowed(role, command.action)
    )


def bot_commands(role: Role | None, language: str) -> list[BotCommand]:
    tr = translator(language)
    return [BotCommand(command=c.name, description=tr(c.about)) for c in commands_for(role)]


def default_menus() -> list[SetMyCommands]:
    """Everyone's menu, and the menu of every group chat: in English by default and for
    ``en``, in French for ``fr``."""
    menus = []
    for language in (None, *LANGUAGES):
        tr = translator(language or "en")
        in_groups = [BotCommand(command=c.name, description=tr(c.about)) for c in GROUP_COMMANDS]
        menus += [
            SetMyCommands(
                commands=bot_commands(None, language or "en"),
                scope=BotCommandScopeDefault(),
                language_code=language,
            ),
            SetMyCommands(
                commands=in_groups, scope=BotCommandScopeAllGroupChats(), language_code=language
            ),
        ]
    return menus


def own_menu(person: PersonRecord) -> tuple[BotCommand, ...] | None:
    """The menu of the person's chat; None: everyone's."""
    if commands_for(person.role) == commands_for(None):
        return None
    return tuple(bot_commands(person.role, person.locale or "en"))


def follow(outbox: Outbox, before: PersonRecord, after: PersonRecord) -> None:
    """The person's chat gets the menu of what they may do now, when it is not the one they
    had: their role's, in their language, or everyone's again."""
    chat, menu = after.telegram_id, own_menu(after)
    if chat is None or menu == own_menu(before):
        return
    scope = BotCommandScopeChat(chat_id=chat)
    if menu is None:
        outbox.menu(DeleteMyCommands(scope=scope))
    else:
        outbox.menu(SetMyCommands(commands=list(menu), scope=scope))


async def refresh(session: AsyncSession, outbox: Outbox, before: PersonRecord) -> None:
    """After the person changed initiative, role or language: their menu follows."""
    after = await roster.standing(session, before.id)
    if after is not None:
        follow(outbox, before, after)
