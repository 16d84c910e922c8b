"""A council of many people on Telegram, written in bulk: for the broadcast tests and the
broadcast benchmark."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import col, select

from flows.model import ModuleId
from storage import repository as repo
from storage.models import Membership, Person, Role
from storage.rounds import RoundRecord
from tests.fake_telegram import SimUser
from usecases import initiatives, rounds


@dataclass
class Council:
    coordinator: int
    initiative: int
    round: RoundRecord
    people: list[SimUser]
    """Everyone to remind, the coordinator first."""


async def council(sessions, people: list[SimUser], now: datetime) -> Council:
    """``people`` on Telegram in one initiative, the first its coordinator, the others members
    (written in bulk), and a round open on the preconditions that nobody has answered."""
    async with sessions.begin() as session:
        carla = await repo.telegram_person(
            session, telegram_id=people[0].id, display_name="Carla", language="en"
        )
        nord = await initiatives.create(session, carla.id, "Quartier Nord", "Food.")
        rows = [
            {"telegram_id": p.id, "display_name": p.first_name, "locale": "en", "created_at": now}
            for p in people[1:]
        ]
        connection = await session.connection()
        await connection.execute(insert(Person), rows)
        ids = await session.exec(
            select(Person.id).where(col(Person.telegram_id).in_([p.id for p in people[1:]]))
        )
        joined = [
            {"person_id": i, "initiative_id": nord.id, "role": Role.MEMBER, "joined_at": now}
            for i in ids
        ]
        await connection.execute(insert(Membership), joined)
        opened = await rounds.open_round(
            session,
            carla.id,
            nord.id,
            title="Winter",
            modules=[ModuleId.PRECONDITIONS],
            deadline=None,
            now=now,
        )
    assert isinstance(opened, RoundRecord)
    return Council(carla.id, nord.id, opened, people)
