"""The roster over Telegram, through the fake Bot API: a coordinator changes roles during an
open round, the people concerned are told in their language and their command menus follow; a
stale button changes nothing; a member leaves."""

from flows.model import ModuleId
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes
from tests.typography import problems
from usecases import rounds


def names(menu) -> list[str]:
    return [command["command"] for command in menu]


async def test_a_coordinator_changes_roles_and_the_menus_follow(fake, coach, member, clock):
    carla = member("Carla")
    member_code, coach_code = invite_codes(await create_initiative(carla))
    mia, cole = member("Mia", language_code="fr"), member("Cole")
    await mia.command("/start", member_code)
    await cole.command("/start", coach_code)
    everyone = names(fake.commands())
    assert "members" in names(fake.menu(carla.chat, "en")) and "members" not in everyone
    assert fake.menu(mia.chat, "fr") == fake.commands(language_code="fr")
    following = ["progress", "dashboard"]
    assert names(fake.menu(cole.chat, "en")) == [*everyone[:3], *following, *everyone[3:]]
    found = await coach.person(carla)
    async with coach.sessions.begin() as session:
        opened = await rounds.open_round(
            session,
            found.id,
            found.active_initiative_id,
            title="Hiver",
            modules=[ModuleId.PRECONDITIONS],
            deadline=None,
            now=clock.now(),
        )
    assert isinstance(opened, rounds.RoundRecord)

    await mia.command("/members")
    assert "Seule la coordination de l'initiative peut voir ses membres" in mia.text
    await carla.command("/members")
    assert "“Quartier Nord”: 3 people." in carla.text
    assert "Carla (you), coordinator — modules finished: 0" in carla.text
    assert "Cole, coach\n" in carla.text
    await carla.tap("Mia · member")
    make_coach = carla.screen.button("Make coach").callback_data
    await carla.tap("Make coach")
    assert "Done: Mia now has the role “coach”." in carla.text
    (told,) = [m for m in fake.messages(mia.chat) if "désormais coach" in m.text]
    assert "Vous êtes désormais coach de « Quartier Nord »" in told.text.replace("\u202f", " ")
    assert problems(told.text) == []
    coach_menu = fake.menu(mia.chat, "fr")
    assert "progress" in names(coach_menu) and "members" not in names(coach_menu)
    assert {"command": "progress", "description": "où en est le tour ouvert"} in coach_menu

    await carla.press_raw(make_coach)  # her role changed since that screen: nothing changes
    assert "Their role changed in the meantime" in carla.text
    await mia.press_raw(make_coach, told)  # not hers to manage: a stale button
    assert mia.answer.answer["text"] == "Ce bouton n'est plus valable."
    assert fake.menu(mia.chat, "fr") == coach_menu

    await carla.tap("◀ All members")
    await carla.tap("Cole · coach")
    await carla.tap("Make member")
    (news,) = [m for m in fake.messages(cole.chat) if "You answer its open round now" in m.text]
    assert "Round “Hiver” is open" in news.text
    assert fake.menu(cole.chat, "en") == fake.commands(language_code="en")
    await cole.tap("Answer now", news)
    assert "The three preconditions" in cole.text and cole.screen.button("Begin ▶")

    await mia.command("/leave")
    await mia.tap("Quitter")
    assert "Vous avez quitté « Quartier Nord »." in mia.text.replace("\u202f", " ")
    assert fake.menu(mia.chat, "fr") == fake.commands(language_code="fr")
    await carla.command("/members")
    assert "“Quartier Nord”: 2 people." in carla.text
    assert fake.unanswered_callbacks() == []
