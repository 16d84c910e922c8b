"""The dashboard's list: what coaches and coordinators follow, at the use-case layer."""

from datetime import timedelta

import pytest

from storage.rounds import RoundRecord
from tests.usecases.test_rounds import NOW, SQLITE_ONLY, answer, big_team, open_pre
from usecases import dashboard, rounds


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
