"""Rounds at the use-case layer, on real databases, with time the test sets."""

from datetime import UTC, datetime, timedelta

import pytest

from flows.engine import AnswerItem, Back, Comment, Start
from flows.model import DONT_KNOW, ModuleId
from flows.scoring import Band
from storage import repository as repo
from storage import rounds as storage_rounds
from storage.rounds import RoundRecord
from tests.usecases.team import Sessions, person, team
from usecases import initiatives, rounds, walkthrough
from usecases.rounds import Refused

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""Rules that do not depend on the database: once is enough (the journeys run on both)."""
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PRE = ModuleId.PRECONDITIONS
ITEMS = ("champions", "urgency", "resources")


async def big_team(sessions: Sessions) -> dict[str, int]:
    """The team, with Noa and Lou as members too: enough respondents for figures."""
    ids = await team(sessions)
    async with sessions.begin() as session:
        code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
        for name in ("noa", "lou"):
            someone = await person(session, name)
            assert await initiatives.join(session, someone.id, code) is not None
            ids[name] = someone.id
    return ids


async def open_pre(sessions, ids, deadline=None, who="carla"):
    async with sessions.begin() as session:
        return await rounds.open_round(
            session,
            ids[who],
            ids["nord"],
            title="Décembre",
            modules=[PRE],
            deadline=deadline,
            now=NOW,
        )


async def answer(sessions, ids, who, values, now=NOW):
    async with sessions.begin() as session:
        await walkthrough.step(session, ids[who], ids["nord"], PRE, Start(), now)
        for item, value in zip(ITEMS, values, strict=True):
            step = await walkthrough.step(
                session, ids[who], ids["nord"], PRE, AnswerItem(item, value), now
            )
            assert step.accepted, step.notice


@pytest.mark.parametrize(
    ("who", "may_manage", "may_follow"),
    [("carla", True, True), ("cole", False, True), ("mia", False, False), ("eve", False, False)],
)
@SQLITE_ONLY
async def test_the_permission_table_for_rounds(sessionmaker, who, may_manage, may_follow):
    ids = await team(sessionmaker)
    opened = await open_pre(sessionmaker, ids, who=who)
    assert isinstance(opened, RoundRecord) is may_manage
    if not may_manage:
        await open_pre(sessionmaker, ids)  # the coordinator opens it
    async with sessionmaker.begin() as session:
        followed = await rounds.progress(session, ids[who], ids["nord"], NOW)
        read = await rounds.results(session, ids[who], ids["nord"], NOW)
        closed = await rounds.close_round(session, ids[who], ids["nord"], NOW)
    assert isinstance(followed, rounds.Progress) is may_follow
    assert isinstance(closed, RoundRecord) is may_manage
    outside = who == "eve"
    assert read == Refused(rounds.NOT_A_MEMBER if outside else rounds.NONE_CLOSED)
    if not may_manage:
        assert closed == Refused(rounds.NOT_A_MEMBER if outside else rounds.NOT_ALLOWED)


async def test_a_round_from_opening_to_results(sessionmaker):
    ids = await big_team(sessionmaker)
    await answer(sessionmaker, ids, "mia", (1, 1, 1))  # before the round: her own
    opened = await open_pre(sessionmaker, ids, deadline=NOW + timedelta(days=7))
    assert isinstance(opened, RoundRecord) and opened.number == 1
    for who, values in (("carla", (5, 2, 5)), ("mia", (4, 2, 5)), ("noa", (4, 3, DONT_KNOW))):
        await answer(sessionmaker, ids, who, values)
    await answer(sessionmaker, ids, "cole", (1, 1, 1))  # a coach observes: his own answers

    async with sessionmaker.begin() as session:
        progress = await rounds.progress(session, ids["cole"], ids["nord"], NOW)
        menu = await walkthrough.menu(
            session, ids["mia"], await repo.initiative(session, initiative_id=ids["nord"]), NOW
        )
        during = await rounds.results(session, ids["mia"], ids["nord"], NOW)
    assert isinstance(progress, rounds.Progress) and progress.respondents == 4
    assert progress.modules == (
        rounds.ModuleProgress(PRE, finished=3, under_way=0, not_started=1),
    )
    assert menu.round == opened and menu.progress[PRE] == 3
    assert during == Refused(rounds.NONE_CLOSED)  # no figure while it is open

    async with sessionmaker.begin() as session:
        closed = await rounds.close_round(session, ids["carla"], ids["nord"], NOW)
        again = await rounds.close_round(session, ids["carla"], ids["nord"], NOW)
        shown = await rounds.results(session, ids["lou"], ids["nord"], NOW)
    assert isinstance(closed, RoundRecord) and closed.respondents == 3
    assert again == Refused(rounds.NONE_OPEN)
    assert isinstance(shown, rounds.Results)
    (pre,) = shown.modules
    champions, urgency, resources = pre.items
    assert champions.distribution == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert urgency.band is Band.STRENGTHEN
    assert resources.withheld and (resources.counted, resources.dont_know) == (2, 1)
    assert shown.comments == ()  # 3 respondents, under the detail threshold of 5

    async with sessionmaker() as session:
        mine = await walkthrough.summary(session, ids["mia"], ids["nord"], PRE, NOW)
    assert [r.value for r in mine.items] == [1, 1, 1]  # after the round: her own again


async def test_the_results_are_the_snapshot_not_the_live_answers(sessionmaker):
    ids = await big_team(sessionmaker)
    await open_pre(sessionmaker, ids)
    for who in ("carla", "mia", "noa"):
        await answer(sessionmaker, ids, who, (5, 5, 5))
    async with sessionmaker.begin() as session:
        await rounds.close_round(session, ids["carla"], ids["nord"], NOW)
    await answer(sessionmaker, ids, "mia", (1, 1, 1))  # her own self-assessment now
    async with sessionmaker() as session:
        shown = await rounds.results(session, ids["mia"], ids["nord"], NOW)
    assert isinstance(shown, rounds.Results) and shown.modules[0].score == 100


async def test_at_the_deadline_answers_freeze_and_the_round_closes(sessionmaker):
    ids = await big_team(sessionmaker)
    deadline = NOW + timedelta(days=3)
    await open_pre(sessionmaker, ids, deadline=deadline)
    for who in ("carla", "mia", "noa"):
        await answer(sessionmaker, ids, who, (4, 4, 4))
    later = deadline + timedelta(minutes=1)
    await answer(sessionmaker, ids, "lou", (1, 1, 1), now=later)  # too late: her own

    async with sessionmaker.begin() as session:
        shown = await rounds.results(session, ids["lou"], ids["nord"], later)
        lou = await walkthrough.summary(session, ids["lou"], ids["nord"], PRE, later)
    assert isinstance(shown, rounds.Results)
    assert shown.round.closed_at == deadline and shown.round.respondents == 3
    assert shown.modules[0].score == 75
    assert [r.value for r in lou.items] == [1, 1, 1]


@pytest.mark.parametrize(
    ("title", "modules", "deadline", "why"),
    [
        ("", [PRE], None, rounds.NO_TITLE),
        ("x" * 81, [PRE], None, rounds.TITLE_TOO_LONG),
        ("Décembre", [], None, rounds.NO_MODULES),
        ("Décembre", [PRE], NOW, rounds.DEADLINE_PASSED),
        ("Décembre", [PRE], NOW - timedelta(days=1), rounds.DEADLINE_PASSED),
    ],
)
@SQLITE_ONLY
async def test_a_round_that_cannot_open_is_refused(sessionmaker, title, modules, deadline, why):
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        refused = await rounds.open_round(
            session,
            ids["carla"],
            ids["nord"],
            title=title,
            modules=modules,
            deadline=deadline,
            now=NOW,
        )
        still = await rounds.progress(session, ids["carla"], ids["nord"], NOW)
    assert refused == Refused(why)
    assert still == Refused(rounds.NONE_OPEN)


@SQLITE_ONLY
async def test_one_open_round_at_a_time_and_the_next_starts_empty(sessionmaker):
    ids = await big_team(sessionmaker)
    first = await open_pre(sessionmaker, ids)
    assert await open_pre(sessionmaker, ids) == Refused(rounds.ALREADY_OPEN)
    await answer(sessionmaker, ids, "mia", (5, 5, 5))
    async with sessionmaker.begin() as session:
        await rounds.close_round(session, ids["carla"], ids["nord"], NOW)
    second = await open_pre(sessionmaker, ids)
    assert isinstance(first, RoundRecord) and isinstance(second, RoundRecord)
    assert second.number == first.number + 1
    async with sessionmaker() as session:
        step = await walkthrough.step(session, ids["mia"], ids["nord"], PRE, Start(), NOW)
        assert await rounds.answering(session, ids["mia"], ids["nord"], PRE, NOW) == second.number
    assert step.answers == {}


@SQLITE_ONLY
async def test_comments_reach_the_results_only_with_enough_respondents(sessionmaker):
    ids = await big_team(sessionmaker)
    async with sessionmaker.begin() as session:
        for name in ("ana", "ben"):
            code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
            someone = await person(session, name)
            await initiatives.join(session, someone.id, code)
            ids[name] = someone.id
    await open_pre(sessionmaker, ids)
    for who in ("carla", "mia", "noa", "lou", "ana"):
        await answer(sessionmaker, ids, who, (4, 4, 4))
    async with sessionmaker.begin() as session:
        await walkthrough.step(session, ids["ben"], ids["nord"], PRE, Start(), NOW)
        await walkthrough.step(
            session, ids["ben"], ids["nord"], PRE, AnswerItem("champions", 5), NOW
        )
        await walkthrough.step(session, ids["ben"], ids["nord"], PRE, Back(), NOW)
        await walkthrough.step(session, ids["ben"], ids["nord"], PRE, Comment(), NOW)
        await walkthrough.step(
            session, ids["ben"], ids["nord"], PRE, Comment("Le maire nous soutient"), NOW
        )
        await rounds.close_round(session, ids["carla"], ids["nord"], NOW)
        shown = await rounds.results(session, ids["ben"], ids["nord"], NOW)
    assert isinstance(shown, rounds.Results)
    assert shown.comments == ((PRE, "champions", "Le maire nous soutient"),)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_workers_closing_the_same_round_store_it_once(sessionmaker):
    ids = await big_team(sessionmaker)
    opened = await open_pre(sessionmaker, ids)
    assert isinstance(opened, RoundRecord)
    for who in ("carla", "mia", "noa"):
        await answer(sessionmaker, ids, who, (4, 4, 4))
    async with sessionmaker.begin() as late:
        assert await storage_rounds.open_round_of(late, initiative_id=ids["nord"]) is not None
        async with sessionmaker.begin() as first:
            await storage_rounds.close(first, round_id=opened.id, now=NOW)
        closed = await storage_rounds.close(late, round_id=opened.id, now=NOW)
    async with sessionmaker() as session:
        stored = await storage_rounds.snapshot(session, round_id=opened.id)
    assert closed.respondents == 3 and len(stored.responses) == 9


async def test_results_are_announced_once_whoever_closes_the_round(sessionmaker):
    ids = await big_team(sessionmaker)
    deadline = NOW + timedelta(days=3)
    opened = await open_pre(sessionmaker, ids, deadline=deadline)
    for who in ("carla", "mia", "noa"):
        await answer(sessionmaker, ids, who, (4, 4, 4))
    async with sessionmaker.begin() as session:
        before = await rounds.announce(session, NOW)
    later = deadline + timedelta(minutes=1)
    async with sessionmaker.begin() as session:
        news = await rounds.announce(session, later)
    async with sessionmaker.begin() as session:
        again = await rounds.announce(session, later)
    assert before == [] and again == []
    (item,) = news
    assert item.results.round.id == opened.id and item.results.round.closed_at == deadline
    assert item.results.modules[0].score == 75
    assert item.to == ()  # people of the terminal have no Telegram chat to be told in


@SQLITE_ONLY
async def test_results_wait_for_the_end_of_quiet_hours(sessionmaker):
    ids = await big_team(sessionmaker)
    deadline = datetime(2026, 12, 3, 21, 0, tzinfo=UTC)  # 22:00 in Paris
    opened = await open_pre(sessionmaker, ids, deadline=deadline)
    async with sessionmaker.begin() as session:
        at_night = await rounds.announce(session, deadline + timedelta(minutes=5))
    morning = datetime(2026, 12, 4, 7, 1, tzinfo=UTC)  # 08:01
    async with sessionmaker.begin() as session:
        (news,) = await rounds.announce(session, morning)
    assert at_night == [] and news.results.round.id == opened.id and news.leaves_at == morning

    second = await open_pre(sessionmaker, ids)
    night = datetime(2026, 12, 4, 22, 0, tzinfo=UTC)
    async with sessionmaker.begin() as session:
        await rounds.close_round(session, ids["carla"], ids["nord"], night)
        (closed,) = await rounds.announce(session, night, second.id)  # closed by hand at 23:00
    assert closed.leaves_at == datetime(2026, 12, 5, 7, 0, tzinfo=UTC)


@SQLITE_ONLY
async def test_a_coach_is_told_their_answers_stay_their_own_while_a_round_is_open(sessionmaker):
    ids = await team(sessionmaker)
    opened = await open_pre(sessionmaker, ids)
    assert isinstance(opened, RoundRecord)
    async with sessionmaker.begin() as session:
        nord = await repo.initiative(session, initiative_id=ids["nord"])
        assert nord is not None
        coach = await walkthrough.menu(session, ids["cole"], nord, NOW)
        member = await walkthrough.menu(session, ids["mia"], nord, NOW)
        assert await rounds.answering(session, ids["cole"], nord.id, PRE, NOW) == 0
    assert (coach.round, coach.observed) == (None, opened)
    assert (member.round, member.observed) == (opened, None)
