"""Assessment rounds: open one, see how far it is, extend its deadline, close it, read the
results of the latest closed one. Every use case checks the permissions table first; a refusal
changes nothing.

A round past its deadline is closed by the first use case that meets it, as of its deadline:
answers freeze then, whoever comes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.content import MODULES
from flows.group import ModuleFigures, figures_of
from flows.model import ModuleId
from flows.quiet import quiet_until
from flows.text import clean_line
from storage import repository as repo
from storage import round_counts, rounds
from storage.models import NO_ROUND, TITLE_MAX_LENGTH, Role
from storage.records import InitiativeRecord
from storage.rounds import RoundRecord
from usecases.delivery import Delivery, of_round
from usecases.permissions import Action, allowed

NOT_A_MEMBER, NOT_ALLOWED = "not_a_member", "not_allowed"
ALREADY_OPEN, NONE_OPEN, NONE_CLOSED = "already_open", "none_open", "none_closed"
NO_MODULES, NO_TITLE, TITLE_TOO_LONG, DEADLINE_PASSED = (
    "no_modules",
    "no_title",
    "title_too_long",
    "deadline_passed",
)
NOT_LATER, OTHER_ROUND = "not_later", "other_round"


@dataclass(frozen=True, slots=True)
class Refused:
    """Nothing changed; ``why`` says what stood in the way."""

    why: str


@dataclass(frozen=True, slots=True)
class ModuleProgress:
    module: ModuleId
    finished: int
    under_way: int
    not_started: int


@dataclass(frozen=True, slots=True)
class Progress:
    round: RoundRecord
    respondents: int
    modules: tuple[ModuleProgress, ...]
    messages: tuple[Delivery, ...] = ()
    """What the sender did for the round's news and reminders."""


@dataclass(frozen=True, slots=True)
class Results:
    initiative: InitiativeRecord
    round: RoundRecord
    modules: tuple[ModuleFigures, ...]
    comments: tuple[tuple[ModuleId, str, str], ...]
    """(module, item, text) of items with enough answers, when the round had enough
    respondents (the detail threshold); empty otherwise."""


async def current(session: AsyncSession, initiative_id: int, now: datetime) -> RoundRecord | None:
    """The round open now; one past its deadline is closed on the way."""
    found = await rounds.open_round_of(session, initiative_id=initiative_id)
    return None if found is None else await _unless_due(session, found, now)


async def seen_by(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> tuple[RoundRecord | None, bool]:
    """The round open now, and whether the person is one of its respondents."""
    found = await rounds.open_with_role(session, initiative_id=initiative_id, person_id=person_id)
    if found is None:
        return None, False
    return await _unless_due(session, found[0], now), allowed(found[1], Action.RESPOND)


async def responding(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> RoundRecord | None:
    """The round open now, when the person is one of its respondents."""
    found, responds = await seen_by(session, person_id, initiative_id, now)
    return found if responds else None


async def completed(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> RoundRecord | None:
    """The open round, when the person has answered every item of every module it covers."""
    found = await responding(session, person_id, initiative_id, now)
    if found is None:
        return None
    counts = await rounds.answered(session, initiative_id=initiative_id, round_no=found.number)
    every = all(counts.get((person_id, m), 0) >= len(MODULES[m].items) for m in found.modules)
    return found if every else None


async def answering(
    session: AsyncSession, person_id: int, initiative_id: int, module: ModuleId, now: datetime
) -> int:
    """The round a person's answers to ``module`` go to: the open round when it covers the
    module and they are one of its respondents, else NO_ROUND (their own self-assessment)."""
    found = await responding(session, person_id, initiative_id, now)
    return found.number if found is not None and found.covers(module) else NO_ROUND


async def _unless_due(
    session: AsyncSession, found: RoundRecord, now: datetime
) -> RoundRecord | None:
    if found.deadline is not None and found.deadline <= now:
        await rounds.close(session, round_id=found.id, now=found.deadline)
        return None
    return found


async def open_round(
    session: AsyncSession,
    person_id: int,
    initiative_id: int,
    *,
    title: str,
    modules: Sequence[ModuleId],
    deadline: datetime | None,
    now: datetime,
) -> RoundRecord | Refused:
    refused = await refusal(session, person_id, initiative_id, Action.MANAGE_ROUNDS)
    if refused is not None:
        return refused
    cleaned = clean_line(title)
    if not cleaned:
        return Refused(NO_TITLE)
    if len(cleaned) > TITLE_MAX_LENGTH:
        return Refused(TITLE_TOO_LONG)
    covered = tuple(m for m in MODULES if m in modules)
    if not covered:
        return Refused(NO_MODULES)
    if deadline is not None and deadline <= now:
        return Refused(DEADLINE_PASSED)
    if await current(session, initiative_id, now) is not None:
        return Refused(ALREADY_OPEN)
    return await rounds.open_round(
        session,
        initiative_id=initiative_id,
        title=cleaned,
        modules=covered,
        deadline=deadline,
        opened_by=person_id,
        now=now,
    )


async def open_for(
    session: AsyncSession, person_id: int, initiative_id: int, action: Action, now: datetime
) -> RoundRecord | Refused:
    """The round open now, for someone who may do ``action`` on it."""
    refused = await refusal(session, person_id, initiative_id, action)
    if refused is not None:
        return refused
    found = await current(session, initiative_id, now)
    return Refused(NONE_OPEN) if found is None else found


async def may_open(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> Refused | None:
    """Why the person cannot open a round now (before asking them for one); None: they can."""
    found = await open_for(session, person_id, initiative_id, Action.MANAGE_ROUNDS, now)
    if isinstance(found, RoundRecord):
        return Refused(ALREADY_OPEN)
    return None if found.why == NONE_OPEN else found


async def close_round(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> RoundRecord | Refused:
    found = await open_for(session, person_id, initiative_id, Action.MANAGE_ROUNDS, now)
    if isinstance(found, Refused):
        return found
    return await rounds.close(session, round_id=found.id, now=now)


@dataclass(frozen=True, slots=True)
class Extended:
    """A round with its new deadline, and who is told: the respondents who have not finished
    it, but the coordinator who extended it."""

    round: RoundRecord
    initiative: InitiativeRecord
    to: tuple[tuple[int, str | None, tuple[ModuleId, ...]], ...]
    """(Telegram chat, language, the round's modules they have not finished)."""
    leaves_at: datetime
    """Now, or when quiet hours end."""


async def extendable(
    session: AsyncSession, person_id: int, initiative_id: int, round_id: int, now: datetime
) -> RoundRecord | Refused:
    """Round ``round_id`` while it is the open one, for someone who may extend it."""
    found = await open_for(session, person_id, initiative_id, Action.MANAGE_ROUNDS, now)
    if isinstance(found, Refused) or found.id == round_id:
        return found
    return Refused(OTHER_ROUND)


async def extend(
    session: AsyncSession,
    person_id: int,
    initiative_id: int,
    round_id: int,
    deadline: datetime,
    now: datetime,
) -> Extended | Refused:
    """Moves the deadline of round ``round_id``, while it is the open one, to a later time to
    come."""
    found = await extendable(session, person_id, initiative_id, round_id, now)
    if isinstance(found, Refused):
        return found
    if deadline <= now:
        return Refused(DEADLINE_PASSED)
    if found.deadline is not None and deadline <= found.deadline:
        return Refused(NOT_LATER)
    await rounds.set_deadline(session, round_id=found.id, deadline=deadline)
    initiative = await repo.initiative(session, initiative_id=initiative_id)
    assert initiative is not None  # its coordinator asks
    extended = replace(found, deadline=deadline)
    to = await unfinished(session, extended, but=person_id)
    leaves_at = quiet_until(now, initiative.timezone, initiative.quiet_hours) or now
    return Extended(extended, initiative, to, leaves_at)


async def unfinished(
    session: AsyncSession, found: RoundRecord, but: int | None = None
) -> tuple[tuple[int, str | None, tuple[ModuleId, ...]], ...]:
    """(Telegram chat, language, modules left) of the respondents who have not finished the
    round, but ``but``."""
    respondents = [role for role in Role if allowed(role, Action.RESPOND)]
    people = await rounds.reachable(session, initiative_id=found.initiative_id, roles=respondents)
    counts = await rounds.answered(
        session, initiative_id=found.initiative_id, round_no=found.number
    )
    to = []
    for person, chat, language in people:
        left = tuple(
            m for m in found.modules if counts.get((person, m), 0) < len(MODULES[m].items)
        )
        if left and person != but:
            to.append((chat, language, left))
    return tuple(to)


async def progress(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> Progress | Refused:
    """Finished, under way and not started per module among the respondents, counts only; and
    what became of the round's messages."""
    found = await open_for(session, person_id, initiative_id, Action.READ_PROGRESS, now)
    if isinstance(found, Refused):
        return found
    people = [
        person
        for person, role in await rounds.members(session, initiative_id=initiative_id)
        if allowed(Role(role), Action.RESPOND)
    ]
    counts = await rounds.answered(session, initiative_id=initiative_id, round_no=found.number)
    modules = []
    for module in found.modules:
        total = len(MODULES[module].items)
        done = [counts.get((person, module), 0) for person in people]
        modules.append(
            ModuleProgress(
                module,
                finished=sum(1 for n in done if n >= total),
                under_way=sum(1 for n in done if 0 < n < total),
                not_started=sum(1 for n in done if n == 0),
            )
        )
    return Progress(found, len(people), tuple(modules), await of_round(session, found.id))


async def results(
    session: AsyncSession, person_id: int, initiative_id: int, now: datetime
) -> Results | Refused:
    """The group figures of the latest closed round, from its snapshot."""
    refused = await refusal(session, person_id, initiative_id, Action.READ_RESULTS)
    if refused is not None:
        return refused
    await current(session, initiative_id, now)  # closes one past its deadline
    initiative = await repo.initiative(session, initiative_id=initiative_id)
    latest = await rounds.latest_closed(session, initiative_id=initiative_id)
    if latest is None or initiative is None:
        return Refused(NONE_CLOSED)
    return await _results(session, initiative, latest)


async def _results(
    session: AsyncSession, initiative: InitiativeRecord, latest: RoundRecord
) -> Results:
    counts = await round_counts.tallies_of(session, round_id=latest.id, modules=latest.modules)
    shown = tuple(figures_of(t, initiative.anonymity_threshold) for t in counts)
    comments = shown_comments(
        await rounds.comments_of(session, round_id=latest.id),
        shown,
        latest.respondents or 0,
        initiative.detail_threshold,
    )
    return Results(initiative, latest, shown, comments)


def shown_comments(
    comments: Sequence[tuple[ModuleId, str, str]],
    modules: Sequence[ModuleFigures],
    respondents: int,
    detail: int,
) -> tuple[tuple[ModuleId, str, str], ...]:
    """The comments that may be shown: the round had at least ``detail`` respondents, and their
    item at least ``detail`` counted answers."""
    if respondents < detail:
        return ()
    counted = {(f.module.id, item.item.id): item.counted for f in modules for item in f.items}
    return tuple(c for c in comments if counted.get(c[:2], 0) >= detail)


@dataclass(frozen=True, slots=True)
class News:
    """A round's results, and who receives them: (Telegram chat, language)."""

    results: Results
    to: tuple[tuple[int, str | None], ...]
    leaves_at: datetime
    """Now, or when the initiative's quiet hours end."""


async def announce(
    session: AsyncSession, now: datetime, round_id: int | None = None
) -> list[News]:
    """The results of rounds closed (or past their deadline, closed now as of it) and not
    announced yet, for every respondent; each round is announced once, in this transaction.
    ``round_id``: that round only (the one just closed), to leave when quiet hours end if they
    hold; other rounds wait for the end of their quiet hours to be announced."""
    news = []
    for found in await rounds.unannounced(session, now=now):
        if round_id is not None and found.id != round_id:
            continue
        initiative = await repo.initiative(session, initiative_id=found.initiative_id)
        assert initiative is not None
        quiet = quiet_until(now, initiative.timezone, initiative.quiet_hours)
        if quiet is not None and round_id is None:
            continue
        if found.closed_at is None:
            assert found.deadline is not None
            found = await rounds.close(session, round_id=found.id, now=found.deadline)
        if not await rounds.mark_announced(session, round_id=found.id, now=now):
            continue
        shown = await _results(session, initiative, found)
        people = tuple(await to_tell(session, initiative.id, but=None))
        news.append(News(shown, people, quiet or now))
    return news


async def to_tell(
    session: AsyncSession, initiative_id: int, but: int | None
) -> list[tuple[int, str | None]]:
    """(Telegram chat, language) of the respondents to tell that a round opened, but ``but``
    (who opened it: they know)."""
    respondents = [role for role in Role if allowed(role, Action.RESPOND)]
    found = await rounds.reachable(session, initiative_id=initiative_id, roles=respondents)
    return [(chat, locale) for person, chat, locale in found if person != but]


async def refusal(
    session: AsyncSession, person_id: int, initiative_id: int, action: Action
) -> Refused | None:
    """Why the person may not do ``action`` in the initiative; None when they may."""
    role = await repo.membership_role(session, person_id=person_id, initiative_id=initiative_id)
    if role is None:
        return Refused(NOT_A_MEMBER)
    return None if allowed(role, action) else Refused(NOT_ALLOWED)
