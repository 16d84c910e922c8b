"""The roster and roles at the use-case layer, on real databases, with time the test sets."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from flows.engine import AnswerItem, Comment, Start
from flows.model import ModuleId
from storage import repository as repo
from storage.models import (
    AnswerHistory,
    CommentMessage,
    Person,
    Role,
    StoredAnswer,
    Walkthrough,
)
from tests.usecases.team import Sessions, person, team
from usecases import initiatives, reminders, roster, rounds, walkthrough
from usecases.roster import Moved, Refused, Roster

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""Rules that do not depend on the database (suite time)."""
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PRE = ModuleId.PRECONDITIONS


async def two_teams(sessions: Sessions) -> dict[str, int]:
    """The team of Quartier Nord (Carla coordinates, Cole coaches, Mia and Lou are members),
    and Sud, which Eve coordinates with Sam as a member."""
    ids = await team(sessions)
    async with sessions.begin() as session:
        member_code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
        lou = await person(session, "lou")
        assert await initiatives.join(session, lou.id, member_code)
        sud = await initiatives.create(session, ids["eve"], "Sud", "Shelter.")
        sam = await person(session, "sam")
        sud_code, _ = await repo.invite_codes(session, initiative_id=sud.id)
        assert await initiatives.join(session, sam.id, sud_code)
    return ids | {"lou": lou.id, "sud": sud.id, "sam": sam.id}


async def roles(sessions: Sessions, ids: dict[str, int], where: str) -> dict[str, Role | None]:
    async with sessions() as session:
        return {
            name: await repo.membership_role(
                session, person_id=ids[name], initiative_id=ids[where]
            )
            for name in ("carla", "cole", "mia", "lou", "eve", "sam")
        }


@SQLITE_ONLY
async def test_the_permission_table_for_the_roster(sessionmaker):
    """Every role, in its own initiative and in another: only a coordinator of the initiative
    sees its roster, changes a role or removes someone; anyone in it may leave it (but its only
    coordinator). A refusal changes nothing."""
    ids = await two_teams(sessionmaker)
    before = {where: await roles(sessionmaker, ids, where) for where in ("nord", "sud")}
    cases = [(who, where) for who in ("cole", "mia", "carla") for where in ("sud", "nord")]
    for who, where in cases:
        target = ids["lou" if where == "nord" else "sam"]
        manages = (who, where) == ("carla", "nord")
        inside = where == "nord"
        refused = Refused(roster.NOT_ALLOWED if inside else roster.NOT_A_MEMBER)
        async with sessionmaker.begin() as session:
            seen = await roster.members(session, ids[who], ids[where], NOW)
            made = await roster.change_role(
                session, ids[who], ids[where], target, was=Role.MEMBER, to=Role.COACH, now=NOW
            )
            was = Role.COACH if manages else Role.MEMBER
            removed = await roster.remove(session, ids[who], ids[where], target, was=was, now=NOW)
            may_leave = await roster.may_leave(session, ids[who], ids[where])
        if manages:
            assert isinstance(seen, Roster)
            assert [(e.name, e.role) for e in seen.people] == [
                ("carla", Role.COORDINATOR),
                ("cole", Role.COACH),
                ("lou", Role.MEMBER),
                ("mia", Role.MEMBER),
            ]
            assert isinstance(made, Moved) and made.role is Role.COACH
            assert isinstance(removed, Moved) and removed.role is None
            assert may_leave == Refused(roster.LAST_COORDINATOR)
            continue
        assert (seen, made, removed) == (refused, refused, refused), (who, where)
        assert isinstance(may_leave, Refused) is not inside, (who, where)
        assert await roles(sessionmaker, ids, where) == before[where], (who, where)
    assert (await roles(sessionmaker, ids, "nord"))["lou"] is None
    async with sessionmaker.begin() as session:  # a person of another initiative: not found
        gone = await roster.change_role(
            session, ids["carla"], ids["nord"], ids["sam"], was=Role.MEMBER, to=Role.COACH, now=NOW
        )
        left = await roster.leave(session, ids["mia"], ids["nord"], NOW)
    assert gone == Refused(roster.GONE)
    assert isinstance(left, Moved) and left.after.active_initiative_id is None
    assert (await roles(sessionmaker, ids, "sud"))["sam"] is Role.MEMBER


@SQLITE_ONLY
async def test_the_only_coordinator_hands_over_before_stepping_down_or_leaving(sessionmaker):
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:

        def carla_makes(name: str, was: Role, to: Role):
            target = ids[name]
            return roster.change_role(
                session, ids["carla"], ids["nord"], target, was=was, to=to, now=NOW
            )

        stepping_down = await carla_makes("carla", Role.COORDINATOR, Role.MEMBER)
        leaving = await roster.leave(session, ids["carla"], ids["nord"], NOW)
        stale = await carla_makes("mia", Role.COACH, Role.MEMBER)
        handed = await carla_makes("mia", Role.MEMBER, Role.COORDINATOR)
        stepped = await carla_makes("carla", Role.COORDINATOR, Role.COACH)
        no_longer = await roster.members(session, ids["carla"], ids["nord"], NOW)
        alone = await initiatives.create(session, ids["eve"], "Seule", "Alone here.")
        lonely = await roster.leave(session, ids["eve"], alone.id, NOW)
    assert stepping_down == leaving == Refused(roster.LAST_COORDINATOR)
    assert stale == Refused(roster.CHANGED)  # Mia's role is not the one shown
    assert isinstance(handed, Moved) and handed.role is Role.COORDINATOR
    assert isinstance(stepped, Moved) and stepped.after.role is Role.COACH
    assert no_longer == Refused(roster.NOT_ALLOWED)
    assert lonely == Refused(roster.ALONE)


async def answer(sessions: Sessions, who: int, initiative: int, values, comment=None) -> None:
    async with sessions.begin() as session:
        await walkthrough.step(session, who, initiative, PRE, Start(), NOW)
        items = ("champions", "urgency", "resources")
        for item, value in zip(items, values, strict=False):
            done = await walkthrough.step(
                session, who, initiative, PRE, AnswerItem(item, value), NOW
            )
            assert done.accepted
        if comment is not None:
            await walkthrough.step(session, who, initiative, PRE, Comment(), NOW)
            await walkthrough.comment(session, who, comment, NOW, typed_in=(who, 99))


async def kept(sessions: Sessions, who: int) -> dict[str, list[int]]:
    """The rounds (by number) of what is stored for the person, table by table."""
    async with sessions() as session:
        found = {}
        for table in (StoredAnswer, AnswerHistory, Walkthrough):
            rows = await session.exec(select(table.round_no).where(col(table.person_id) == who))
            found[table.__name__] = sorted(set(rows))
        messages = await session.exec(
            select(CommentMessage.item_id).where(CommentMessage.person_id == who)
        )
        found["comment messages"] = list(messages)
        return found


@SQLITE_ONLY  # plain deletes and updates (checked on PostgreSQL too, kept off it for time)
async def test_a_respondent_who_stops_being_one_leaves_the_open_round(sessionmaker):
    """Removed, leaving or made coach during an open round: their answers, comments and walks of
    it go (its counts change, nobody reminds them); what they answered outside it stays. A coach
    made member joins it empty, and is told about it."""
    ids = await team(sessionmaker)
    nord = ids["nord"]
    async with sessionmaker.begin() as session:
        member_code, _ = await repo.invite_codes(session, initiative_id=nord)
        for name in ("lou", "noa"):
            ids[name] = (await person(session, name)).id
            assert await initiatives.join(session, ids[name], member_code)
    for who in ("mia", "lou", "noa", "cole"):
        await answer(sessionmaker, ids[who], nord, (4, 4, 4))  # their own, before the round
    async with sessionmaker.begin() as session:
        opened = await rounds.open_round(
            session, ids["carla"], nord, title="Déc", modules=[PRE], deadline=None, now=NOW
        )
    assert isinstance(opened, rounds.RoundRecord)
    for who in ("mia", "lou", "noa"):
        await answer(sessionmaker, ids[who], nord, (2, 2), comment=f"from {who}")
    async with sessionmaker.begin() as session:
        progress = await rounds.progress(session, ids["carla"], nord, NOW)
        assert isinstance(progress, rounds.Progress)
        assert progress.modules[0].under_way == 3 and progress.respondents == 4
        made_coach = await roster.change_role(
            session, ids["carla"], nord, ids["mia"], was=Role.MEMBER, to=Role.COACH, now=NOW
        )
        removed = await roster.remove(
            session, ids["carla"], nord, ids["lou"], was=Role.MEMBER, now=NOW
        )
        left = await roster.leave(session, ids["noa"], nord, NOW)
        made_member = await roster.change_role(
            session, ids["carla"], nord, ids["cole"], was=Role.COACH, to=Role.MEMBER, now=NOW
        )
        after = await rounds.progress(session, ids["carla"], nord, NOW)
        await session.exec(update(Person).values(telegram_id=col(Person.id) + 1000))
        wave = await reminders.remind_now(session, ids["carla"], nord, NOW)
        seen = await roster.members(session, ids["carla"], nord, NOW)
    for moved in (made_coach, removed, left):
        assert isinstance(moved, Moved) and moved.joined is None
    assert isinstance(made_member, Moved) and made_member.joined == opened
    assert isinstance(after, rounds.Progress) and after.respondents == 2  # Carla and Cole
    assert after.modules == (rounds.ModuleProgress(PRE, finished=0, under_way=0, not_started=2),)
    assert isinstance(wave, reminders.Reminder)
    assert sorted(chat - 1000 for chat, _, _ in wave.to) == sorted([ids["carla"], ids["cole"]])
    assert isinstance(seen, Roster)
    progress_of = {entry.name: entry.progress for entry in seen.people}
    assert progress_of == {
        "carla": roster.Counts(finished=0, under_way=0, not_started=1),
        "cole": roster.Counts(finished=0, under_way=0, not_started=1),  # joined it empty
        "mia": None,  # a coach: not a respondent
    }
    for who in ("mia", "lou", "noa"):
        assert await kept(sessionmaker, ids[who]) == {
            "StoredAnswer": [0],
            "AnswerHistory": [0],
            "Walkthrough": [0],
            "comment messages": [],
        }, who
    async with sessionmaker() as session:
        summary = await walkthrough.summary(session, ids["cole"], nord, PRE, NOW)
    assert [item.value for item in summary.items] == [None, None, None]  # the round's, empty
    async with sessionmaker.begin() as session:
        closed = await rounds.close_round(session, ids["carla"], nord, NOW)
    assert isinstance(closed, rounds.RoundRecord) and closed.respondents == 0
