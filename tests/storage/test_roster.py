"""The roster's rules on a real database (SQLite and PostgreSQL)."""

from sqlalchemy import update
from sqlmodel import col

from storage import repository as repo
from storage.models import Membership, Role
from storage.roster import last_coordinator_of
from tests.usecases.team import Sessions, person, team
from usecases import initiatives


async def test_a_sole_coordinator_with_others_remaining_must_hand_over(
    sessionmaker: Sessions,
) -> None:
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        alone = await initiatives.create(session, ids["carla"], "Seule", "Alone here.")
        held = await last_coordinator_of(session, person_id=ids["carla"])
        assert [found.id for found in held] == [ids["nord"]]  # not the one she is alone in
        only_nord = await last_coordinator_of(
            session, person_id=ids["carla"], initiative_id=alone.id
        )
        assert only_nord == []
        for name in ("cole", "mia", "eve"):
            assert await last_coordinator_of(session, person_id=ids[name]) == []

        await session.exec(
            update(Membership)
            .where(col(Membership.person_id) == ids["mia"])
            .values(role=Role.COORDINATOR)
        )
        assert await last_coordinator_of(session, person_id=ids["carla"]) == []
        dan = await person(session, "dan")
        codes = await repo.invite_codes(session, initiative_id=alone.id)
        await initiatives.join(session, dan.id, codes[0])
        held = await last_coordinator_of(session, person_id=ids["carla"])
        assert [found.name for found in held] == ["Seule"]
