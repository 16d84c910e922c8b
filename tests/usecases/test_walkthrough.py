"""Who may answer and read where: ``acts_on`` for buttons, and the use cases on a database."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from flows.model import ModuleId
from storage.models import Role
from storage.records import PersonRecord
from tests.usecases.team import Sessions, team
from usecases import permissions, walkthrough
from usecases.permissions import Action
from usecases.walkthrough import acts_on

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

SOMEONE = PersonRecord(
    id=1,
    display_name="Ana",
    locale=None,
    active_initiative_id=7,
    role=Role.MEMBER,
    pending=None,
    draft=None,
    blocked=False,
)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_answers_and_reads_on_the_active_initiative(role: Role) -> None:
    person = replace(SOMEONE, role=role)
    assert acts_on(person, 7)
    assert acts_on(person, 7, Action.ANSWER)
    assert acts_on(person, 7, Action.READ_SUMMARY)


@pytest.mark.parametrize("role", list(Role))
def test_no_one_acts_on_another_initiative(role: Role) -> None:
    person = replace(SOMEONE, role=role)
    for action in Action:
        assert not acts_on(person, 8, action)


def test_without_a_role_or_an_active_initiative_nothing_is_allowed() -> None:
    for person in (
        replace(SOMEONE, role=None),
        replace(SOMEONE, active_initiative_id=None, role=None),
    ):
        for action in Action:
            assert not acts_on(person, 7, action)
            assert not acts_on(person, 0, action)


def test_only_coordinators_manage_invites() -> None:
    allowed = {
        role for role in Role if acts_on(replace(SOMEONE, role=role), 7, Action.MANAGE_INVITES)
    }
    assert allowed == {Role.COORDINATOR}
    assert set(permissions.MAY) == set(Action)


async def test_summaries_and_the_module_menu_are_for_members_of_the_initiative(
    sessionmaker: Sessions,
) -> None:
    ids = await team(sessionmaker)
    async with sessionmaker.begin() as session:
        for name in ("carla", "cole", "mia"):
            found = await walkthrough.summaries(session, ids[name], ids["nord"], NOW)
            assert found is not None and [s.module.id for s in found] == list(ModuleId)
        assert await walkthrough.summaries(session, ids["eve"], ids["nord"], NOW) is None
        assert await walkthrough.summaries(session, ids["mia"], None, NOW) is None
        menu = await walkthrough.modules(session, ids["mia"], NOW)
        assert menu is not None and menu.initiative.id == ids["nord"]
        assert set(menu.progress) == set(ModuleId)
        assert await walkthrough.modules(session, ids["eve"], NOW) is None
