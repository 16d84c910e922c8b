"""Helpers shared by the storage tests: a person with an initiative, and saving a walk."""

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.model import Answer, WalkState
from storage.repository import create_initiative, local_person
from storage.walks import load_walk, save_walk

Sessions = async_sessionmaker[AsyncSession]


async def person_with_initiative(sessions: Sessions) -> tuple[int, int]:
    """Ana and the initiative she created: their ids."""
    async with sessions.begin() as session:
        person = await local_person(session, local_user="ana")
        initiative = await create_initiative(
            session, name="Quartier Nord", issue="Less food waste.", creator_id=person.id
        )
    assert person.id is not None and initiative.id is not None
    return person.id, initiative.id


async def save(
    sessions: Sessions, ids: tuple[int, int], state: WalkState, *changes: Answer
) -> None:
    """Saves a walk and its changed answers over the version stored now."""
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
