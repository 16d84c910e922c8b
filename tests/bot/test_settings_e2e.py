"""/settings and extending a round's deadline over Telegram, through the fake Bot API."""

from sqlmodel import select

from storage.models import Initiative
from tests.bot.test_rounds_e2e import open_round, plain
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes
from tests.typography import problems


async def stored_settings(coach, name="Quartier Nord"):
    async with coach.sessions() as session:
        row = (await session.exec(select(Initiative).where(Initiative.name == name))).one()
        return row.quiet_hours, row.anonymity_threshold, row.detail_threshold


async def test_a_coordinator_changes_quiet_hours_and_a_threshold(fake, coach, member):
    carla = member("Carla")
    member_code, _ = invite_codes(await create_initiative(carla))
    mia = member("Mia", language_code="fr")
    await mia.command("/start", member_code)
    await mia.command("/settings")
    assert "Seule la coordination de l'initiative peut en changer les réglages." in plain(mia)
    refused = mia.seen[-1]

    await carla.command("/settings")
    assert "Settings of “Quartier Nord”" in carla.text
    assert "Quiet hours: 21:00–08:00." in carla.text
    await carla.tap("Quiet hours")
    await carla.tap("Type another")
    assert "Type the quiet hours, for example 21:00-08:00" in carla.text
    await carla.say("after dinner")
    assert "Those are not quiet hours I can read." in carla.text
    await carla.say("22:30-07:00")  # asked again: the first try lost nothing
    assert "✓ Saved." in carla.text and "Quiet hours: 22:30–07:00." in carla.text

    await carla.tap("Figures threshold")
    choices = carla.screen
    assert "✓ 3" in [button.text for row in choices.buttons for button in row]
    await carla.tap("7")  # a choice: the settings, shown again in place
    (edited,) = carla.seen
    assert edited.message_id == choices.message_id and edited.edited
    assert "Group figures show where at least 7 people gave a counted answer." in edited.text
    await carla.tap("Figures threshold")
    await carla.tap("Type another")
    await carla.say("2")
    assert "This threshold cannot be below 3" in carla.text
    await carla.command("/cancel")  # nothing changes; she types nothing more for it
    await carla.say("9")
    assert "Saved" not in carla.text
    assert await stored_settings(coach) == ("22:30-07:00", 7, 5)

    five = choices.button("5").callback_data
    forged = five.rpartition(":")[0] + ":1"  # below the minimum: no button offers it
    await carla.press_raw(forged, edited)
    assert carla.answer.answer["text"] == "This button is no longer valid."
    await mia.press_raw(five, refused)  # not hers to change
    assert mia.answer.answer["text"] == "Ce bouton n'est plus valable."
    assert five.startswith("st:1:")
    elsewhere = five.replace("st:1:", "st:2:")  # another initiative's (she is in none)
    await carla.press_raw(elsewhere, edited)
    assert carla.answer.answer["text"] == "This button is no longer valid."
    assert await stored_settings(coach) == ("22:30-07:00", 7, 5)
    assert problems(mia.text) == []
    assert fake.unanswered_callbacks() == []


async def test_extending_the_deadline_tells_those_who_have_not_finished(fake, coach, member):
    carla = member("Carla")
    member_code, coach_code = invite_codes(await create_initiative(carla))
    mia, cole = member("Mia", language_code="fr"), member("Cole")
    await mia.command("/start", member_code)
    await cole.command("/start", coach_code)
    await open_round(carla, "In 3 days", title="Winter")  # 4 December 2026 at 11:00 (Paris)
    await cole.command("/progress")
    (shown,) = cole.seen
    assert "2 respondents" in shown.text and not shown.buttons  # a coach follows, no more

    await carla.command("/progress")
    await carla.tap("Extend the deadline")
    assert "New deadline? The lengths count from the current one." in carla.text
    choices = carla.screen
    await carla.tap("1 week later")
    assert "is open until December 11, 2026 at 11:00" in carla.text
    assert "1 person who has not finished is told." in carla.text
    (news,) = [m for m in fake.messages(mia.chat) if "se termine désormais" in m.text]
    assert "le 11 décembre 2026 à 11:00" in news.text and news.button("Répondre maintenant")
    again = choices.button("1 week later").callback_data
    await carla.press_raw(again, choices)  # the same tap again: shown for the former deadline
    assert carla.answer.answer["text"] == "This button is no longer valid."

    await carla.command("/progress")
    await carla.tap("Extend the deadline")
    await carla.tap("Type a date")
    await carla.say("10/12 18h")
    assert "The new deadline must come after the current one." in carla.text
    assert "for example 15/12 18h" in carla.text
    await carla.say("2026-12-15 18:00")
    assert "is open until December 15, 2026 at 18:00" in carla.text
    told = [m for m in fake.messages(mia.chat) if "se termine désormais" in m.text]
    assert len(told) == 2 and "15 décembre 2026 à 18:00" in told[-1].text
    assert problems(told[-1].text) == []
    assert fake.unanswered_callbacks() == []
