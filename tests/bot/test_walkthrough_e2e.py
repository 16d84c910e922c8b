import re

from flows.content import MODULES
from flows.model import ModuleId


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
    await alice.tap("Read it in Français")
    assert "Score 75/100 (moyenne 4,0 sur 5) : point fort" in alice.text
    assert fake.unanswered_callbacks() == []
