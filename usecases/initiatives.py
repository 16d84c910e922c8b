"""Creating an initiative, choosing the one to answer for, invite codes, joining by one."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.i18n import LANGUAGES
from flows.text import clean_line
from storage import repository as repo
from storage.models import ISSUE_MAX_LENGTH, NAME_MAX_LENGTH, Role
from storage.records import DEFAULTS, InitiativeDefaults, InitiativeRecord, PersonRecord
from usecases.permissions import Action, allowed

INVITE_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Pending(StrEnum):
    """What a person's next free text is, while they create an initiative."""

    NAME = "initiative_name"
    ISSUE = "initiative_issue"


@dataclass(frozen=True, slots=True)
class Refused:
    """Nothing changed; ``why`` says what was wrong with the text."""

    why: str
    limit: int = 0
    length: int = 0


EMPTY, TOO_LONG, NOT_A_MEMBER, NOT_ALLOWED = "empty", "too_long", "not_a_member", "not_allowed"


@dataclass(frozen=True, slots=True)
class Invites:
    initiative: InitiativeRecord
    member_code: str
    coach_code: str
    replaced: bool = False


async def begin(session: AsyncSession, person_id: int) -> None:
    """The next free text is the name of a new initiative."""
    await repo.set_pending(session, person_id=person_id, pending=Pending.NAME)


async def cancel(session: AsyncSession, person_id: int) -> None:
    await repo.set_pending(session, person_id=person_id, pending=None)


def check(typed: str, limit: int) -> str | Refused:
    """The text cleaned of what cannot be shown, on one line, or why it is refused."""
    cleaned = clean_line(typed)
    if not cleaned:
        return Refused(EMPTY)
    if len(cleaned) > limit:
        return Refused(TOO_LONG, limit, len(cleaned))
    return cleaned


async def typed(
    session: AsyncSession,
    person: PersonRecord,
    text: str,
    defaults: InitiativeDefaults = DEFAULTS,
) -> Refused | Pending | InitiativeRecord:
    """The name, then the issue: what to ask next, or the initiative once created."""
    if person.pending == Pending.NAME:
        name = check(text, NAME_MAX_LENGTH)
        if isinstance(name, Refused):
            return name
        await repo.set_pending(session, person_id=person.id, pending=Pending.ISSUE, draft=name)
        return Pending.ISSUE
    issue = check(text, ISSUE_MAX_LENGTH)
    if isinstance(issue, Refused):
        return issue
    created = await create(
        session, person.id, person.draft or issue, issue, defaults, language=person.locale
    )
    await repo.set_pending(session, person_id=person.id, pending=None)
    return created


async def create(
    session: AsyncSession,
    person_id: int,
    name: str,
    issue: str,
    defaults: InitiativeDefaults = DEFAULTS,
    language: str | None = None,
) -> InitiativeRecord:
    """A new initiative with this person as its coordinator, and the one they answer for; its
    group chat's posts are in ``language``, its creator's."""
    if language in LANGUAGES:
        defaults = replace(defaults, language=language)
    return await repo.create_initiative(
        session,
        name=clean_line(name),
        issue=clean_line(issue),
        creator_id=person_id,
        defaults=defaults,
    )


async def mine(session: AsyncSession, person_id: int) -> list[tuple[InitiativeRecord, Role]]:
    return await repo.memberships(session, person_id=person_id)


async def choose(
    session: AsyncSession, person_id: int, initiative_id: int
) -> InitiativeRecord | Refused:
    """Makes it the initiative the person answers for, if they are a member of it."""
    role = await repo.membership_role(session, person_id=person_id, initiative_id=initiative_id)
    found = await repo.initiative(session, initiative_id=initiative_id) if role else None
    if found is None:
        return Refused(NOT_A_MEMBER)
    await repo.set_active_initiative(session, person_id=person_id, initiative_id=found.id)
    return found


async def invites(
    session: AsyncSession, person_id: int, initiative_id: int, *, replace: bool = False
) -> Invites | Refused:
    """The initiative's invite codes (new ones with ``replace``), for those who manage them."""
    role = await repo.membership_role(session, person_id=person_id, initiative_id=initiative_id)
    found = await repo.initiative(session, initiative_id=initiative_id) if role else None
    if found is None:
        return Refused(NOT_A_MEMBER)
    if not allowed(role, Action.MANAGE_INVITES):
        return Refused(NOT_ALLOWED)
    if replace:
        codes = await repo.replace_invite_codes(session, initiative_id=found.id)
    else:
        codes = await repo.invite_codes(session, initiative_id=found.id)
    return Invites(found, *codes, replaced=replace)


async def join(
    session: AsyncSession, person_id: int, code: str
) -> tuple[InitiativeRecord, Role] | None:
    """Joins by an invite code (a role is never lowered); None for a code that is not valid."""
    await repo.set_pending(session, person_id=person_id, pending=None)
    if not INVITE_CODE.fullmatch(code):
        return None
    return await repo.join_by_code(session, person_id=person_id, code=code)
