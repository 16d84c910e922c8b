"""An initiative's roster and roles: who is in it and how far they are in the open round;
making someone coordinator, coach or member; removing someone; leaving. Each use case checks
the permission table first, and a refusal changes nothing. The only coordinator of an
initiative where others remain hands over first (storage.roster.last_coordinator_of).

During an open round, a respondent who stops being one (removed, leaving, made coach) leaves
it: their answers, comments and walkthroughs of the round go, so its counts change and they
are reminded no more. Someone who becomes a respondent joins it empty. What a person answered
outside rounds stays theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.content import MODULES
from storage import repository as repo
from storage import roster as stored
from storage import rounds as stored_rounds
from storage.models import Role
from storage.records import InitiativeRecord, PersonRecord
from storage.rounds import RoundRecord
from usecases import rounds
from usecases.permissions import Action, allowed
from usecases.rounds import NOT_A_MEMBER, NOT_ALLOWED, Refused, refusal

__all__ = ["NOT_A_MEMBER", "NOT_ALLOWED", "Refused"]

GONE, CHANGED, YOURSELF = "gone", "changed", "yourself"
"""The person is no longer in the initiative; their role changed since it was shown; removing
oneself (that is leaving)."""
LAST_COORDINATOR, ALONE = "last_coordinator", "alone"
"""They coordinate alone while others remain; they are alone in the initiative."""


@dataclass(frozen=True, slots=True)
class Counts:
    """A respondent's modules of the open round: finished, under way, not started."""

    finished: int
    under_way: int
    not_started: int


@dataclass(frozen=True, slots=True)
class Entry:
    person_id: int
    name: str
    role: Role
    progress: Counts | None
    """In the open round, for a respondent; None otherwise."""


@dataclass(frozen=True, slots=True)
class Roster:
    initiative: InitiativeRecord
    round: RoundRecord | None
    """The open round."""
    people: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Moved:
    """A role changed, or someone left or was removed (``role`` None)."""

    initiative: InitiativeRecord
    name: str
    role: Role | None
    before: PersonRecord
    """The person as they were (their role in the initiative they answer for, their chat)."""
    after: PersonRecord
    joined: RoundRecord | None
    """The open round they joined as a respondent, to be told about."""


async def members(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> Roster | Refused:
    refused = await refusal(session, person_id, initiative_id, Action.MANAGE_MEMBERS)
    return refused or await _roster(session, initiative_id, now)


async def change_role(
    session: AsyncSession,
    person_id: int,
    initiative_id: int,
    target_id: int,
    *,
    was: Role,
    to: Role,
    now: datetime,
) -> Moved | Refused:
    """Makes ``target_id`` (who had role ``was`` when their screen was shown) ``to``."""
    await stored.hold(session, initiative_id=initiative_id)
    refused = await _may_move(session, person_id, initiative_id, target_id, was, to)
    return refused or await _move(session, initiative_id, target_id, to, now)


async def remove(
    session: AsyncSession,
    person_id: int,
    initiative_id: int,
    target_id: int,
    *,
    was: Role,
    now: datetime,
) -> Moved | Refused:
    if target_id == person_id:
        return Refused(YOURSELF)
    await stored.hold(session, initiative_id=initiative_id)
    refused = await _may_move(session, person_id, initiative_id, target_id, was, None)
    return refused or await _move(session, initiative_id, target_id, None, now)


async def may_leave(
    session: AsyncSession, person_id: int, initiative_id: int
) -> InitiativeRecord | Refused:
    """The initiative, when the person may leave it (before asking them to confirm)."""
    refused = await refusal(session, person_id, initiative_id, Action.LEAVE)
    if refused is not None:
        return refused
    if len(await stored.roster(session, initiative_id=initiative_id)) == 1:
        return Refused(ALONE)
    if await stored.last_coordinator_of(session, person_id=person_id, initiative_id=initiative_id):
        return Refused(LAST_COORDINATOR)
    found = await repo.initiative(session, initiative_id=initiative_id)
    return found or Refused(NOT_A_MEMBER)


async def leave(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> Moved | Refused:
    await stored.hold(session, initiative_id=initiative_id)
    refused = await may_leave(session, person_id, initiative_id)
    if isinstance(refused, Refused):
        return refused
    return await _move(session, initiative_id, person_id, None, now)


async def standing(session: AsyncSession, person_id: int) -> PersonRecord | None:
    """The person with their role in the initiative they answer for (what their menu shows)."""
    return await repo.person_by(session, person_id=person_id)


async def _may_move(
    session: AsyncSession,
    person_id: int,
    initiative_id: int,
    target_id: int,
    was: Role,
    to: Role | None,
) -> Refused | None:
    refused = await refusal(session, person_id, initiative_id, Action.MANAGE_MEMBERS)
    if refused is not None:
        return refused
    role = await repo.membership_role(session, person_id=target_id, initiative_id=initiative_id)
    if role is None:
        return Refused(GONE)
    if role != was or role == to:
        return Refused(CHANGED)
    if to != Role.COORDINATOR and await stored.last_coordinator_of(
        session, person_id=target_id, initiative_id=initiative_id
    ):
        return Refused(LAST_COORDINATOR)
    return None


async def _move(
    session: AsyncSession, initiative_id: int, target_id: int, to: Role | None, now: datetime
) -> Moved:
    before = await repo.person_by(session, person_id=target_id)
    initiative = await repo.initiative(session, initiative_id=initiative_id)
    role = await repo.membership_role(session, person_id=target_id, initiative_id=initiative_id)
    assert before is not None and initiative is not None
    found = await rounds.current(session, initiative_id, now)
    was_respondent, respondent = allowed(role, Action.RESPOND), allowed(to, Action.RESPOND)
    if found is not None and was_respondent and not respondent:
        await stored.leave_round(
            session,
            person_id=target_id,
            initiative_id=initiative_id,
            round_no=found.number,
            modules=found.modules,
        )
    if to is None:
        await stored.remove(session, person_id=target_id, initiative_id=initiative_id)
    else:
        await stored.set_role(session, person_id=target_id, initiative_id=initiative_id, role=to)
    after = await repo.person_by(session, person_id=target_id)
    assert after is not None
    joined = found if respondent and not was_respondent else None
    return Moved(initiative, before.display_name, to, before, after, joined)


async def _roster(
    session: AsyncSession, initiative_id: int, now: datetime, target_id: int | None = None
) -> Roster:
    initiative = await repo.initiative(session, initiative_id=initiative_id)
    assert initiative is not None  # its member asks
    found = await rounds.current(session, initiative_id, now)
    counts = {}
    if found is not None:
        counts = await stored_rounds.answered(
            session, initiative_id=initiative_id, round_no=found.number
        )
    people = []
    for row in await stored.roster(session, initiative_id=initiative_id, person_id=target_id):
        progress = None
        if found is not None and allowed(row.role, Action.RESPOND):
            done = [
                counts.get((row.person_id, m), 0) / len(MODULES[m].items) for m in found.modules
            ]
            progress = Counts(
                finished=sum(1 for share in done if share >= 1),
                under_way=sum(1 for share in done if 0 < share < 1),
                not_started=sum(1 for share in done if share == 0),
            )
        people.append(Entry(row.person_id, row.display_name, row.role, progress))
    return Roster(initiative, found, tuple(people))
