"""A round over Telegram, through the fake Bot API: a coordinator opens it step by step, the
respondents are told and answer, a member cannot manage it, the coordinator closes it and
everyone reads the same results."""

from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes
from tests.typography import problems

OPENED = "A new round is open"
RESULTS = "Results of round"


async def open_round(coordinator, deadline, title=None):
    """A round on the preconditions, opened in English; its title typed, or today's date."""
    await coordinator.command("/round")
    if title is None:
        await coordinator.tap(coordinator.screen.buttons[0][0].text)
    else:
        await coordinator.say(title)
    await coordinator.tap("○ Preconditions")
    await coordinator.tap("Next ▶")
    await coordinator.tap(deadline)
    await coordinator.tap("Open the round")


def told_to(fake, person):
    """The news that a round opened, in this person's chat."""
    (news,) = [m for m in fake.messages(person.chat) if OPENED in m.text]
    return news


def plain(person) -> str:
    return person.text.replace("\u202f", " ")


async def test_a_round_from_opening_to_results_over_telegram(fake, coach, member):
    carla = member("Carla", language_code="fr")
    member_code, _ = invite_codes(await create_initiative(carla))
    mia, noa, lou = (member(name) for name in ("Mia", "Noa", "Lou"))
    for person in (mia, noa, lou):
        await person.command("/start", member_code)

    await mia.command("/round")
    assert "Only a coordinator of the initiative can open and close rounds" in mia.text
    stranger = member("Sam")
    for command in ("/round", "/progress", "/close", "/results", "/remind"):
        await stranger.command(command)
        assert stranger.text.startswith("You are not part of an initiative yet.")

    await carla.command("/round")
    assert "Titre du tour" in carla.text
    await carla.tap(carla.screen.buttons[0][0].text)  # today's date
    await carla.tap("○ Conditions préalables")
    await carla.tap("Suivant ▶")
    await carla.tap("Dans 1 semaine")
    assert "Ouvrir le tour « 1er décembre 2026 » ? Conditions préalables." in plain(carla)
    confirm = carla.screen.button("Ouvrir le tour").callback_data
    await carla.tap("Ouvrir le tour")
    assert "est ouvert jusqu'au 8 décembre 2026 à 11:00" in plain(carla)
    assert problems(carla.text) == []
    await carla.press_raw(confirm)  # a second tap, before the first one's edit: no second round
    assert "Ce bouton n'est plus valable." in plain(carla)
    assert "Un tour est déjà ouvert" not in plain(carla)
    await carla.command("/round")  # told at once, before typing a title
    assert "Un tour est déjà ouvert" in plain(carla)
    await mia.press_raw(confirm.replace(":o:", ":x:"), told_to(fake, mia))  # not hers to manage
    assert mia.answer.answer["text"] == "This button is no longer valid."

    for person, value in ((mia, "Agree"), (noa, "Strongly agree"), (lou, "Disagree")):
        await person.tap("Answer now", told_to(fake, person))  # straight to the round's module
        assert "The three preconditions" in person.text
        await person.tap("Begin ▶")
        for _ in range(3):
            await person.tap(value)
        await person.tap("See my summary ✓")
        assert "Thank you: you answered every module of round “1er décembre 2026”" in person.text
    await carla.command("/progress")
    assert "4 répondants" in plain(carla)  # the coordinator answers too
    assert "3 ont fini, 0 en cours, 1 n'a pas commencé" in plain(carla)
    assert "Annonces du tour : 3 envoyés" in plain(carla)  # the news that it opened
    await mia.command("/progress")
    assert "coordinators and coaches can follow them" in mia.text

    await carla.command("/close")
    await carla.tap("Clore le tour")
    closed = plain(carla)
    assert "Résultats du tour « 1er décembre 2026 »" in closed and "3 répondants" in closed
    assert "Score du groupe 67/100" in closed
    for person in (mia, noa, lou):  # everyone gets the results, once, in their language
        (sent,) = [m for m in fake.messages(person.chat) if RESULTS in m.text]
        assert "3 respondents" in sent.text
    assert len([m for m in fake.messages(carla.chat) if "Résultats du tour" in m.text]) == 1
    await mia.command("/results")
    assert "Group score 67/100; items: 0 strengths, 3 to discuss, 0 to strengthen." in mia.text
    await mia.tap("Answer now", told_to(fake, mia))  # the news, once the round has closed
    assert mia.answer.answer["text"] == "This round is closed: your answers to it are kept."
    assert mia.screen.button("Preconditions 0/3")  # the module menu: her own, empty
    await carla.press_raw(confirm)  # the old confirmation, once the round is closed
    await carla.command("/progress")
    assert "Aucun tour n'est ouvert." in plain(carla)  # it opened no second round
    assert fake.unanswered_callbacks() == []


async def test_at_the_deadline_every_respondent_gets_the_results_once(fake, coach, member, clock):
    carla = member("Carla")
    member_code, _ = invite_codes(await create_initiative(carla))
    mia, noa = member("Mia"), member("Noa")
    for person in (mia, noa):
        await person.command("/start", member_code)
    await open_round(carla, "In 3 days", title="Winter")
    for person in (carla, mia, noa):
        await person.command("/modules")
        await person.tap("Preconditions 0/3")
        await person.tap("Begin ▶")
        for _ in range(3):
            await person.tap("Agree")

    clock.advance((3 * 24 + 2) * 3600)  # past the deadline (at a full hour), and the loop

    def told(person):
        return [m for m in fake.messages(person.chat) if RESULTS in m.text]

    await fake.wait_for(lambda: any(told(p) for p in (carla, mia, noa)), 10)
    await coach.drain()  # the others leave on their slots, a fraction of a second apart
    for person in (carla, mia, noa):
        (sent,) = told(person)
        assert "Results of round “Winter”" in sent.text and "Group score 75/100" in sent.text
    clock.advance(3600)
    await coach.drain()
    assert sum(RESULTS in m.text for p in (carla, mia, noa) for m in fake.messages(p.chat)) == 3


async def test_remind_reaches_those_who_have_not_finished_once_a_day(fake, coach, member):
    carla = member("Carla")
    member_code, _ = invite_codes(await create_initiative(carla))
    mia, noa = member("Mia", language_code="fr"), member("Noa")
    for person in (mia, noa):
        await person.command("/start", member_code)
    await open_round(carla, "No deadline")
    await noa.command("/modules")
    await noa.tap("Preconditions 0/3")
    await noa.tap("Begin ▶")
    for _ in range(3):
        await noa.tap("Agree")

    await mia.command("/remind")
    assert "Seule la coordination" in plain(mia)
    await carla.command("/remind")
    assert "Reminder sent to 2 people who have not finished." in carla.text  # Carla and Mia
    (reminded,) = [m for m in fake.messages(mia.chat) if m.text.startswith("Rappel")]
    assert "Il vous reste : Conditions préalables." in reminded.text.replace("\u202f", " ")
    assert reminded.button("Répondre maintenant")
    assert not [m for m in fake.messages(noa.chat) if m.text.startswith("Reminder")]
    await carla.command("/remind")
    assert "A reminder already went out today" in carla.text


async def test_a_tap_on_a_question_of_a_closed_round_changes_nothing(fake, coach, member):
    carla = member("Carla")
    member_code, _ = invite_codes(await create_initiative(carla))
    mia = member("Mia")
    await mia.command("/start", member_code)
    await open_round(carla, "No deadline")
    await mia.command("/modules")
    await mia.tap("Preconditions 0/3")
    await mia.tap("Begin ▶")
    await mia.tap("Agree")
    question = mia.screen  # question 2, of the round
    await carla.command("/close")
    close = carla.screen.button("Close the round").callback_data
    await carla.tap("Close the round")
    before = await coach.snapshot(mia)

    await mia.tap("Agree", question)
    assert mia.answer.answer["text"] == "This round is closed: your answers to it are kept."
    assert await coach.snapshot(mia) == before
    assert "The three preconditions" in mia.text  # her own walk, where it stands: its start
    await mia.command("/results")
    assert "1 respondent" in mia.text and "withheld" in mia.text

    await carla.command("/round")  # a second round; the first one's Close button closes nothing
    await carla.tap(carla.screen.buttons[0][0].text)
    await carla.tap("○ Preconditions")
    await carla.tap("Next ▶")
    await carla.tap("No deadline")
    await carla.tap("Open the round")
    await carla.press_raw(close)
    assert "This button is no longer valid." in carla.text
    await carla.command("/progress")
    assert "is open" in carla.text
