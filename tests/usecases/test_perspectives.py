"""Perspectives at the use-case layer: saying one, taking it back, and what the dashboard shows
of where they differ."""

import json

import pytest

from bot import render_dashboard
from bot.render import PLAIN
from flows.i18n import translator
from flows.perspectives import Perspective, Seen
from storage import repository as repo
from tests.typography import problems
from tests.usecases.team import person
from tests.usecases.test_dashboard import close
from tests.usecases.test_rounds import NOW, SQLITE_ONLY, answer, big_team, open_pre
from usecases import dashboard, data_rights, initiatives, perspectives, rounds

STATE, CIVIL = Perspective.STATE, Perspective.CIVIL


async def council_of(sessions, extra=("ana", "ben", "cid", "dan")):
    ids = await big_team(sessions)
    async with sessions.begin() as session:
        code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
        for name in extra:
            someone = await person(session, name)
            assert await initiatives.join(session, someone.id, code) is not None
            ids[name] = someone.id
    return ids


async def say(sessions, ids, who, side):
    async with sessions.begin() as session:
        return await perspectives.choose(session, ids[who], ids["nord"], side)


@SQLITE_ONLY
async def test_anyone_in_the_initiative_may_say_a_perspective_or_take_it_back(sessionmaker):
    ids = await big_team(sessionmaker)
    assert await say(sessionmaker, ids, "mia", STATE) is STATE
    assert await say(sessionmaker, ids, "eve", STATE) == rounds.Refused(rounds.NOT_A_MEMBER)
    async with sessionmaker() as session:
        assert await perspectives.mine(session, ids["mia"], ids["nord"]) is STATE
        exported = await data_rights.my_data(session, ids["mia"], NOW)
    assert json.loads(exported.text)["memberships"][0]["perspective"] == "state"
    assert await say(sessionmaker, ids, "mia", None) is None
    async with sessionmaker() as session:
        assert await perspectives.mine(session, ids["mia"], ids["nord"]) is None


async def test_the_dashboard_shows_where_perspectives_differ_and_never_a_small_one(sessionmaker):
    ids = await council_of(sessionmaker)
    for who in ("carla", "mia", "noa"):
        await say(sessionmaker, ids, who, STATE)
    for who in ("lou", "ana", "ben"):
        await say(sessionmaker, ids, who, CIVIL)
    await say(sessionmaker, ids, "cid", Perspective.BUSINESS)  # one person: never shown
    await open_pre(sessionmaker, ids)
    for who in ("carla", "mia", "noa"):
        await answer(sessionmaker, ids, who, (5, 4, 4))
    for who in ("lou", "ana", "ben"):
        await answer(sessionmaker, ids, who, (2, 4, 4))
    await answer(sessionmaker, ids, "cid", (1, 4, 4))
    await answer(sessionmaker, ids, "dan", (3, 4, 4))  # gave no perspective
    await close(sessionmaker, ids)
    async with sessionmaker() as session:
        shown = await dashboard.view(session, ids["cole"], ids["nord"], NOW)
    assert isinstance(shown, dashboard.Dashboard)
    (apart,) = shown.apart  # urgency and resources: everyone agrees
    assert apart.item.id == "champions"
    assert apart.seen == (Seen(STATE, 5.0, 3), Seen(CIVIL, 2.0, 3))
    shown_fr = "\n".join(render_dashboard.dashboard(translator("fr"), PLAIN, shown))
    assert problems(shown_fr) == []
    assert (
        "• Des personnes influentes — Services de l'État\u202f: Tout à fait d'accord · "
        "Association ou société civile\u202f: Pas d'accord"
    ) in shown_fr


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_perspective_the_rest_would_give_away_is_not_shown(sessionmaker):
    ids = await council_of(sessionmaker, extra=("ana",))
    for who in ("carla", "mia", "noa"):
        await say(sessionmaker, ids, who, STATE)
    for who in ("lou", "ana"):
        await say(sessionmaker, ids, who, CIVIL)
    await open_pre(sessionmaker, ids)
    for who in ("carla", "mia", "noa"):
        await answer(sessionmaker, ids, who, (5, 5, 5))
    for who in ("lou", "ana"):
        await answer(sessionmaker, ids, who, (1, 1, 1))
    await close(sessionmaker, ids)
    async with sessionmaker() as session:
        shown = await dashboard.view(session, ids["cole"], ids["nord"], NOW)
    assert isinstance(shown, dashboard.Dashboard)
    assert shown.apart == ()  # State's rest is Civil's two answers: neither is shown
