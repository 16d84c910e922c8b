import pytest
from sqlmodel import select

from storage import repository as repo
from storage.models import Initiative, Person, Role
from storage.repository import (
    create_initiative,
    local_person,
    membership_role,
    memberships,
    set_active_initiative,
    set_locale,
    telegram_person,
)
from tests.storage.helpers import Sessions, person_with_initiative


async def test_a_local_person_is_created_once(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        first = await local_person(session, local_user="ana")
    async with sessionmaker.begin() as session:
        again = await local_person(session, local_user="ana")
        other = await local_person(session, local_user="bea")

    assert again.id == first.id != other.id
    assert (again.display_name, again.locale, again.telegram_id) == ("ana", None, None)


async def test_a_64_bit_telegram_id_round_trips_and_the_name_follows_telegram(
    sessionmaker: Sessions,
) -> None:
    async with sessionmaker.begin() as session:
        first = await telegram_person(session, telegram_id=2**62, display_name="Ana")
        role = first.role
    async with sessionmaker.begin() as session:
        renamed = await telegram_person(session, telegram_id=2**62, display_name="Ana B.")
    async with sessionmaker() as session:
        stored = (await session.exec(select(Person))).one()

    assert renamed.id == first.id and role is None
    assert (stored.telegram_id, stored.display_name) == (2**62, "Ana B.")


async def test_a_telegram_person_comes_with_their_role_where_they_answer(
    sessionmaker: Sessions,
) -> None:
    async with sessionmaker.begin() as session:
        coordinator = await telegram_person(session, telegram_id=1, display_name="Ana")
        member = await telegram_person(session, telegram_id=2, display_name="Bea")
        initiative = await create_initiative(
            session, name="Quartier Nord", issue="Less food waste.", creator_id=coordinator.id
        )
        code, _ = await repo.invite_codes(session, initiative_id=initiative.id)
        await repo.join_by_code(session, person_id=member.id, code=code)
        await create_initiative(session, name="Other", issue="Housing.", creator_id=member.id)
    async with sessionmaker.begin() as session:
        coordinating = (await telegram_person(session, telegram_id=1, display_name="Ana")).role
        bea = await telegram_person(session, telegram_id=2, display_name="Bea")
        creating = bea.role
        await set_active_initiative(session, person_id=bea.id, initiative_id=initiative.id)
    async with sessionmaker() as session:
        joined = (await telegram_person(session, telegram_id=2, display_name="Bea")).role
        chosen = await repo.active_initiative(session, person_id=bea.id)

    assert (coordinating, creating, joined) == (Role.COORDINATOR, Role.COORDINATOR, Role.MEMBER)
    assert chosen is not None and chosen.id == initiative.id


async def test_the_active_initiative_needs_a_membership(sessionmaker: Sessions) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)
    async with sessionmaker.begin() as session:
        outsider = await telegram_person(session, telegram_id=3, display_name="Cy")
        await set_active_initiative(session, person_id=outsider.id, initiative_id=initiative_id)
    async with sessionmaker() as session:
        role = (await telegram_person(session, telegram_id=3, display_name="Cy")).role
        found = await repo.active_initiative(session, person_id=outsider.id)

    assert (role, found) == (None, None)


async def test_locale_and_active_initiative_are_kept(sessionmaker: Sessions) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)
    async with sessionmaker.begin() as session:
        person = await local_person(session, local_user="ana")
        await set_locale(session, person_id=person.id, locale="fr")
        await set_active_initiative(session, person_id=person.id, initiative_id=None)
    async with sessionmaker.begin() as session:
        person = await local_person(session, local_user="ana")
        assert (person.locale, person.active_initiative_id) == ("fr", None)
        await set_active_initiative(session, person_id=person.id, initiative_id=initiative_id)
    async with sessionmaker() as session:
        assert (await session.get_one(Person, person_id)).active_initiative_id == initiative_id


async def test_the_creator_coordinates_the_new_initiative_and_works_in_it(
    sessionmaker: Sessions,
) -> None:
    person_id, initiative_id = await person_with_initiative(sessionmaker)

    async with sessionmaker() as session:
        person = await session.get_one(Person, person_id)
        initiative = await session.get_one(Initiative, initiative_id)
        role = await membership_role(session, person_id=person_id, initiative_id=initiative_id)

    assert person.active_initiative_id == initiative_id
    assert (initiative.name, initiative.issue, initiative.created_by) == (
        "Quartier Nord",
        "Less food waste.",
        person_id,
    )
    assert role == Role.COORDINATOR


async def test_memberships_are_listed_by_initiative_name(sessionmaker: Sessions) -> None:
    async with sessionmaker.begin() as session:
        ana = await local_person(session, local_user="ana")
        bea = await local_person(session, local_user="bea")
        for name in ("Zone Sud", "Atelier Est"):
            await create_initiative(session, name=name, issue="Housing.", creator_id=ana.id)
        await create_initiative(session, name="Bea's", issue="Transport.", creator_id=bea.id)
    assert ana.id is not None and bea.id is not None

    async with sessionmaker() as session:
        listed = await memberships(session, person_id=ana.id)
        outsider = await membership_role(
            session, person_id=bea.id, initiative_id=listed[0][0].id or 0
        )

    assert [(initiative.name, role) for initiative, role in listed] == [
        ("Atelier Est", "coordinator"),
        ("Zone Sud", "coordinator"),
    ]
    assert outsider is None


@pytest.mark.parametrize(("name", "issue"), [("N" * 121, "Issue."), ("Name", "I" * 501)])
async def test_an_initiative_name_or_issue_over_the_limit_is_refused(
    sessionmaker: Sessions, name: str, issue: str
) -> None:
    async with sessionmaker() as session:
        person = await local_person(session, local_user="ana")
        with pytest.raises(ValueError, match="the limit is"):
            await create_initiative(session, name=name, issue=issue, creator_id=person.id)
