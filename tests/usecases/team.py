"""A team in one initiative, on a real database (SQLite and PostgreSQL)."""

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import repository as repo
from storage.records import PersonRecord
from usecases import initiatives

Sessions = async_sessionmaker[AsyncSession]


async def person(session: AsyncSession, name: str) -> PersonRecord:
    return await repo.local_person(session, local_user=name)


async def team(sessions: Sessions) -> dict[str, int]:
    """Carla coordinates Quartier Nord, Cole coaches it, Mia is a member, Eve is outside."""
    async with sessions.begin() as session:
        carla = await person(session, "carla")
        nord = await initiatives.create(session, carla.id, "Quartier Nord", "Food for all.")
        codes = await repo.invite_codes(session, initiative_id=nord.id)
        ids = {"nord": nord.id, "carla": carla.id}
        for name, code in (("cole", codes[1]), ("mia", codes[0]), ("eve", None)):
            someone = await person(session, name)
            if code is not None:
                assert await initiatives.join(session, someone.id, code) is not None
            ids[name] = someone.id
    return ids
