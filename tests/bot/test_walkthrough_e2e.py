import re

from flows.content import MODULES
from flows.model import ModuleId
from storage import walks
from tests.typography import problems


async def create_initiative(person, name="Quartier Nord", issue="Food security for all."):
    await person.command("/new")
    await person.say(name)
    return await person.say(issue)


def invite_codes(messages):
    text = "\n".join(m.text for m in messages)
    return re.findall(r"start=([A-Za-z0-9_-]+)", text)


async def test_coordinator_creates_an_initiative_and_a_member_walks_through_in_english(
    fake, member
):
    coordinator = member("Carla")
    await coordinator.command("/start")
    assert "coach for collective-impact initiatives" in coordinator.text
    replies = await create_initiative(coordinator)
    member_code, coach_code = invite_codes(replies)
    assert len(member_code) >= 16 and member_code != coach_code

    alice = member("Alice")
    await alice.command("/start", member_code)
    assert "You joined as member" in alice.text
    await alice.tap(alice.screen.buttons[0][0].text)
    assert "The three preconditions" in alice.text
    await alice.tap("Begin ▶")
    for _ in MODULES[ModuleId.PRECONDITIONS].items:
        await alice.tap("Agree")
    assert "Your answers" in alice.text
    await alice.tap("See my summary ✓")
    assert "Score 75/100 (mean 4.0 out of 5): strength" in alice.text
    await alice.tap("Read it in French")
    assert "Score 75/100 (moyenne 4,0 sur 5)\u202f: point fort" in alice.text
    assert fake.unanswered_callbacks() == []


async def walk_all_modules(person, begin, choice, finish, menu):
    """Taps through every module from the module menu, one choice for every question of a
    kind of scale."""
    for number, module in enumerate(MODULES.values()):
        await person.tap(person.screen.buttons[number][0].text)
        await person.tap(begin)
        for item in module.items:
            await person.tap(choice[module.scale_for(item).kind])
        await person.tap(finish)
        yield module, person.text
        await person.tap(menu)


async def test_full_walkthrough_of_every_module_in_french(fake, coach, member):
    carla = member("Carla")
    member_code, _ = invite_codes(await create_initiative(carla))
    zoe = member("Zoé", language_code="fr-CA")
    await zoe.command("/start", member_code)
    assert "Bienvenue" in zoe.text
    choice = {
        "agreement": "Tout à fait d'accord",
        "checklist": "En place",
        "placement": "Assistance",
    }
    summaries = {
        module.id: text
        async for module, text in walk_all_modules(
            zoe, "Commencer ▶", choice, "Voir ma synthèse ✓", "☰ Modules"
        )
    }
    for module_id in (
        ModuleId.PRECONDITIONS,
        ModuleId.READINESS,
        ModuleId.LEADERSHIP,
        ModuleId.CONDITIONS,
    ):
        assert "Score 100/100 (moyenne 5,0 sur 5)\u202f: point fort" in summaries[module_id]
    assert "Où vous situez le groupe\u202f: Assistance" in summaries[ModuleId.CONDITIONS]
    assert (
        "Votre initiative est dans cette phase\u202f: Maintenir l'action et l'impact"
        in (summaries[ModuleId.PHASES])
    )
    assert [p for text in summaries.values() for p in problems(text)] == []
    menu = [button.text for row in zoe.screen.buttons for button in row]
    assert "Conditions préalables 3/3 ✓" in menu and "Phases 20/20 ✓" in menu
    person = await coach.person(zoe)
    async with coach.sessions() as session:
        answers = await walks.all_answers(
            session, person_id=person.id, initiative_id=person.active_initiative_id
        )
    assert {module: len(items) for module, items in answers.items()} == {
        module_id: len(module.items) for module_id, module in MODULES.items()
    }
    assert fake.unanswered_callbacks() == []


async def test_full_walkthrough_of_every_module_in_english(fake, coach, member):
    alex = member("Alex")
    await create_initiative(alex)
    choice = {"agreement": "Disagree", "checklist": "Under way", "placement": "Collaborate"}
    summaries = {
        module.id: text
        async for module, text in walk_all_modules(
            alex, "Begin ▶", choice, "See my summary ✓", "☰ Modules"
        )
    }
    assert "cultivate the preconditions first" in summaries[ModuleId.PRECONDITIONS]
    assert "Score 25/100 (mean 2.0 out of 5): to strengthen" in summaries[ModuleId.LEADERSHIP]
    assert "Your initiative is in this phase: Assess Readiness" in summaries[ModuleId.PHASES]
    conditions = summaries[ModuleId.CONDITIONS]
    assert "Score 25/100 (mean 2.0 out of 5): to strengthen. 11 of 11 answered." in conditions
    assert "Where you place the group: Collaborate" in conditions
    await alex.command("/summary")
    assert alex.text.count("Next steps") == len(MODULES)
    assert fake.unanswered_callbacks() == []
