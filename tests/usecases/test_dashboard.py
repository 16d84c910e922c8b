"""The dashboard's list: what coaches and coordinators follow, at the use-case layer."""

from datetime import timedelta

import pytest
from sqlmodel import delete

from flows.agenda import AgendaOutcome
from flows.group import tallies
from flows.model import DONT_KNOW
from flows.trends import Change
from storage import repository as repo
from storage import round_counts
from storage import rounds as storage_rounds
from storage.models import RoundCount
from storage.rounds import RoundRecord
from tests.usecases.team import person
from tests.usecases.test_rounds import NOW, PRE, SQLITE_ONLY, answer, big_team, open_pre
from usecases import dashboard, initiatives, rounds


@pytest.mark.parametrize(
    ("who", "follows"), [("carla", True), ("cole", True), ("mia", False), ("eve", False)]
)
@SQLITE_ONLY
async def test_coordinators_and_coaches_follow_the_initiative_members_do_not(
    sessionmaker, who, follows
):
    ids = await big_team(sessionmaker)
    async with sessionmaker() as session:
        shown = await dashboard.followed(session, ids[who], NOW)
    assert [f.initiative.id for f in shown] == ([ids["nord"]] if follows else [])


async def test_the_list_shows_completion_deadline_last_answer_and_latest_round(sessionmaker):
    ids = await big_team(sessionmaker)
    async with sessionmaker() as session:
        (before,) = await dashboard.followed(session, ids["cole"], NOW)
    assert (before.open_round, before.respondents, before.last_activity) == (None, 0, None)

    deadline = NOW + timedelta(days=3)
    opened = await open_pre(sessionmaker, ids, deadline=deadline)
    assert isinstance(opened, RoundRecord)
    later = NOW + timedelta(hours=5)
    await answer(sessionmaker, ids, "mia", (4, 4, 4), now=later)
    await answer(sessionmaker, ids, "noa", (4, 4, 4), now=NOW)
    async with sessionmaker() as session:
        (during,) = await dashboard.followed(session, ids["cole"], later)
    assert during.open_round is not None and during.open_round.deadline == deadline
    assert (during.respondents, during.finished) == (4, 2)  # coordinators and members
    assert during.last_activity == later and during.latest is None

    async with sessionmaker.begin() as session:  # past its deadline: closed on the way
        (after,) = await dashboard.followed(session, ids["carla"], deadline)
        latest = await rounds.results(session, ids["carla"], ids["nord"], deadline)
    assert after.open_round is None and after.latest is not None
    assert after.latest.id == opened.id and after.latest.respondents == 2
    assert isinstance(latest, rounds.Results)


async def close(sessions, ids, now=NOW):
    async with sessions.begin() as session:
        closed = await rounds.close_round(session, ids["carla"], ids["nord"], now)
    assert isinstance(closed, RoundRecord)
    return closed


@pytest.mark.parametrize(
    ("who", "why"),
    [("mia", rounds.NOT_ALLOWED), ("eve", rounds.NOT_A_MEMBER), ("cole", None)],
)
@SQLITE_ONLY
async def test_only_those_who_follow_the_initiative_see_its_dashboard(sessionmaker, who, why):
    ids = await big_team(sessionmaker)
    async with sessionmaker() as session:
        shown = await dashboard.view(session, ids[who], ids["nord"], NOW)
    if why is None:
        assert isinstance(shown, dashboard.Dashboard) and shown.summary is None
        assert shown.followed.initiative.name == "Quartier Nord"
    else:
        assert shown == rounds.Refused(why)  # nothing of the initiative, not even its name


async def test_the_dashboard_of_two_closed_rounds_flags_the_agenda_and_the_change(sessionmaker):
    ids = await big_team(sessionmaker)
    async with sessionmaker.begin() as session:
        code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
        for name in ("ana", "ben"):
            someone = await person(session, name)
            assert await initiatives.join(session, someone.id, code) is not None
            ids[name] = someone.id
    people = ("carla", "mia", "noa", "lou", "ana", "ben")
    await open_pre(sessionmaker, ids)
    for who in people:
        await answer(sessionmaker, ids, who, (4, 4, 4))
    first = await close(sessionmaker, ids)
    await open_pre(sessionmaker, ids)
    # Champions: three at each end; urgency as before; resources by three people only.
    for who, values in zip(
        people,
        [(1, 4, 5), (1, 4, 5), (1, 4, 5), (5, 4, DONT_KNOW), (5, 4, DONT_KNOW), (5, 4, DONT_KNOW)],
        strict=True,
    ):
        await answer(sessionmaker, ids, who, values)
    second = await close(sessionmaker, ids)

    async with sessionmaker() as session:
        shown = await dashboard.view(session, ids["cole"], ids["nord"], NOW)
        (listed,) = await dashboard.followed(session, ids["cole"], NOW)
    assert isinstance(shown, dashboard.Dashboard) and shown.summary is not None
    assert shown.followed.latest == second and listed.latest == second
    summary = shown.summary
    (agenda_item,) = summary.agenda.items
    assert agenda_item.figures.item.id == "champions" and agenda_item.figures.polarised
    assert summary.agenda.outcome is AgendaOutcome.ITEMS
    (pre,) = summary.changes or ()
    changed = {c.item.id: c for c in pre.items}
    assert changed["champions"].change is Change.COMPARED
    assert changed["champions"].score == 50 - 75  # 4s before; three 1s and three 5s now
    assert changed["urgency"].score == 0
    assert changed["resources"].change is Change.COMPARED  # 3 counted: the threshold
    assert listed.indicator is not None and listed.indicator == summary.indicator
    assert first.id != second.id


async def test_stored_counts_are_the_counts_of_the_answers_and_old_rounds_are_counted(
    sessionmaker,
):
    ids = await big_team(sessionmaker)
    await open_pre(sessionmaker, ids)
    for who, values in (("carla", (5, 2, 5)), ("mia", (4, 2, 5)), ("noa", (4, 3, DONT_KNOW))):
        await answer(sessionmaker, ids, who, values)
    closed = await close(sessionmaker, ids)
    async with sessionmaker() as session:
        stored = await round_counts.tallies_of(session, round_id=closed.id, modules=[PRE])
        snapshot = await storage_rounds.snapshot(session, round_id=closed.id)
    assert stored == tallies([PRE], snapshot.responses)
    (pre,) = stored
    assert pre.respondents == 3 and pre.counts["resources"] == {5: 2, DONT_KNOW: 1}
    async with sessionmaker.begin() as session:  # as a round closed before counts were stored
        await session.exec(delete(RoundCount))  # type: ignore[call-overload]
    async with sessionmaker() as session:
        counted = await round_counts.tallies_of(session, round_id=closed.id, modules=[PRE])
    assert counted == stored
