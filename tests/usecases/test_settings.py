"""An initiative's settings at the use-case layer: the rules for each value, who may change
them, a value typed (tests/usecases/test_deadline_extension.py: a change holds for the
reminders that come next)."""

import pytest
from sqlalchemy import update

from storage import repository as repo
from storage.models import Membership, Role
from tests.usecases.team import person, team
from usecases import initiatives, settings
from usecases.settings import Refused, Setting

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
TZ, QUIET, EVERY, MOST, ANON, DETAIL, LANGUAGE, FIGURES = Setting


@pytest.mark.parametrize(
    ("setting", "typed", "value"),
    [
        (TZ, "Europe/Brussels", "Europe/Brussels"),
        (TZ, "  america/toronto ", "America/Toronto"),
        (TZ, "Mars/Olympus", Refused(settings.UNKNOWN_ZONE, TZ)),
        (TZ, "../../etc/passwd", Refused(settings.UNKNOWN_ZONE, TZ)),
        (TZ, "localtime", Refused(settings.UNKNOWN_ZONE, TZ)),
        (TZ, "x" * 5000, Refused(settings.UNKNOWN_ZONE, TZ)),
        (QUIET, "22h30-7h00", "22:30-07:00"),
        (QUIET, "none", ""),
        (QUIET, "21:00-21:00", Refused(settings.NOT_QUIET_HOURS, QUIET)),
        (QUIET, "after dinner", Refused(settings.NOT_QUIET_HOURS, QUIET)),
        (EVERY, "7", 7),
        (EVERY, "off", 0),
        (EVERY, "31", Refused(settings.TOO_HIGH, EVERY, 0, 30)),
        (MOST, "0", 0),
        (MOST, "2.5", Refused(settings.NOT_A_NUMBER, MOST, 0, 10)),
        (ANON, "3", 3),
        (ANON, "2", Refused(settings.TOO_LOW, ANON, 3, 30)),
        (ANON, "-4", Refused(settings.NOT_A_NUMBER, ANON, 3, 30)),
        (DETAIL, "4", Refused(settings.TOO_LOW, DETAIL, 5, 30)),
        (DETAIL, "30", 30),
        (DETAIL, "٣٠", Refused(settings.NOT_A_NUMBER, DETAIL, 5, 30)),
        (DETAIL, "9" * 5000, Refused(settings.NOT_A_NUMBER, DETAIL, 5, 30)),
        (LANGUAGE, " FR ", "fr"),
        (LANGUAGE, "de", Refused(settings.NOT_A_LANGUAGE, LANGUAGE)),
        (FIGURES, "on", True),
        (FIGURES, "Non", False),
        (FIGURES, "maybe", Refused(settings.NOT_ON_OFF, FIGURES)),
    ],
)
def test_the_rules_for_each_value(setting, typed, value):
    assert settings.value_of(setting, typed) == value


@SQLITE_ONLY
async def test_only_its_coordinators_change_an_initiatives_settings(sessionmaker):
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        eve = await person(session, "eve")
        sud = await initiatives.create(session, eve.id, "Quartier Sud", "Housing.")
    cases = [
        ("carla", ids["nord"], None),
        ("cole", ids["nord"], settings.NOT_ALLOWED),
        ("mia", ids["nord"], settings.NOT_ALLOWED),
        ("eve", ids["nord"], settings.NOT_A_MEMBER),
        ("carla", sud.id, settings.NOT_A_MEMBER),
    ]
    for who, initiative, why in cases:
        async with sessionmaker.begin() as session:
            await repo.set_pending(session, person_id=ids[who], pending=None)
            before = await repo.initiative(session, initiative_id=initiative)
            changed = await settings.change(session, ids[who], initiative, ANON, "9")
            asked = await settings.ask(session, ids[who], initiative, DETAIL)
            pending = (await repo.person_by(session, person_id=ids[who])).pending
            after = await repo.initiative(session, initiative_id=initiative)
        if why is None:
            assert changed == after and after.anonymity_threshold == 9
            assert asked == after and settings.asked(pending) == (initiative, DETAIL)
        else:
            assert changed == asked == Refused(why), who
            assert after == before and pending is None, who

    async def carla_types(text):
        async with sessionmaker.begin() as session:
            carla = await repo.person_by(session, person_id=ids["carla"])
            done = await settings.typed(session, carla, text)
            return done, (await repo.person_by(session, person_id=ids["carla"])).pending

    async with sessionmaker.begin() as session:
        await settings.ask(session, ids["carla"], ids["nord"], DETAIL)
    refused, pending = await carla_types("four")
    assert refused == Refused(settings.NOT_A_NUMBER, DETAIL, 5, 30)
    assert settings.asked(pending) == (ids["nord"], DETAIL)  # asked again: nothing lost
    done, pending = await carla_types("8")
    assert done.detail_threshold == 8 and pending is None

    async with sessionmaker.begin() as session:
        await settings.ask(session, ids["carla"], ids["nord"], QUIET)
        await session.exec(
            update(Membership)
            .where(Membership.person_id == ids["carla"])
            .values(role=Role.MEMBER)  # she stepped down since
        )
    refused, pending = await carla_types("22:00-07:30")
    assert refused == Refused(settings.NOT_ALLOWED) and pending is None
    async with sessionmaker() as session:
        found = await repo.initiative(session, initiative_id=ids["nord"])
    assert found.quiet_hours == "21:00-08:00"
