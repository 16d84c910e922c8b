"""Data rights at the use-case layer, on real databases: what /mydata holds, what /forget
deletes and keeps, a last coordinator refused, /delete after the exact name."""

import json
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from flows.engine import AnswerItem, Back, Comment, Start
from storage import repository as repo
from storage import rounds as stored_rounds
from storage import walks
from storage.calls import NO_LANE, NewCall, add_calls
from storage.models import Role, StoredAnswer
from storage.personal import POINTING_AT_PERSON
from storage.records import PersonRecord
from tests.usecases.team import Sessions, team
from tests.usecases.test_rounds import NOW, PRE, SQLITE_ONLY, answer, big_team, open_pre
from usecases import data_rights, groups, initiatives, rounds, walkthrough
from usecases.data_rights import Deleted, LastCoordinator, WrongName
from usecases.rounds import Refused

TOM = 7_000_001
"""Tom's Telegram chat; 70000010 is someone else's whose id starts alike."""
SECTION = {
    "person": "profile",
    "membership": "memberships",
    "walkthrough": "walkthroughs",
    "answer": "answers",
    "answer_history": "answer_history",
    "comment_message": "comment_messages",
    "initiative": "initiatives_created",
    "assessment_round": "rounds_opened",
    "group_link": "groups_linked",
    "telegram_call": "replies_kept",
}
"""Where /mydata shows the rows of each table that points at a person."""


def test_every_column_that_points_at_a_person_is_exported_and_deleted():
    found = set()
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            to_person = any(key.column.table.name == "person" for key in column.foreign_keys)
            if to_person or column.name in ("person_id", "chat_id", "telegram_id"):
                found.add((table.name, column.name))
    assert found <= POINTING_AT_PERSON, "add it to POINTING_AT_PERSON, /mydata and /forget"
    assert {table for table, _ in POINTING_AT_PERSON} == set(SECTION)


async def tom_everywhere(sessions: Sessions) -> dict[str, int]:
    """The big team, and Tom on Telegram in every table: a member of Quartier Nord who answered
    its closed round 1, its open round 2 and for himself (a comment, a changed answer); alone
    in Solo, where he opened a round; replies kept for his chat and one tap's answer."""
    ids = await big_team(sessions)
    async with sessions.begin() as session:
        tom = await repo.telegram_person(
            session, telegram_id=TOM, display_name="Tom", language="fr"
        )
        code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
        await initiatives.join(session, tom.id, code)
        ids["tom"] = tom.id
    first = await open_pre(sessions, ids)
    for who in ("tom", "mia", "noa"):
        await answer(sessions, ids, who, (4, 4, 4))
    async with sessions.begin() as session:
        await rounds.close_round(session, ids["carla"], ids["nord"], NOW)
    ids["first"] = first.id
    async with sessions.begin() as session:  # his own: changed, then commented
        for event in (
            Start(),
            AnswerItem("champions", 1),
            Back(),
            AnswerItem("champions", 5),
            Back(),
            Comment(),
            Comment("Le maire"),
        ):
            await walkthrough.step(session, tom.id, ids["nord"], PRE, event, NOW)
        await walks.remember_comment_message(
            session,
            chat_id=TOM,
            message_id=42,
            person_id=tom.id,
            initiative_id=ids["nord"],
            module=PRE,
            item_id="champions",
        )
    await open_pre(sessions, ids)
    for who in ("tom", "mia"):
        await answer(sessions, ids, who, (5, 5, 5))
    async with sessions.begin() as session:
        solo = await initiatives.create(session, tom.id, "Solo", "Just me.")
        ids["solo"] = solo.id
        await rounds.open_round(
            session, tom.id, solo.id, title="Moi", modules=[PRE], deadline=None, now=NOW
        )
        linked = await groups.link(session, groups.Place(-4_000_000_009, None, TOM), NOW)
        assert isinstance(linked, groups.Linked) and linked.initiative.id == solo.id
        sent = json.dumps({"chat_id": TOM, "text": "Bonjour <b>Tom</b>"})
        await add_calls(session, [NewCall(TOM, "sendMessage", sent)], now=NOW)
        tapped = NewCall(NO_LANE, "answerCallbackQuery", '{"callback_query_id":"q","text":"ok"}')
        await add_calls(session, [tapped], now=NOW, origin=f"{TOM}:9:w:1")
        other = NewCall(70_000_010, "sendMessage", '{"chat_id":70000010,"text":"not his"}')
        await add_calls(session, [other], now=NOW, origin="70000010:9:w:1")
    return ids


async def tom(session) -> PersonRecord:
    return await repo.telegram_person(session, telegram_id=TOM, display_name="Tom")


async def test_mydata_holds_everything_about_the_person_and_forget_deletes_it(sessionmaker):
    ids = await tom_everywhere(sessionmaker)
    async with sessionmaker() as session:
        export = await data_rights.my_data(session, ids["tom"], NOW)
        before = await stored_rounds.snapshot(session, round_id=ids["first"])
        during = await rounds.progress(session, ids["carla"], ids["nord"], NOW)
    assert export.file_name == "my-data-2026-12-01.json"
    data = json.loads(export.text)

    assert all(data[section] for section in SECTION.values())
    assert data["exported"] == NOW.isoformat()
    profile = data["profile"]
    assert (profile["name"], profile["language"], profile["telegram_id"]) == ("Tom", "fr", TOM)
    assert profile["answering_for"] == "Solo" and profile["blocked"] is None
    memberships = {(m["initiative"], m["role"]) for m in data["memberships"]}
    assert memberships == {("Quartier Nord", Role.MEMBER), ("Solo", Role.COORDINATOR)}
    assert [i["initiative"] for i in data["initiatives_created"]] == ["Solo"]
    assert [(r["initiative"], r["round"]) for r in data["rounds_opened"]] == [("Solo", 1)]
    assert [g["initiative"] for g in data["groups_linked"]] == ["Solo"]
    answers = {(a["round"], a["item"]): (a["value"], a["comment"]) for a in data["answers"]}
    assert len(answers) == 7  # his only: three items in rounds 1 and 2, one for himself
    assert answers[None, "champions"] == (5, "Le maire")
    assert answers[1, "urgency"] == (4, None)
    assert answers[2, "resources"] == (5, None)
    history = [
        (h["value"], h["comment"])
        for h in data["answer_history"]
        if (h["round"], h["item"]) == (None, "champions")
    ]
    assert history == [(1, None), (5, None), (5, "Le maire")]
    assert {(w["initiative"], w["round"]) for w in data["walkthroughs"]} == {
        ("Quartier Nord", None),
        ("Quartier Nord", 1),
        ("Quartier Nord", 2),
    }
    assert data["comment_messages"] == [
        {
            "initiative": "Quartier Nord",
            "module": "preconditions",
            "item": "champions",
            "chat": TOM,
            "message": 42,
        }
    ]
    replies = [(r["method"], r["status"], r["text"]) for r in data["replies_kept"]]
    assert replies == [
        ("sendMessage", "pending", "Bonjour <b>Tom</b>"),
        ("answerCallbackQuery", "pending", "ok"),
    ]

    assert during.modules[0].finished == 2  # Tom and Mia, in the open round
    async with sessionmaker.begin() as session:
        found = await tom(session)
        key = await data_rights.forget_key(session, found.id)
        stale = Refused(data_rights.STALE)
        assert await data_rights.forget(session, found, found.id, key + 1) == stale
        assert await data_rights.forget(session, found, ids["mia"], key) == stale
        assert await data_rights.forget(session, found, found.id, key) is None

    async with sessionmaker() as session:
        connection = await session.connection()
        for table, column in POINTING_AT_PERSON:
            left = await connection.execute(pointing_at(table, column, ids["tom"]))
            assert left.scalar() == 0, (table, column)
        calls = (await connection.execute(text("SELECT chat_id FROM telegram_call"))).all()
        assert calls == [(70_000_010,)]  # someone else's
        assert await repo.initiative(session, initiative_id=ids["solo"]) is None
        assert await repo.initiative(session, initiative_id=ids["nord"]) is not None
        after = await stored_rounds.snapshot(session, round_id=ids["first"])
        progress = await rounds.progress(session, ids["carla"], ids["nord"], NOW)
    assert after == before and after.round.respondents == 3  # the closed round stays
    assert progress.modules[0].finished == 1  # Mia alone now

    async with sessionmaker.begin() as session:
        again = await tom(session)  # writing again: a new person
        assert await repo.memberships(session, person_id=again.id) == []
        assert await data_rights.forget_key(session, again.id) != key


def pointing_at(table: str, column: str, person_id: int):
    """A count of the rows of ``table`` whose ``column`` points at the person or Tom's chat."""
    if column == "origin":
        where, value = "origin LIKE :value", f"{TOM}:%"
    else:
        where, value = (
            f"{column} = :value",
            TOM if column in ("telegram_id", "chat_id") else person_id,
        )
    return text(f"SELECT count(*) FROM {table} WHERE {where}").bindparams(value=value)


@SQLITE_ONLY  # deleting an initiative cascades on PostgreSQL too: /forget deletes Solo above
async def test_a_last_coordinator_is_not_forgotten_but_may_delete_after_the_exact_name(
    sessionmaker,
):
    ids = await team(sessionmaker)
    await answer(sessionmaker, ids, "mia", (4, 4, 4))
    async with sessionmaker.begin() as session:
        carla = await repo.person_by(session, person_id=ids["carla"])
        key = await data_rights.forget_key(session, carla.id)
        refused = await data_rights.forget(session, carla, carla.id, key)
        still = await repo.memberships(session, person_id=carla.id)
        assert await data_rights.may_forget(session, ids["mia"]) is None
    assert isinstance(refused, LastCoordinator)
    assert [i.name for i in refused.initiatives] == ["Quartier Nord"]
    assert [role for _, role in still] == [Role.COORDINATOR]  # nothing changed

    async with sessionmaker.begin() as session:
        tom = await repo.telegram_person(
            session, telegram_id=TOM, display_name="Tom", language="fr"
        )
        code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
        await initiatives.join(session, tom.id, code)
        refused = await data_rights.ask_to_delete(session, ids["mia"], ids["nord"])
        asked = await data_rights.ask_to_delete(session, ids["carla"], ids["nord"])
        mia = await repo.person_by(session, person_id=ids["mia"])
        carla = await repo.person_by(session, person_id=ids["carla"])
    assert refused == Refused(rounds.NOT_ALLOWED) and mia.pending is None
    assert asked.name == "Quartier Nord" and data_rights.deleting(carla) == ids["nord"]

    quiet = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 23:00 in Paris
    async with sessionmaker.begin() as session:
        wrong = await data_rights.typed_name(session, carla, "quartier nord", quiet)
        kept = await repo.initiative(session, initiative_id=ids["nord"])
    assert isinstance(wrong, WrongName) and kept is not None
    async with sessionmaker.begin() as session:
        done = await data_rights.typed_name(session, carla, "Quartier Nord", quiet)
    assert isinstance(done, Deleted) and done.to == ((TOM, "fr"),)
    assert done.leaves_at == datetime(2026, 12, 2, 7, 0, tzinfo=UTC)  # 08:00 in Paris

    async with sessionmaker() as session:
        assert await repo.initiative(session, initiative_id=ids["nord"]) is None
        for who in ("carla", "mia", "cole"):
            assert await repo.memberships(session, person_id=ids[who]) == []
            found = await repo.person_by(session, person_id=ids[who])
            assert found.active_initiative_id is None and found.pending is None
        left = await session.exec(select(func.count()).select_from(StoredAnswer))
        assert left.one() == (0,)
        assert await data_rights.may_forget(session, ids["carla"]) is None
