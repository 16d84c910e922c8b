"""The initiative use cases on a real database (SQLite and PostgreSQL): who may do what."""

from dataclasses import replace

import pytest

from storage import repository as repo
from storage.models import NAME_MAX_LENGTH, Role
from tests.usecases.team import Sessions, person, team
from usecases import initiatives
from usecases.initiatives import (
    EMPTY,
    NOT_A_MEMBER,
    NOT_ALLOWED,
    TOO_LONG,
    Invites,
    Pending,
    Refused,
)


async def test_invite_links_are_for_the_coordinator_only(sessionmaker: Sessions) -> None:
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        shown = await initiatives.invites(session, ids["carla"], ids["nord"])
        assert isinstance(shown, Invites) and not shown.replaced
        assert shown.initiative.name == "Quartier Nord"
        for name, why in (("cole", NOT_ALLOWED), ("mia", NOT_ALLOWED), ("eve", NOT_A_MEMBER)):
            for replacing in (False, True):
                refused = await initiatives.invites(
                    session, ids[name], ids["nord"], replace=replacing
                )
                assert refused == Refused(why), (name, replacing)
        assert await initiatives.invites(session, ids["carla"], 999_999) == Refused(NOT_A_MEMBER)
        after = await repo.invite_codes(session, initiative_id=ids["nord"])
        assert after == (shown.member_code, shown.coach_code)  # no refusal replaced them

        replaced = await initiatives.invites(session, ids["carla"], ids["nord"], replace=True)
        assert isinstance(replaced, Invites) and replaced.replaced
        assert {replaced.member_code, replaced.coach_code}.isdisjoint(after)


async def test_choosing_an_initiative_needs_membership(sessionmaker: Sessions) -> None:
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        elsewhere = await initiatives.create(session, ids["eve"], "Elsewhere", "Something.")
        assert await initiatives.choose(session, ids["mia"], elsewhere.id) == Refused(NOT_A_MEMBER)
        assert await initiatives.choose(session, ids["mia"], 999_999) == Refused(NOT_A_MEMBER)
        mia = await repo.person_by(session, person_id=ids["mia"])
        assert mia is not None and mia.active_initiative_id == ids["nord"]

        chosen = await initiatives.choose(session, ids["eve"], elsewhere.id)
        assert not isinstance(chosen, Refused) and chosen.id == elsewhere.id
        eve = await repo.person_by(session, person_id=ids["eve"])
        assert eve is not None
        assert (eve.active_initiative_id, eve.role) == (elsewhere.id, Role.COORDINATOR)


async def test_joining_never_lowers_a_role_and_refuses_bad_codes(sessionmaker: Sessions) -> None:
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        member_code, coach_code = await repo.invite_codes(session, initiative_id=ids["nord"])
        joined = await initiatives.join(session, ids["carla"], member_code)
        assert joined is not None and joined[1] == Role.COORDINATOR
        joined = await initiatives.join(session, ids["cole"], member_code)
        assert joined is not None and joined[1] == Role.COACH
        joined = await initiatives.join(session, ids["mia"], coach_code)
        assert joined is not None and joined[1] == Role.COACH  # raised
        for bad in ("", "!!!", "x" * 65, "../etc", "<b>", "unknown-code"):
            assert await initiatives.join(session, ids["eve"], bad) is None, bad
        roles = {
            name: await repo.membership_role(
                session, person_id=ids[name], initiative_id=ids["nord"]
            )
            for name in ("carla", "cole", "mia", "eve")
        }
    assert roles == {
        "carla": Role.COORDINATOR,
        "cole": Role.COACH,
        "mia": Role.COACH,
        "eve": None,
    }


async def test_joining_ends_a_half_typed_initiative(sessionmaker: Sessions) -> None:
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        await initiatives.begin(session, ids["eve"])
        assert await initiatives.join(session, ids["eve"], "no-such-code") is None
        eve = await repo.person_by(session, person_id=ids["eve"])
        assert eve is not None and eve.pending is None


async def test_the_typed_name_and_issue_are_checked_and_cleaned(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        ana = await person(session, "ana")
        await initiatives.begin(session, ana.id)
        ana = await repo.person_by(session, person_id=ana.id)
        assert ana is not None and ana.pending == Pending.NAME

        assert await initiatives.typed(session, ana, "  \n\u202e ") == Refused(EMPTY)
        too_long = "N" * (NAME_MAX_LENGTH + 1)
        assert await initiatives.typed(session, ana, too_long) == Refused(
            TOO_LONG, NAME_MAX_LENGTH, NAME_MAX_LENGTH + 1
        )
        assert await repo.memberships(session, person_id=ana.id) == []

        name = "  Nord\u202erotanidrooc \n <b>x</b>  "
        assert await initiatives.typed(session, ana, name) is Pending.ISSUE
        ana = await repo.person_by(session, person_id=ana.id)
        assert ana is not None and ana.draft == "Nordrotanidrooc <b>x</b>"

        assert await initiatives.typed(session, ana, "\u2066 ") == Refused(EMPTY)
        created = await initiatives.typed(session, ana, " Food\u2067 security\n\nfor all. ")
        assert not isinstance(created, (Refused, Pending))
        assert (created.name, created.issue) == (
            "Nordrotanidrooc <b>x</b>",
            "Food security for all.",
        )
        ana = await repo.person_by(session, person_id=ana.id)
        assert ana is not None
        assert (ana.pending, ana.draft, ana.role) == (None, None, Role.COORDINATOR)


@pytest.mark.parametrize("length", [NAME_MAX_LENGTH, NAME_MAX_LENGTH + 1])
def test_check_counts_the_cleaned_text(length: int) -> None:
    typed = "\u202e" + "é" * length + "\u202c"
    checked = initiatives.check(typed, NAME_MAX_LENGTH)
    if length <= NAME_MAX_LENGTH:
        assert checked == "é" * length
    else:
        assert checked == Refused(TOO_LONG, NAME_MAX_LENGTH, length)


async def test_an_issue_typed_without_a_name_pending_is_not_lost(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        ana = await person(session, "ana")
        ana = replace(ana, pending=Pending.ISSUE, draft="Nord")
        created = await initiatives.typed(session, ana, "Food.")
        assert not isinstance(created, (Refused, Pending)) and created.name == "Nord"
