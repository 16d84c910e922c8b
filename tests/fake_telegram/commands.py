"""The bot's command menus: setMyCommands and co, and what a person sees in a chat."""

import json
import re
from typing import Any

from .errors import bad_request
from .groups import GroupChats
from .records import Params
from .registry import api_method

MAX_COMMANDS = 100
COMMAND_SCOPES = frozenset(
    (
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    )
)
CHAT_SCOPES = frozenset(("chat", "chat_administrators", "chat_member"))
_COMMAND = re.compile(r"[a-z0-9_]{1,32}\Z")
_LANGUAGE = re.compile(r"([a-z]{2})?\Z")


class CommandMenus(GroupChats):
    """Command lists per scope and language, as Telegram stores and resolves them."""

    def commands(self, scope: Params | None = None, language_code: str = "") -> list[Params]:
        """The command list stored for exactly this scope and language (no fallback)."""
        return list(self._commands.get(_commands_key(scope, language_code), []))

    def menu(self, user: int, language_code: str = "", chat: int | None = None) -> list[Params]:
        """The commands a person sees in a chat (their private chat by default), resolved as
        Telegram does: in a private chat, the chat's own list, then all private chats', then
        the default one; in a group, the list for them there, for the group's administrators
        (if they are one), for the group, for all groups' administrators (idem), for all
        groups, then the default one. Each first in the person's language, then for all."""
        for scope in [*self._menu_scopes(user, chat), {"type": "default"}]:
            for language in dict.fromkeys((language_code[:2], "")):
                found = self._commands.get(_commands_key(scope, language))
                if found:
                    return list(found)
        return []

    def _scope_key(self, params: Params) -> tuple[str, str]:
        """The key of the command list a call names; a chat scope names a known chat. Telegram
        refuses the administrator and member scopes for a private chat; the fake does not (its
        wording is unknown)."""
        scope = params.get("scope")
        if isinstance(scope, dict) and scope.get("type") in CHAT_SCOPES:
            if "chat_id" not in scope:
                raise bad_request("chat_id is empty")
            self._chat(scope["chat_id"])
            if scope["type"] == "chat_member" and not isinstance(scope.get("user_id"), int):
                raise bad_request("user not found")
        return _commands_key(scope, params.get("language_code", ""))

    @api_method("setMyCommands", "commands")
    async def _set_my_commands(self, params: Params) -> bool:
        key = self._scope_key(params)
        commands = [_check_command(command) for command in params["commands"]]
        if len(commands) > MAX_COMMANDS:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    @api_method("getMyCommands")
    async def _get_my_commands(self, params: Params) -> list[Params]:
        return list(self._commands.get(self._scope_key(params), []))

    @api_method("deleteMyCommands")
    async def _delete_my_commands(self, params: Params) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True


def _commands_key(scope: Params | None, language_code: str) -> tuple[str, str]:
    scope = scope or {"type": "default"}
    if scope.get("type") not in COMMAND_SCOPES:
        raise bad_request(f"unsupported bot command scope {scope.get('type')!r}")
    if not _LANGUAGE.match(language_code):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language_code


def _check_command(command: Any) -> Params:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand: an Object is expected")
    name, description = command.get("command"), command.get("description")
    if not isinstance(name, str) or not _COMMAND.match(name):
        raise bad_request("BOT_COMMAND_INVALID")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": name, "description": description}
