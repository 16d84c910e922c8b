"""Group and supergroup chats: members, the bot's own membership, privacy mode, forum topics and
migration to a supergroup, with the rules Telegram applies to the bot's calls into them."""

import itertools
from dataclasses import dataclass, field

from ..clock import Clock
from . import privacy
from .errors import ApiError, bad_request
from .records import Params, StoredMessage
from .registry import api_method
from .state import ServerState

MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
IN_CHAT = ("creator", "administrator", "member")
ADMINS = ("creator", "administrator")
# Every right, as for an administrator promoted with all of them; can_send_welcome_messages is
# newer than the Bot API 10.1 table but aiogram 3.31 requires it.
ADMIN_RIGHTS = {
    "can_be_edited": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": True,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
    "can_pin_messages": True,
    "can_manage_topics": True,
    "can_send_welcome_messages": True,
}


def chat_member(user: Params, status: str, *, anonymous: bool = False) -> Params:
    """A ChatMember object: creator, administrator, member, left or kicked (banned for ever)."""
    member: Params = {"status": status, "user": user}
    if status == "creator":
        return member | {"is_anonymous": anonymous}
    if status == "administrator":
        return member | ADMIN_RIGHTS | {"is_anonymous": anonymous}
    if status == "kicked":
        return member | {"until_date": 0}
    return member


@dataclass
class GroupChat:
    """A group as the fake keeps it; tests hold it and read `id` (and `chat`, its Chat)."""

    id: int
    title: str
    type: str  # "group" or "supergroup"
    is_forum: bool = False
    members: dict[int, Params] = field(default_factory=dict)  # user id -> ChatMember, bot too
    reads_all: bool = False  # privacy mode was off, for this bot, when it joined
    topics: dict[int, Params] = field(default_factory=dict)  # thread id -> its first message
    migrated_to: int | None = None
    last_bot: int | None = None  # the bot whose message in the group is the latest

    @property
    def chat(self) -> Params:
        chat: Params = {"id": self.id, "type": self.type, "title": self.title}
        return chat | ({"is_forum": True} if self.is_forum else {})

    def status(self, user_id: int) -> str:
        return str(self.members.get(user_id, {}).get("status", "left"))

    def has(self, user_id: int) -> bool:
        return self.status(user_id) in IN_CHAT

    def is_admin(self, user_id: int) -> bool:
        return self.status(user_id) in ADMINS

    def refusal(self, bot_id: int) -> ApiError | None:
        """Why the bot may not post here, as Telegram words it; None when it may."""
        if self.migrated_to is not None:
            return ApiError(400, MIGRATED, migrate_to_chat_id=self.migrated_to)
        status = self.status(bot_id)
        if status == "kicked":
            return ApiError(403, f"Forbidden: bot was kicked from the {self.type} chat")
        if status not in IN_CHAT:
            return ApiError(403, f"Forbidden: bot is not a member of the {self.type} chat")
        return None


class GroupChats(ServerState):
    """The groups the fake knows; a group reaches the bot's calls once the bot has joined it."""

    def __init__(
        self, token: str, *, callback_expiry: float, bot_username: str, clock: Clock
    ) -> None:
        super().__init__(
            token, callback_expiry=callback_expiry, bot_username=bot_username, clock=clock
        )
        self.privacy_mode = True
        self.withheld: list[Params] = []  # what people said in groups that the bot never got
        self._groups: dict[int, GroupChat] = {}
        self._group_ids = itertools.count(4_000_000_001)
        self._supergroup_ids = itertools.count(2_000_000_001)

    def set_privacy_mode(self, enabled: bool) -> None:
        """BotFather's /setprivacy. As in Telegram it applies to the groups the bot joins from
        now on: a group it is in keeps what it had when it joined, until it is added again."""
        self.privacy_mode = enabled

    @api_method("getChatMember", "chat_id", "user_id")
    async def _get_chat_member(self, params: Params) -> Params:
        chat = self._chat(params["chat_id"])
        self._check_reachable(chat["id"])
        user_id = params["user_id"]
        group = self._groups.get(chat["id"])
        if group is not None and user_id in group.members:
            return group.members[user_id]
        if user_id == self.bot_id:
            return chat_member(self._bot_user(), "member")
        known = self._chats.get(user_id) if user_id > 0 else None
        if known is None:
            raise bad_request("user not found")
        person = {"id": user_id, "is_bot": False, "first_name": known["first_name"]}
        # Unsure: someone in a private chat other than its person is reported as having left.
        in_private = group is None and user_id == chat["id"]
        return chat_member(person, "member" if in_private else "left")

    @api_method("getChatAdministrators", "chat_id")
    async def _get_chat_administrators(self, params: Params) -> list[Params]:
        chat = self._chat(params["chat_id"])
        self._check_reachable(chat["id"])
        group = self._groups.get(chat["id"])
        if group is None:
            raise bad_request("there are no administrators in the private chat")
        return [member for member in group.members.values() if member["status"] in ADMINS]

    @api_method("getChatMemberCount", "chat_id")
    async def _get_chat_member_count(self, params: Params) -> int:
        chat = self._chat(params["chat_id"])
        self._check_reachable(chat["id"])
        group = self._groups.get(chat["id"])
        return 2 if group is None else sum(group.has(user_id) for user_id in group.members)

    def _bot_user(self) -> Params:
        return super()._bot_user() | {"can_read_all_group_messages": not self.privacy_mode}

    def _check_reachable(self, chat_id: int) -> None:
        super()._check_reachable(chat_id)
        group = self._groups.get(chat_id)
        if group is not None and (error := group.refusal(self.bot_id)):
            raise error

    def _store(self, message: StoredMessage) -> StoredMessage:
        group = self._groups.get(message.chat_id)
        if group is not None and message.from_bot and not message.edited:
            group.last_bot = self.bot_id
        return super()._store(message)

    def _topic_placement(self, chat: Params, thread: int | None, reply: Params | None) -> Params:
        """The topic fields of a bot message: a forum's topic, or none for its General topic. A
        reply without message_thread_id goes into the topic of the message it answers.
        message_thread_id outside forums (reply threads, private chats' topics) is ignored: the
        fake does not model those."""
        group = self._groups.get(chat["id"])
        if group is None or not group.is_forum:
            return {}
        if thread is None and reply is not None and reply.get("chat_id", chat["id"]) == chat["id"]:
            answered = self._messages.get(chat["id"], {}).get(reply.get("message_id", 0))
            thread = answered.payload.get("message_thread_id") if answered else None
        if thread is None:
            return {}
        # Unsure whether Telegram takes message_thread_id=1 as the General topic: refused here.
        topic = group.topics.get(thread)
        if topic is None:
            raise bad_request("message thread not found")
        placed: Params = {"message_thread_id": thread, "is_topic_message": True}
        return placed if reply is not None else placed | {"reply_to_message": topic}

    def _menu_scopes(self, user: int, chat: int | None) -> list[Params]:
        """The command scopes Telegram tries, in order, for a person in a chat
        (https://core.telegram.org/bots/api#determining-list-of-commands)."""
        if chat is None or chat == user:
            return [{"type": "chat", "chat_id": user}, {"type": "all_private_chats"}]
        group = self._groups.get(chat)
        if group is None:
            raise ValueError(f"no group {chat}")
        admin = group.is_admin(user)
        scopes: list[Params] = [{"type": "chat_member", "chat_id": chat, "user_id": user}]
        scopes += [{"type": "chat_administrators", "chat_id": chat}] if admin else []
        scopes += [{"type": "chat", "chat_id": chat}]
        scopes += [{"type": "all_chat_administrators"}] if admin else []
        return [*scopes, {"type": "all_group_chats"}]

    def _reaches_bot(self, group: GroupChat, message: Params) -> bool:
        bot = self.bot_id
        if not group.has(bot):
            # A bot removed from a group is still told it left (unsure for supergroups).
            return bool(message.get("left_chat_member", {}).get("id") == bot)
        if privacy.is_service(message):
            return True
        if privacy.from_another_bot(message):
            return False
        if group.reads_all or group.is_admin(bot):
            return True
        last = group.last_bot in (None, bot)
        return privacy.meant_for(message, bot, self.bot_username, last_bot_to_post=last)
