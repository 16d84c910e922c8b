import asyncio
from datetime import UTC

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.model import DONT_KNOW, Answer, ModuleId, Position, WalkState
from storage import repository as repo
from storage.models import AnswerHistory, Initiative, Person, Role, StoredAnswer, utc_now
from storage.repository import (
    ConcurrentUpdate,
    all_answers,
    create_initiative,
    get_or_create_local_person,
    load_walk,
    membership_role,
    memberships,
    progress,
    save_walk,
    set_active_initiative,
    set_locale,
    telegram_person,
)

Sessions = async_sessionmaker[AsyncSession]
PRECONDITIONS = ModuleId.PRECONDITIONS


async def person_with_initiative(sessions: Sessions) -> tuple[int, int]:
    async with sessions.begin() as session:
        person = await get_or_create_local_person(session, local_user="ana")
        initiative = await create_initiative(
            session, name="Quartier Nord", issue="Less food waste.", creator=person
        )
    assert person.id is not None and initiative.id is not None
    return person.id, initiative.id


async def save(
    sessions: Sessions, ids: tuple[int, int], state: WalkState, *changes: Answer
) -> None:
    person_id, initiative_id = ids
    async with sessions.begin() as session:
        _, _, version = await load_walk(
            session, person_id=person_id, initiative_id=initiative_id, module=state.module
        )
        await save_walk(
            session,
            person_id=person_id,
            initiative_id=initiative_id,
            state=state,
            changes=changes,
            version=version,
        )


async def test_a_local_person_is_created_once(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        first = await get_or_create_local_person(session, local_user="ana")
    async with sessionmaker.begin() as session:
        again = await get_or_create_local_person(session, local_user="ana")
        other = await get_or_create_local_person(session, local_user="bea")

    assert again.id == first.id != other.id
    assert (again.display_name, again.locale, again.telegram_id) == ("ana", None, None)
    assert again.created_at.tzinfo == UTC


async def test_a_64_bit_telegram_id_round_trips_and_the_name_follows_telegram(
    sessionmaker: Sessions,
) -> None:
    async with sessionmaker.begin() as session:
        first, role = await telegram_person(session, telegram_id=2**62, display_name="Ana")
    async with sessionmaker.begin() as session:
        renamed, _ = await telegram_person(session, telegram_id=2**62, display_name="Ana B.")
    async with sessionmaker() as session:
        stored = (await session.exec(select(Person))).one()

    assert renamed.id == first.id and role is None
    assert (stored.telegram_id, stored.display_name) == (2**62, "Ana B.")


async def test_a_telegram_person_comes_with_their_role_where_they_answer(
    sessionmaker: Sessions,
) -> None:
    async with sessionmaker.begin() as session:
        coordinator, _ = await telegram_person(session, telegram_id=1, display_name="Ana")
        member, _ = await telegram_person(session, telegram_id=2, display_name="Bea")
        initiative = await create_initiative(
            session, name="Quartier Nord", issue="Less food waste.", creator=coordinator
        )
        code, _ = await repo.invite_codes(session, initiative=initiative)
        await repo.join_by_code(session, person=member, code=code)
        await create_initiative(session, name="Other", issue="Housing.", creator=member)
    async with sessionmaker.begin() as session:
        _, coordinating = await telegram_person(session, telegram_id=1, display_name="Ana")
        bea, creating = await telegram_person(session, telegram_id=2, display_name="Bea")
        await set_active_initiative(session, person=bea, initiative_id=initiative.id)
    async with sessionmaker() as session:
        _, joined = await telegram_person(session, telegram_id=2, display_name="Bea")
        chosen = await repo.active_initiative(session, person=bea)

    assert (coordinating, creating, joined) == (Role.COORDINATOR, Role.COORDINATOR, Role.MEMBER)
    assert chosen is not None and chosen.id == initiative.id


async def test_the_active_initiative_needs_a_membership(sessionmaker: Sessions) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)
    async with sessionmaker.begin() as session:
        outsider, _ = await telegram_person(session, telegram_id=3, display_name="Cy")
        await set_active_initiative(session, person=outsider, initiative_id=initiative_id)
    async with sessionmaker() as session:
        _, role = await telegram_person(session, telegram_id=3, display_name="Cy")
        found = await repo.active_initiative(session, person=outsider)

    assert (role, found) == (None, None)


async def test_locale_and_active_initiative_are_kept(sessionmaker: Sessions) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)
    async with sessionmaker.begin() as session:
        person = await get_or_create_local_person(session, local_user="ana")
        await set_locale(session, person=person, locale="fr")
        await set_active_initiative(session, person=person, initiative_id=None)
    async with sessionmaker.begin() as session:
        person = await get_or_create_local_person(session, local_user="ana")
        assert (person.locale, person.active_initiative_id) == ("fr", None)
        await set_active_initiative(session, person=person, initiative_id=initiative_id)
    async with sessionmaker() as session:
        assert (await session.get_one(Person, person_id)).active_initiative_id == initiative_id


async def test_the_creator_coordinates_the_new_initiative_and_works_in_it(
    sessionmaker: Sessions,
) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)

    async with sessionmaker() as session:
        person = await session.get_one(Person, person_id)
        initiative = await session.get_one(Initiative, initiative_id)
        role = await membership_role(session, person_id=person_id, initiative_id=initiative_id)

    assert person.active_initiative_id == initiative_id
    assert (initiative.name, initiative.issue, initiative.created_by) == (
        "Quartier Nord",
        "Less food waste.",
        person_id,
    )
    assert role == Role.COORDINATOR


async def test_memberships_are_listed_by_initiative_name(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        ana = await get_or_create_local_person(session, local_user="ana")
        bea = await get_or_create_local_person(session, local_user="bea")
        for name in ("Zone Sud", "Atelier Est"):
            await create_initiative(session, name=name, issue="Housing.", creator=ana)
        await create_initiative(session, name="Bea's", issue="Transport.", creator=bea)
    assert ana.id is not None and bea.id is not None

    async with sessionmaker() as session:
        listed = await memberships(session, person_id=ana.id)
        outsider = await membership_role(
            session, person_id=bea.id, initiative_id=listed[0][0].id or 0
        )

    assert [(initiative.name, role) for initiative, role in listed] == [
        ("Atelier Est", "coordinator"),
        ("Zone Sud", "coordinator"),
    ]
    assert outsider is None


@pytest.mark.parametrize(("name", "issue"), [("N" * 121, "Issue."), ("Name", "I" * 501)])
async def test_an_initiative_name_or_issue_over_the_limit_is_refused(
    sessionmaker: Sessions, name: str, issue: str
) -> None:
    async with sessionmaker() as session:
        person = await get_or_create_local_person(session, local_user="ana")
        with pytest.raises(ValueError, match="the limit is"):
            await create_initiative(session, name=name, issue=issue, creator=person)


async def test_a_walk_never_saved_starts_at_the_intro(sessionmaker: Sessions) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)

    async with sessionmaker() as session:
        loaded = await load_walk(
            session, person_id=person_id, initiative_id=initiative_id, module=PRECONDITIONS
        )

    assert loaded == (WalkState(PRECONDITIONS), {}, 0)
    assert loaded[0].position == Position.INTRO


async def test_a_saved_walk_loads_back_with_its_answers_and_next_version(
    sessionmaker: Sessions,
) -> None:
    ids = await person_with_initiative(sessionmaker)
    state = WalkState(PRECONDITIONS, position="urgency", awaiting_comment=True)

    await save(sessionmaker, ids, state, Answer("champions", 4, "The mayor"), Answer("urgency", 2))
    async with sessionmaker() as session:
        loaded = await load_walk(
            session, person_id=ids[0], initiative_id=ids[1], module=PRECONDITIONS
        )

    assert loaded == (
        state,
        {"champions": Answer("champions", 4, "The mayor"), "urgency": Answer("urgency", 2)},
        1,
    )


async def test_a_changed_answer_stays_one_current_row_and_the_history_keeps_each(
    sessionmaker: Sessions,
) -> None:
    ids = await person_with_initiative(sessionmaker)
    state = WalkState(PRECONDITIONS, position="champions")

    for answer in (Answer("champions", 3), Answer("champions", 5), Answer("champions", 5, "Why")):
        await save(sessionmaker, ids, state, answer)

    async with sessionmaker() as session:
        current = (await session.exec(select(StoredAnswer))).all()
        history = (await session.exec(select(AnswerHistory).order_by(col(AnswerHistory.id)))).all()

    assert [(row.item_id, row.value, row.comment) for row in current] == [("champions", 5, "Why")]
    assert [(row.value, row.comment) for row in history] == [(3, None), (5, None), (5, "Why")]
    assert all(row.recorded_at.tzinfo == UTC for row in history)


async def test_an_answer_without_value_or_comment_clears_the_item(sessionmaker: Sessions) -> None:
    ids = await person_with_initiative(sessionmaker)
    state = WalkState(PRECONDITIONS, position="champions")
    await save(sessionmaker, ids, state, Answer("champions", 3), Answer("urgency", 4))

    await save(sessionmaker, ids, state, Answer("champions"))

    async with sessionmaker() as session:
        _, answers, version = await load_walk(
            session, person_id=ids[0], initiative_id=ids[1], module=PRECONDITIONS
        )
        history = (await session.exec(select(AnswerHistory.item_id, AnswerHistory.value))).all()
    assert (answers, version) == ({"urgency": Answer("urgency", 4)}, 2)
    assert sorted(history, key=str) == sorted(
        [("champions", 3), ("urgency", 4), ("champions", None)], key=str
    )


async def test_saving_over_a_walk_that_moved_on_raises(sessionmaker: Sessions) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)
    walk = {"person_id": person_id, "initiative_id": initiative_id}
    state = WalkState(PRECONDITIONS, position="champions")
    async with sessionmaker.begin() as session:
        await save_walk(session, **walk, state=state, changes=[Answer("champions", 1)], version=0)

    for stale in (0, 2):
        async with sessionmaker() as session:
            with pytest.raises(ConcurrentUpdate):
                await save_walk(session, **walk, state=state, changes=[], version=stale)

    async with sessionmaker.begin() as session:
        await save_walk(session, **walk, state=state, changes=[], version=1)
    async with sessionmaker() as session:
        *_, version = await load_walk(session, **walk, module=PRECONDITIONS)
    assert version == 2


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_on_postgresql_a_loaded_walk_waits_for_the_other_worker(
    sessionmaker: Sessions,
) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)
    walk = {"person_id": person_id, "initiative_id": initiative_id}
    await save(sessionmaker, (person_id, initiative_id), WalkState(PRECONDITIONS))

    async def second_worker() -> int:
        async with sessionmaker.begin() as session:
            *_, version = await load_walk(session, **walk, module=PRECONDITIONS)
            return version

    async with sessionmaker.begin() as first:
        *_, version = await load_walk(first, **walk, module=PRECONDITIONS)
        waiting = asyncio.create_task(second_worker())
        await asyncio.sleep(0.2)
        assert not waiting.done()
        state = WalkState(PRECONDITIONS, position="urgency")
        await save_walk(first, **walk, state=state, changes=[], version=version)

    assert await asyncio.wait_for(waiting, timeout=5) == version + 1


async def test_a_comment_over_the_limit_is_refused(sessionmaker: Sessions) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)

    async with sessionmaker() as session:
        with pytest.raises(ValueError, match="comment is 2001 characters"):
            await save_walk(
                session,
                person_id=person_id,
                initiative_id=initiative_id,
                state=WalkState(PRECONDITIONS),
                changes=[Answer("champions", 3, "x" * 2001)],
                version=0,
            )


async def test_progress_and_all_answers_cover_every_module(sessionmaker: Sessions) -> None:
    ids = await person_with_initiative(sessionmaker)
    await save(
        sessionmaker,
        ids,
        WalkState(PRECONDITIONS, position=Position.REVIEW),
        Answer("champions", 4),
        Answer("urgency", DONT_KNOW),
        Answer("resources", None, "Ask the city first"),
    )
    await save(sessionmaker, ids, WalkState(ModuleId.READINESS), Answer("complex_issue", 5))
    async with sessionmaker.begin() as session:
        other = await create_initiative(
            session,
            name="Elsewhere",
            issue="Other.",
            creator=await get_or_create_local_person(session, local_user="ana"),
        )
    assert other.id is not None
    await save(sessionmaker, (ids[0], other.id), WalkState(PRECONDITIONS), Answer("champions", 1))

    async with sessionmaker() as session:
        counts = await progress(session, person_id=ids[0], initiative_id=ids[1])
        answers = await all_answers(session, person_id=ids[0], initiative_id=ids[1])
        stored = (await session.exec(select(func.count()).select_from(StoredAnswer))).one()

    assert counts == {
        ModuleId.PRECONDITIONS: 2,
        ModuleId.READINESS: 1,
        ModuleId.LEADERSHIP: 0,
        ModuleId.PHASES: 0,
    }
    assert answers == {
        ModuleId.PRECONDITIONS: {
            "champions": Answer("champions", 4),
            "urgency": Answer("urgency", DONT_KNOW),
            "resources": Answer("resources", None, "Ask the city first"),
        },
        ModuleId.READINESS: {"complex_issue": Answer("complex_issue", 5)},
        ModuleId.LEADERSHIP: {},
        ModuleId.PHASES: {},
    }
    assert stored == 5


async def test_an_update_is_recorded_once_with_its_replies(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        first = await repo.record_update(session, update_id=2**40, replies='["first"]')
    async with sessionmaker.begin() as session:
        again = await repo.record_update(session, update_id=2**40, replies='["second"]')
        other = await repo.record_update(session, update_id=2**40 + 1, replies=None)
    async with sessionmaker() as session:
        kept = await repo.stored_replies(session, update_id=2**40)
        unknown = await repo.stored_replies(session, update_id=7)

    assert (first, again, other) == (True, False, True)
    assert (kept, unknown) == ('["first"]', None)


async def test_old_update_records_are_forgotten(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        await repo.record_update(session, update_id=1, replies=None)
    cutoff = utc_now()
    async with sessionmaker.begin() as session:
        await repo.record_update(session, update_id=2, replies=None)
    async with sessionmaker.begin() as session:
        forgotten = await repo.forget_updates(session, before=cutoff)
    async with sessionmaker.begin() as session:
        assert await repo.record_update(session, update_id=1, replies=None)
        assert not await repo.record_update(session, update_id=2, replies=None)

    assert forgotten == 1
