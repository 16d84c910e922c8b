"""What coaches and coordinators follow: each initiative where they may read a round's
progress, at a glance — the open round's completion and deadline, the last answer, the latest
closed round. Counts only while a round is open; figures come from closed rounds' snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.content import MODULES
from storage import activity, rounds
from storage import repository as repo
from storage.models import Role
from storage.records import InitiativeRecord
from storage.rounds import RoundRecord
from usecases import rounds as round_cases
from usecases.permissions import Action, allowed


@dataclass(frozen=True, slots=True)
class Followed:
    initiative: InitiativeRecord
    role: Role
    open_round: RoundRecord | None
    respondents: int
    """Of the open round (coordinators and members); 0 when none is open."""
    finished: int
    """Respondents who answered every item of the open round's modules."""
    last_activity: datetime | None
    latest: RoundRecord | None
    """The latest closed round."""


async def followed(session: AsyncSession, person_id: int, now: datetime) -> list[Followed]:
    """The initiatives the person follows (coordinator or coach), by name."""
    mine = [
        (initiative, role)
        for initiative, role in await repo.memberships(session, person_id=person_id)
        if allowed(role, Action.READ_DASHBOARD)
    ]
    last = await activity.last_answers(session, initiative_ids=[i.id for i, _ in mine])
    shown = []
    for initiative, role in mine:
        found = await round_cases.current(session, initiative.id, now)
        respondents, finished = await _completion(session, found) if found else (0, 0)
        latest = await rounds.latest_closed(session, initiative_id=initiative.id)
        when = last.get(initiative.id)
        shown.append(Followed(initiative, role, found, respondents, finished, when, latest))
    return shown


async def _completion(session: AsyncSession, found: RoundRecord) -> tuple[int, int]:
    people = [
        person
        for person, role in await rounds.members(session, initiative_id=found.initiative_id)
        if allowed(Role(role), Action.RESPOND)
    ]
    counts = await rounds.answered(
        session, initiative_id=found.initiative_id, round_no=found.number
    )
    done = sum(
        all(counts.get((person, m), 0) >= len(MODULES[m].items) for m in found.modules)
        for person in people
    )
    return len(people), done
