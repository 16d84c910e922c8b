"""Simulated people in groups: making a group, joining and leaving it, adding, promoting and
removing the bot, upgrading a group to a supergroup.

Each action queues the updates Telegram would send the bot: my_chat_member for the bot itself,
chat_member for others (to an administrator bot that asks for them) and the service messages.
"""

from collections.abc import Iterable

from .group_posts import GroupPosts
from .groups import GroupChat, chat_member
from .people import SimUser
from .privacy import GROUP_ANONYMOUS_BOT
from .records import Params
from .updates import Update

SUPERGROUP_OFFSET = 10**12  # a supergroup's chat id is -100 followed by its 10-digit id


class GroupPeople(GroupPosts):
    """Groups and who is in them, the bot included."""

    def group(
        self,
        creator: SimUser,
        title: str = "Council",
        *,
        supergroup: bool = False,
        forum: bool = False,
        members: Iterable[SimUser] = (),
    ) -> GroupChat:
        """A group `creator` made with `members`: a basic group, a supergroup, or a forum (a
        supergroup with topics). The bot is not in it (add_bot): it hears nothing of it, and a
        send to it answers "chat not found"."""
        kind = "supergroup" if supergroup or forum else "group"
        group = GroupChat(self._new_group_id(kind), title, kind, is_forum=forum)
        group.members[creator.id] = chat_member(creator.as_api(), "creator")
        for person in members:
            group.members[person.id] = chat_member(person.as_api(), "member")
        self._groups[group.id] = group
        return group

    async def add_bot(self, group: GroupChat, by: SimUser, *, admin: bool = False) -> Update:
        """`by` adds the bot (as an administrator with `admin`): a my_chat_member update, then
        the new_chat_members service message (returned). Privacy mode is read now."""
        self._check_in(group, by)
        if group.has(self.bot_id):
            raise ValueError(f"the bot is already in group {group.id}")
        group.reads_all = not self.privacy_mode
        self._chats[group.id] = group.chat
        actor, bot = by.as_api(), self._bot_as_member()
        self._change(group, actor, bot, "administrator" if admin else "member")
        return self._group_post(group, actor, {"new_chat_members": [bot]})

    async def remove_bot(
        self, group: GroupChat, by: SimUser, *, ban: bool | None = None
    ) -> Update:
        """An administrator `by` removes the bot: my_chat_member, then the left_chat_member
        service message (returned); later sends answer 403. The bot is banned ("kicked") in a
        supergroup, or with `ban`; in a basic group it has "left" (unsure: Telegram may say
        "kicked" there too)."""
        self._check_admin(group, by)
        if not group.has(self.bot_id):
            raise ValueError(f"the bot is not in group {group.id}")
        return self._leave(group, by.as_api(), self._bot_as_member(), self._removed(group, ban))

    async def promote(
        self,
        group: GroupChat,
        by: SimUser,
        user: SimUser | None = None,
        *,
        anonymous: bool = False,
    ) -> Update:
        """The creator `by` makes `user` (the bot when None) an administrator, `anonymous` to
        post as the group. The bot gets my_chat_member for itself, chat_member for others when
        it is an administrator (and asks for them in allowed_updates)."""
        if group.status(by.id) != "creator":
            raise ValueError(f"{by.first_name} did not create group {group.id}")
        member = self._bot_as_member() if user is None else user.as_api()
        if not group.has(member["id"]):
            raise ValueError(f"{member['first_name']} is not in group {group.id}")
        return self._change(group, by.as_api(), member, "administrator", anonymous=anonymous)

    async def add_member(
        self, group: GroupChat, user: SimUser, by: SimUser | None = None
    ) -> Update:
        """`user` joins the group (by a link, or added `by` a member): the new_chat_members
        service message (returned), and chat_member for an administrator bot."""
        if group.has(user.id):
            raise ValueError(f"{user.first_name} is already in group {group.id}")
        if by is not None:
            self._check_in(group, by)
        actor = (by or user).as_api()
        self._change(group, actor, user.as_api(), "member")
        return self._group_post(group, actor, {"new_chat_members": [user.as_api()]})

    async def remove_member(
        self,
        group: GroupChat,
        user: SimUser,
        by: SimUser | None = None,
        *,
        ban: bool | None = None,
    ) -> Update:
        """`user` leaves the group, or an administrator `by` removes them (banned as remove_bot
        says): the left_chat_member service message (returned)."""
        self._check_in(group, user)
        if by is not None:
            self._check_admin(group, by)
        status = "left" if by is None else self._removed(group, ban)
        return self._leave(group, (by or user).as_api(), user.as_api(), status)

    async def upgrade_to_supergroup(self, group: GroupChat, by: SimUser) -> GroupChat:
        """The creator `by` upgrades a basic group; the supergroup (returned) has a new id. The
        old group gets a service message with migrate_to_chat_id, the new one one with
        migrate_from_chat_id; a later send to the old id answers 400 with migrate_to_chat_id."""
        if group.type != "group" or group.migrated_to is not None:
            raise ValueError(f"group {group.id} is not a basic group")
        if group.status(by.id) != "creator":
            raise ValueError(f"{by.first_name} did not create group {group.id}")
        new = GroupChat(self._new_group_id("supergroup"), group.title, "supergroup")
        new.members, new.reads_all, new.last_bot = (
            dict(group.members),
            group.reads_all,
            group.last_bot,
        )
        self._groups[new.id] = new
        if new.has(self.bot_id):
            self._chats[new.id] = new.chat
        self._group_post(group, by.as_api(), {"migrate_to_chat_id": new.id})
        group.migrated_to = new.id
        # As Telegram sends it: from GroupAnonymousBot, on behalf of the supergroup.
        moved = {"migrate_from_chat_id": group.id, "sender_chat": new.chat}
        self._group_post(new, GROUP_ANONYMOUS_BOT, moved)
        return new

    def _change(
        self,
        group: GroupChat,
        actor: Params,
        user: Params,
        status: str,
        *,
        anonymous: bool = False,
    ) -> Update:
        old = group.members.get(user["id"]) or chat_member(user, "left")
        new = chat_member(user, status, anonymous=anonymous)
        group.members[user["id"]] = new
        change = {
            "chat": group.chat,
            "from": actor,
            "date": self._now(),
            "old_chat_member": old,
            "new_chat_member": new,
        }
        if user["id"] == self.bot_id:
            return self._emit({"my_chat_member": change})
        # "The bot must be an administrator in the chat" (Update.chat_member).
        return self._tell_bot({"chat_member": change}, group.is_admin(self.bot_id))

    def _leave(self, group: GroupChat, actor: Params, user: Params, status: str) -> Update:
        self._change(group, actor, user, status)
        return self._group_post(group, actor, {"left_chat_member": user})

    def _new_group_id(self, kind: str) -> int:
        if kind == "supergroup":
            return -(SUPERGROUP_OFFSET + next(self._supergroup_ids))
        return -next(self._group_ids)

    @staticmethod
    def _removed(group: GroupChat, ban: bool | None) -> str:
        return "kicked" if (group.type == "supergroup" if ban is None else ban) else "left"

    @staticmethod
    def _check_admin(group: GroupChat, person: SimUser) -> None:
        if not group.is_admin(person.id):
            raise ValueError(f"{person.first_name} is not an administrator of group {group.id}")
