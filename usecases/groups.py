"""Council group chats: a coordinator links the initiative's Telegram group (/link), unlinks it
(/unlink) or replaces its join code; the bot follows what Telegram does to the group (removed,
upgraded to a supergroup, its topic deleted); a person joins from a group post's button.

One group per initiative and one initiative per group: linking a second group to an initiative
is refused while the first is linked (/unlink there first, or remove the bot from it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from storage import calls, groups
from storage import repository as repo
from storage.groups import GroupRecord
from storage.models import Role
from storage.records import InitiativeRecord
from usecases.initiatives import INVITE_CODE
from usecases.permissions import Action, allowed

NOT_ALLOWED, ANONYMOUS, NOT_LINKED = "not_allowed", "anonymous", "not_linked"
GROUP_TAKEN, INITIATIVE_TAKEN = "group_taken", "initiative_taken"


@dataclass(frozen=True, slots=True)
class Refused:
    """Nothing changed; ``why`` says what stood in the way, ``name`` the initiative it is
    about (GROUP_TAKEN, INITIATIVE_TAKEN)."""

    why: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Linked:
    initiative: InitiativeRecord
    group: GroupRecord
    already: bool = False
    """It was linked before this /link (which then offers a new join code)."""


@dataclass(frozen=True, slots=True)
class Choose:
    """The person coordinates several initiatives: which one the group is for."""

    initiatives: tuple[InitiativeRecord, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a /link or /unlink was sent: the group, its forum topic, and by whom (their
    Telegram id; None when an anonymous administrator sent it, as the group)."""

    chat_id: int
    thread_id: int | None
    telegram_id: int | None


async def link(
    session: AsyncSession, place: Place, now: datetime, initiative_id: int | None = None
) -> Linked | Choose | Refused:
    """Links the group to the initiative the person coordinates (``initiative_id`` when they
    coordinate several), in the topic where they asked."""
    mine = await _coordinated(session, place)
    if isinstance(mine, Refused):
        return mine
    here = await groups.of_chat(session, chat_id=place.chat_id)
    if here is not None:
        ours = mine.get(here.initiative_id)
        if ours is None or initiative_id not in (None, here.initiative_id):
            found = await repo.initiative(session, initiative_id=here.initiative_id)
            return Refused(GROUP_TAKEN, found.name if found else "")
        return Linked(ours, here, already=True)
    if initiative_id is None and len(mine) > 1:
        return Choose(tuple(sorted(mine.values(), key=lambda i: (i.name, i.id))))
    chosen = mine.get(initiative_id) if initiative_id is not None else next(iter(mine.values()))
    if chosen is None:
        return Refused(NOT_ALLOWED)
    if await groups.of_initiative(session, initiative_id=chosen.id) is not None:
        return Refused(INITIATIVE_TAKEN, chosen.name)
    person = await _person(session, place)
    assert person is not None  # they coordinate it
    added = await groups.add(
        session,
        initiative_id=chosen.id,
        chat_id=place.chat_id,
        thread_id=place.thread_id,
        linked_by=person,
        now=now,
    )
    if added is None:  # linked a moment ago, by another /link
        return await link(session, place, now, chosen.id)
    return Linked(chosen, added)


async def unlink(session: AsyncSession, place: Place, now: datetime) -> InitiativeRecord | Refused:
    """Unlinks the group, for a coordinator of its initiative; its join code stops working, and
    what waits to be posted there (quiet hours) is not posted."""
    mine = await _coordinated(session, place)
    if isinstance(mine, Refused):
        return mine
    here = await groups.of_chat(session, chat_id=place.chat_id)
    if here is None:
        return Refused(NOT_LINKED)
    ours = mine.get(here.initiative_id)
    if ours is None:
        return Refused(NOT_ALLOWED)
    await groups.remove(session, chat_id=place.chat_id)
    await calls.drop_unsent(session, chat_id=place.chat_id, now=now)
    return ours


async def replace_code(
    session: AsyncSession, place: Place, initiative_id: int
) -> Linked | Refused:
    """A new join code for the group's posts, for a coordinator of its initiative."""
    mine = await _coordinated(session, place)
    if isinstance(mine, Refused):
        return mine
    here = await groups.of_chat(session, chat_id=place.chat_id)
    if here is None or here.initiative_id != initiative_id:
        return Refused(NOT_LINKED)
    ours = mine.get(here.initiative_id)
    if ours is None:
        return Refused(NOT_ALLOWED)
    code = await groups.replace_code(session, chat_id=place.chat_id)
    group = GroupRecord(here.initiative_id, here.chat_id, here.thread_id, code)
    return Linked(ours, group, already=True)


async def removed(session: AsyncSession, chat_id: int, now: datetime) -> int | None:
    """The bot was removed from the group: it is unlinked, and what waits to be posted there
    is not posted. The initiative it posted for, if it was linked."""
    await calls.drop_unsent(session, chat_id=chat_id, now=now)
    return await groups.remove(session, chat_id=chat_id)


async def moved(session: AsyncSession, old: int, new: int) -> None:
    """Telegram upgraded the group to a supergroup, with a new id."""
    await groups.moved(session, old=old, new=new)


async def posting(
    session: AsyncSession, initiative_id: int
) -> tuple[InitiativeRecord, GroupRecord] | None:
    """The initiative and the group it posts in, when it has one."""
    group = await groups.of_initiative(session, initiative_id=initiative_id)
    found = None if group is None else await repo.initiative(session, initiative_id=initiative_id)
    return None if found is None or group is None else (found, group)


async def join(
    session: AsyncSession, person_id: int, code: str
) -> tuple[InitiativeRecord, Role] | None:
    """Joins from a group post's button: its group's join code makes a member (a role is never
    lowered); None for a code no linked group has."""
    if not INVITE_CODE.fullmatch(code):
        return None
    group = await groups.of_code(session, code=code)
    if group is None:
        return None
    return await repo.join_as(
        session, person_id=person_id, initiative=group.initiative_id, offered=Role.MEMBER
    )


async def _person(session: AsyncSession, place: Place) -> int | None:
    if place.telegram_id is None:
        return None
    found = await repo.person_of_telegram(session, telegram_id=place.telegram_id)
    return None if found is None else found.id


async def _coordinated(
    session: AsyncSession, place: Place
) -> dict[int, InitiativeRecord] | Refused:
    """The initiatives the person may link a group to, by id; refused when none."""
    if place.telegram_id is None:
        return Refused(ANONYMOUS)
    person = await _person(session, place)
    memberships = [] if person is None else await repo.memberships(session, person_id=person)
    mine = {i.id: i for i, role in memberships if allowed(role, Action.LINK_GROUP)}
    return mine or Refused(NOT_ALLOWED)
