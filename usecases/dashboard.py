"""What coaches and coordinators follow: each initiative where they may read a round's
progress, at a glance — the open round's completion and deadline, the last answer, the latest
closed round. Counts only while a round is open; figures come from closed rounds' snapshots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.content import MODULES
from flows.group import Indicator, Tally, figures_of, indicator
from flows.model import Item, ModuleId
from flows.perspectives import Perspective, Seen, seen_apart
from flows.summary import RoundSummary, round_summary
from storage import activity, round_counts, rounds
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
    indicator: Indicator | None
    """Its overall indicator, when it has one."""


async def followed(session: AsyncSession, person_id: int, now: datetime) -> list[Followed]:
    """The initiatives the person follows (coordinator or coach), by name."""
    mine = [
        (initiative, role)
        for initiative, role in await repo.memberships(session, person_id=person_id)
        if allowed(role, Action.READ_DASHBOARD)
    ]
    last = await activity.last_answers(session, initiative_ids=[i.id for i, _ in mine])
    return [await _follow(session, i, role, last.get(i.id), now) for i, role in mine]


async def _follow(
    session: AsyncSession,
    initiative: InitiativeRecord,
    role: Role,
    last: datetime | None,
    now: datetime,
    counts: Sequence[Tally] | None = None,
) -> Followed:
    """``counts``: the latest closed round's, when the caller has them already."""
    found = await round_cases.current(session, initiative.id, now)
    respondents, finished = await _completion(session, found) if found else (0, 0)
    latest = await rounds.latest_closed(session, initiative_id=initiative.id)
    shown = None
    if latest is not None:
        if counts is None:
            counts = await round_counts.tallies_of(
                session, round_id=latest.id, modules=latest.modules
            )
        shown = indicator([figures_of(t, initiative.anonymity_threshold) for t in counts])
    return Followed(initiative, role, found, respondents, finished, last, latest, shown)


@dataclass(frozen=True, slots=True)
class Apart:
    module: ModuleId
    item: Item
    seen: tuple[Seen, ...]


@dataclass(frozen=True, slots=True)
class Dashboard:
    followed: Followed
    summary: RoundSummary | None
    """Of the latest closed round, with the change since the one before; None: none closed."""
    comments: tuple[tuple[ModuleId, str, str], ...]
    """(module, item, text), anonymous, only where the detail threshold is met."""
    apart: tuple[Apart, ...] = ()
    """Items the perspectives see differently (flows.perspectives)."""


async def view(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> Dashboard | round_cases.Refused:
    """One initiative's dashboard, for those who follow it; anyone else learns nothing of it."""
    refused = await round_cases.refusal(session, person_id, initiative_id, Action.READ_DASHBOARD)
    if refused is not None:
        return refused
    role = await repo.membership_role(session, person_id=person_id, initiative_id=initiative_id)
    initiative = await repo.initiative(session, initiative_id=initiative_id)
    assert role is not None and initiative is not None
    last = await activity.last_answers(session, initiative_ids=[initiative_id])
    await round_cases.current(session, initiative_id, now)  # closes one past its deadline
    latest = await rounds.latest_closed(session, initiative_id=initiative_id)
    counts = None
    if latest is not None:
        counts = await round_counts.tallies_of(session, round_id=latest.id, modules=latest.modules)
    found = await _follow(session, initiative, role, last.get(initiative_id), now, counts)
    if latest is None or counts is None:
        return Dashboard(found, None, ())
    threshold = initiative.anonymity_threshold
    before = await rounds.closed_before(session, initiative_id=initiative_id, number=latest.number)
    shown = round_summary(
        counts,
        threshold,
        None
        if before is None
        else await round_counts.tallies_of(session, round_id=before.id, modules=before.modules),
    )
    comments = round_cases.shown_comments(
        await rounds.comments_of(session, round_id=latest.id),
        shown.modules,
        latest.respondents or 0,
        initiative.detail_threshold,
    )
    sides = await round_counts.sides_of(session, round_id=latest.id)
    return Dashboard(found, shown, comments, _apart(counts, sides, threshold))


def _apart(
    counts: Sequence[Tally],
    sides: Mapping[tuple[str, str], Mapping[str, Mapping[int, int]]],
    threshold: int,
) -> tuple[Apart, ...]:
    found = []
    for tally in counts:
        for item in MODULES[tally.module].items:
            by_side = sides.get((str(tally.module), item.id), {})
            known = {Perspective(p): c for p, c in by_side.items() if p in set(Perspective)}
            seen = seen_apart(known, tally.counts.get(item.id, {}), threshold)
            if seen:
                found.append(Apart(tally.module, item, seen))
    return tuple(found)


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
