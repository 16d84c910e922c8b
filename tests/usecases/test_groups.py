"""Council group chats at the use-case layer: who may link a group, one group per initiative,
join codes, and following what Telegram does to the group."""

from datetime import UTC, datetime

import pytest

from storage import groups as stored
from storage import repository as repo
from storage.models import Role
from usecases import groups, initiatives
from usecases.groups import Choose, Linked, Place, Refused

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
GROUP, OTHER_GROUP, SUPERGROUP = -4_000_000_001, -4_000_000_002, -1_002_000_000_001


async def council(sessions) -> dict[str, int]:
    """Carla (Telegram 1) coordinates Nord; Mia (2) is a member, Cole (3) coaches, Eve (4) is
    outside, Dora (5) coordinates Nord and Sud."""
    ids = {}
    async with sessions.begin() as session:
        for number, name in enumerate(("carla", "mia", "cole", "eve", "dora"), start=1):
            person = await repo.telegram_person(session, telegram_id=number, display_name=name)
            ids[name] = person.id
        nord = await initiatives.create(session, ids["carla"], "Nord", "Food.", language="fr")
        sud = await initiatives.create(session, ids["dora"], "Sud", "Water.")
        member, coach = await repo.invite_codes(session, initiative_id=nord.id)
        await initiatives.join(session, ids["mia"], member)
        await initiatives.join(session, ids["cole"], coach)
        await repo.join_as(session, person_id=ids["dora"], initiative=nord.id, offered=Role.MEMBER)
        await repo.join_as(
            session, person_id=ids["dora"], initiative=nord.id, offered=Role.COORDINATOR
        )
        ids |= {"nord": nord.id, "sud": sud.id}
    return ids


async def link(sessions, telegram_id, chat=GROUP, thread=None, initiative=None):
    async with sessions.begin() as session:
        return await groups.link(session, Place(chat, thread, telegram_id), NOW, initiative)


async def test_only_a_coordinator_links_a_group_in_the_topic_where_they_asked(sessionmaker):
    ids = await council(sessionmaker)
    for someone in (2, 3, 4, 99):  # a member, a coach, someone outside, someone unknown
        assert await link(sessionmaker, someone) == Refused(groups.NOT_ALLOWED)
    assert await link(sessionmaker, None) == Refused(groups.ANONYMOUS)  # writing as the group

    done = await link(sessionmaker, 1, thread=7)
    assert isinstance(done, Linked) and not done.already
    assert (done.initiative.id, done.initiative.language) == (ids["nord"], "fr")
    assert (done.group.chat_id, done.group.thread_id) == (GROUP, 7)
    again = await link(sessionmaker, 1)  # /link twice: the same link, a new code offered
    assert isinstance(again, Linked) and again.already and again.group == done.group


@SQLITE_ONLY
async def test_one_coordinating_several_initiatives_chooses_one(sessionmaker):
    ids = await council(sessionmaker)
    asked = await link(sessionmaker, 5)
    assert isinstance(asked, Choose)
    assert [i.name for i in asked.initiatives] == ["Nord", "Sud"]
    assert await link(sessionmaker, 1, initiative=ids["sud"]) == Refused(groups.NOT_ALLOWED)
    done = await link(sessionmaker, 5, initiative=ids["sud"])
    assert isinstance(done, Linked) and done.initiative.id == ids["sud"]
    # The group now follows Sud: Carla, who coordinates only Nord, cannot take it over.
    assert await link(sessionmaker, 1) == Refused(groups.GROUP_TAKEN, "Sud")


@SQLITE_ONLY
async def test_a_second_group_for_the_same_initiative_is_refused(sessionmaker):
    await council(sessionmaker)
    first = await link(sessionmaker, 1)
    assert isinstance(first, Linked)
    assert await link(sessionmaker, 1, chat=OTHER_GROUP) == Refused(
        groups.INITIATIVE_TAKEN, "Nord"
    )
    async with sessionmaker.begin() as session:  # the first group is still the one
        assert await stored.of_chat(session, chat_id=OTHER_GROUP) is None
        assert await stored.of_chat(session, chat_id=GROUP) == first.group


@SQLITE_ONLY
async def test_unlinking_is_for_a_coordinator_and_ends_the_join_code(sessionmaker):
    ids = await council(sessionmaker)
    done = await link(sessionmaker, 1)
    assert isinstance(done, Linked)
    async with sessionmaker.begin() as session:
        for someone in (2, 3, 4):
            refused = await groups.unlink(session, Place(GROUP, None, someone), NOW)
            assert refused == Refused(groups.NOT_ALLOWED)
        assert await groups.unlink(session, Place(OTHER_GROUP, None, 1), NOW) == Refused(
            groups.NOT_LINKED
        )
        unlinked = await groups.unlink(session, Place(GROUP, None, 1), NOW)
        assert not isinstance(unlinked, Refused) and unlinked.id == ids["nord"]
        eve = await repo.person_of_telegram(session, telegram_id=4)
        assert eve is not None
        assert await groups.join(session, eve.id, done.group.join_code) is None
        assert (
            await repo.membership_role(session, person_id=eve.id, initiative_id=ids["nord"])
            is None
        )


async def test_a_group_join_code_makes_members_until_it_is_replaced(sessionmaker):
    ids = await council(sessionmaker)
    done = await link(sessionmaker, 1)
    assert isinstance(done, Linked)
    old = done.group.join_code
    async with sessionmaker.begin() as session:
        eve = await repo.person_of_telegram(session, telegram_id=4)
        cole = await repo.person_of_telegram(session, telegram_id=3)
        assert eve is not None and cole is not None
        joined = await groups.join(session, eve.id, old)
        assert joined is not None and (joined[0].id, joined[1]) == (ids["nord"], Role.MEMBER)
        coached = await groups.join(session, cole.id, old)  # a role is never lowered
        assert coached is not None and coached[1] is Role.COACH
        # "Replace both links" in private leaves the group's code alone.
        await initiatives.invites(session, ids["carla"], ids["nord"], replace=True)
        assert (await stored.of_chat(session, chat_id=GROUP)).join_code == old
        refused = await groups.replace_code(session, Place(GROUP, None, 2), ids["nord"])
        assert refused == Refused(groups.NOT_ALLOWED)
        replaced = await groups.replace_code(session, Place(GROUP, None, 1), ids["nord"])
        assert isinstance(replaced, Linked) and replaced.group.join_code != old
        assert await groups.join(session, eve.id, old) is None
        assert await groups.join(session, eve.id, replaced.group.join_code) is not None


@SQLITE_ONLY
async def test_the_link_follows_the_group_removed_upgraded_or_without_its_topic(sessionmaker):
    ids = await council(sessionmaker)
    assert isinstance(await link(sessionmaker, 1, thread=7), Linked)
    async with sessionmaker.begin() as session:
        await groups.moved(session, GROUP, SUPERGROUP)
        await groups.moved(session, GROUP, SUPERGROUP)  # told twice: by both service messages
        moved = await stored.of_initiative(session, initiative_id=ids["nord"])
        assert moved is not None and (moved.chat_id, moved.thread_id) == (SUPERGROUP, None)
        await stored.to_general(session, chat_id=SUPERGROUP)
        assert await groups.removed(session, GROUP, NOW) is None  # the old id: nothing there
        assert await groups.removed(session, SUPERGROUP, NOW) == ids["nord"]
        assert await stored.of_initiative(session, initiative_id=ids["nord"]) is None
