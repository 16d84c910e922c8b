"""The coach dashboard through the fake Bot API: the list, one initiative's closed round in
both languages, a member pointed to /results, a forged button that reveals nothing."""

from flows.engine import AnswerItem, Start
from flows.model import ModuleId
from storage import repository as repo
from tests.bot.conftest import Member
from tests.councils import council
from tests.typography import problems
from usecases import initiatives, rounds, walkthrough

PRE = ModuleId.PRECONDITIONS
ANSWERS = [(1, 4, 5), (1, 4, 5), (1, 4, 5), (5, 4, 2), (5, 4, 2), (5, 4, 2)]
"""Champions polarised, urgency agreed, resources divided."""


async def closed_round(fake, coach, clock):
    """Carla's council of six answered the preconditions and the round is closed; Cole and
    Chloé coach it (English, French), Mia is a member."""
    people = [fake.user(first_name=name) for name in ("Carla", "Mia", "Noa", "Lou", "Ana", "Ben")]
    group = await council(coach.writes, people, clock.now())
    async with coach.writes.begin() as session:
        for user, values in zip(people, ANSWERS, strict=True):
            found = await repo.telegram_person(
                session, telegram_id=user.id, display_name=user.first_name
            )
            now = clock.now()
            await walkthrough.step(session, found.id, group.initiative, PRE, Start(), now)
            for item, value in zip(("champions", "urgency", "resources"), values, strict=True):
                event = AnswerItem(item, value)
                await walkthrough.step(session, found.id, group.initiative, PRE, event, now)
        closed = await rounds.close_round(
            session, group.coordinator, group.initiative, clock.now()
        )
        assert isinstance(closed, rounds.RoundRecord)
        _, coach_code = await repo.invite_codes(session, initiative_id=group.initiative)
    coaches = {}
    for name, language in (("Cole", "en"), ("Chloé", "fr")):
        person = Member(fake, coach, fake.user(first_name=name, language_code=language))
        await person.command("/start", coach_code)
        coaches[language] = person
    mia = Member(fake, coach, people[1])
    return coaches, mia, group


async def test_a_coach_opens_the_dashboard_of_a_closed_round_in_english_and_french(
    fake, coach, clock
):
    coaches, _, _ = await closed_round(fake, coach, clock)
    cole = coaches["en"]
    await cole.command("/dashboard")
    assert "Initiatives you follow" in cole.text and "Quartier Nord · coach" in cole.text
    assert "Indicator 63/100, round “Winter”." in cole.text
    await cole.tap("Quartier Nord")
    shown = cole.text
    assert "Round “Winter”, closed on" in shown and "6 respondents" in shown
    agenda = shown.split("For the next meeting\n")[1]
    assert agenda.startswith("1. Influential champions (polarised)\nWho are our champions today")
    assert "2. Adequate resources (divergent)" in agenda and "3." not in agenda
    assert "urgency" not in agenda.lower()  # everyone agreed on it
    assert "Since the round before" not in shown  # the first closed round

    chloe = coaches["fr"]
    await chloe.command("/dashboard")
    await chloe.tap("Quartier Nord")
    assert "Pour la prochaine réunion" in chloe.text and "polarisée" in chloe.text
    assert problems(chloe.text) == []


async def test_a_member_is_pointed_to_results_and_a_forged_button_reveals_nothing(
    fake, coach, clock
):
    coaches, mia, group = await closed_round(fake, coach, clock)
    await mia.command("/dashboard")
    assert "/results" in mia.text and "Quartier Nord" not in mia.text

    outsider = Member(fake, coach, fake.user(first_name="Eve"))
    async with coach.sessions.begin() as session:
        eve = await repo.telegram_person(session, telegram_id=outsider.chat, display_name="Eve")
        sud = await initiatives.create(session, eve.id, "Quartier Sud", "Shelter.")
    await outsider.command("/dashboard")
    assert "Quartier Sud" in outsider.text and "Nord" not in outsider.text
    await outsider.press_raw(f"db:{group.initiative}")
    assert outsider.answer.answer["text"] == "This dashboard is not one you follow."
    assert outsider.seen == [] and sud.id != group.initiative


async def test_one_says_which_side_they_speak_from_and_takes_it_back(fake, coach, clock):
    coaches, _, _ = await closed_round(fake, coach, clock)
    mia = coaches["en"]  # anyone in the initiative may say
    await mia.command("/perspective")
    assert mia.text.startswith("You have not said which side you speak from.")
    await mia.tap("Resident or citizen council")
    assert mia.text == "You speak from: Resident or citizen council."
    await mia.press_raw("pv:999:state")  # another initiative's: nothing changes
    assert mia.answer.answer["text"] == "You are not a member of this initiative."
    await mia.press_raw("pv:1:nobody")
    assert mia.answer.answer["text"] == "This button is no longer valid."
    await mia.command("/perspective")
    assert mia.text.startswith("You speak from: Resident or citizen council.")
    await mia.tap("Rather not say")
    assert mia.text == "You have not said which side you speak from."
