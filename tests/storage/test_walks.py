import asyncio
from datetime import UTC

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from flows.model import DONT_KNOW, Answer, ModuleId, Position, WalkState
from storage.models import AnswerHistory, StoredAnswer
from storage.repository import (
    create_initiative,
    local_person,
)
from storage.walks import ConcurrentUpdate, all_answers, load_walk, progress, save_walk
from tests.storage.helpers import Sessions, person_with_initiative, save

PRECONDITIONS = ModuleId.PRECONDITIONS


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


async def test_an_answer_saved_over_a_walk_that_moved_on_is_refused_and_leaves_no_trace(
    sessionmaker: Sessions,
) -> None:
    ids = await person_with_initiative(sessionmaker)
    walk = {"person_id": ids[0], "initiative_id": ids[1]}
    state = WalkState(PRECONDITIONS, position="champions")
    for answer in (Answer("champions", 1), Answer("champions", 2)):
        await save(sessionmaker, ids, state, answer)  # now at version 2

    async with sessionmaker.begin() as session:
        with pytest.raises(ConcurrentUpdate):
            await save_walk(
                session, **walk, state=state, changes=[Answer("champions", 5)], version=1
            )
        await session.rollback()

    async with sessionmaker() as session:
        _, answers, version = await load_walk(session, **walk, module=PRECONDITIONS)
        history = (await session.exec(select(AnswerHistory.value))).all()
    assert (answers, version) == ({"champions": Answer("champions", 2)}, 2)
    assert sorted(history) == [1, 2]


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
            creator_id=(await local_person(session, local_user="ana")).id,
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
        ModuleId.CONDITIONS: 0,
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
        ModuleId.CONDITIONS: {},
    }
    assert stored == 5
