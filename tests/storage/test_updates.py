from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import utc_now
from storage.updates import forget_updates, record_update

Sessions = async_sessionmaker[AsyncSession]


async def test_an_update_is_recorded_once(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        first = await record_update(session, update_id=2**40)
    async with sessionmaker.begin() as session:
        again = await record_update(session, update_id=2**40)
        other = await record_update(session, update_id=2**40 + 1)

    assert (first, again, other) == (True, False, True)


async def test_old_update_records_are_forgotten(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        await record_update(session, update_id=1)
    cutoff = utc_now()
    async with sessionmaker.begin() as session:
        await record_update(session, update_id=2)
    async with sessionmaker.begin() as session:
        forgotten = await forget_updates(session, before=cutoff)
    async with sessionmaker.begin() as session:
        assert await record_update(session, update_id=1)
        assert not await record_update(session, update_id=2)

    assert forgotten == 1
