"""A council of many people on Telegram, written in bulk: for the broadcast tests and the
broadcast and dashboard benchmarks."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import col, select

from flows.content import MODULES
from flows.model import DONT_KNOW, Module, ModuleId
from storage import repository as repo
from storage import rounds as stored_rounds
from storage.models import Membership, Person, Role, StoredAnswer
from storage.rounds import RoundRecord
from tests.fake_telegram import SimUser
from usecases import initiatives, rounds
from usecases.permissions import Action, allowed


@dataclass
class Council:
    coordinator: int
    initiative: int
    round: RoundRecord
    people: list[SimUser]
    """Everyone to remind, the coordinator first."""


async def council(
    sessions,
    people: list[SimUser],
    now: datetime,
    modules: Sequence[ModuleId] = (ModuleId.PRECONDITIONS,),
) -> Council:
    """``people`` on Telegram in one initiative, the first its coordinator, the others members
    (written in bulk), and a round open on ``modules`` that nobody has answered."""
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
            modules=modules,
            deadline=None,
            now=now,
        )
    assert isinstance(opened, RoundRecord)
    return Council(carla.id, nord.id, opened, people)


DONT_KNOW_SHARE = 0.05
BATCH = 5000


async def answer_everything(
    sessions, found: RoundRecord, now: datetime, rng: random.Random, comments: int = 12
) -> int:
    """Every respondent of the round's initiative answers every item of its modules, written in
    bulk: per item values around a leaning drawn at random (agreed, spread or polarised), one
    answer in 20 "don't know", and ``comments`` answers with a comment. Returns the answers."""
    async with sessions.begin() as session:
        people = [
            person
            for person, role in await stored_rounds.members(
                session, initiative_id=found.initiative_id
            )
            if allowed(Role(role), Action.RESPOND)
        ]
        items = [
            (m, item.id, _values(m, item.id, rng))
            for m in found.modules
            for item in MODULES[m].items
        ]
        rows = [
            {
                "person_id": person,
                "initiative_id": found.initiative_id,
                "round_no": found.number,
                "module": str(module),
                "item_id": item,
                "value": DONT_KNOW if rng.random() < DONT_KNOW_SHARE else rng.choice(values),
                "comment": None,
                "answered_at": now,
            }
            for person in people
            for module, item, values in items
        ]
        for row in rng.sample(rows, min(comments, len(rows))):
            row["comment"] = f"Comment on {row['item_id']}: we should talk about it."
        connection = await session.connection()
        for start in range(0, len(rows), BATCH):
            await connection.execute(insert(StoredAnswer), rows[start : start + BATCH])
    return len(rows)


def _values(module: ModuleId, item_id: str, rng: random.Random) -> list[int]:
    """What the group answers to one item, as a list to draw from: agreed around a value,
    spread over the scale, or split between its two ends."""
    shown: Module = MODULES[module]
    item = shown.item(item_id)
    assert item is not None
    scale = sorted(v for v in shown.scale_for(item).values if v != DONT_KNOW)
    low, high = scale[0], scale[-1]
    leaning = rng.choice(scale)
    kind = rng.random()
    if kind < 0.6:  # agreed: mostly the leaning, some next to it
        near = [v for v in scale if abs(v - leaning) <= 1]
        return [leaning] * 3 + near
    if kind < 0.85:  # spread
        return scale
    return [low] * 4 + [high] * 4 + [leaning]  # polarised
