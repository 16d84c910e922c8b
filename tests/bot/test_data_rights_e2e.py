"""Data rights over Telegram, through the fake Bot API: /mydata arrives as a JSON document,
/forget after its confirmation leaves a person who starts afresh, a last coordinator is told
how to leave, and /delete takes the initiative's exact name."""

import json

import pytest
from sqlmodel import select

from storage.models import TelegramCall
from tests.bot.conftest import initiatives_in
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes

pytestmark = pytest.mark.usefixtures("telegram_rules")

NAME = "Nord <Est> & Co"


def plain(person) -> str:
    return person.text.replace("\u202f", " ")


async def test_mydata_forget_and_delete_over_telegram(fake, coach, member):
    carla = member("Carla", language_code="fr")
    member_code, coach_code = invite_codes(await create_initiative(carla, NAME))
    mia, noa, cole = member("Mia"), member("Noa", language_code="fr"), member("Cole")
    for person in (mia, noa):
        await person.command("/start", member_code)
    await cole.command("/start", coach_code)
    await mia.tap("Preconditions 0/3")
    await mia.tap("Begin ▶")
    await mia.tap("Agree")

    await mia.command("/mydata")
    [document] = fake.documents(mia.chat)
    data = json.loads(document.content.decode("utf-8"))
    assert document.file_name == "my-data-2026-12-01.json"
    assert mia.text.startswith("Everything the coach keeps about you")
    assert [(a["item"], a["value"]) for a in data["answers"]] == [("champions", 4)]
    assert data["memberships"][0]["initiative"] == NAME and data["profile"]["name"] == "Mia"

    await mia.command("/delete")
    assert mia.text == "Only a coordinator of the initiative can delete it."
    await carla.command("/forget")
    assert f"Personne d'autre ne coordonne « {NAME} »" in plain(carla)

    await mia.command("/forget")
    confirm = mia.screen.button("Delete everything about me").callback_data
    key = confirm.split(":")[2]
    await mia.press_raw(confirm.replace(f":{key}:", f":{int(key) + 1}:"))  # forged
    assert mia.answer.answer["text"] == "This button is no longer valid."
    await noa.press_raw(confirm)  # Mia's button, in Noa's hands
    assert noa.answer.answer["text"] == "Ce bouton n'est plus valable."
    assert (await coach.snapshot(mia))["history"] == 1  # nothing deleted
    await mia.tap("Delete everything about me")
    assert mia.text.startswith("Everything the coach kept about you is deleted")
    assert await coach.snapshot(mia) == {}
    async with coach.sessions() as session:  # the last reply is all that is left of her
        kept = await session.exec(select(TelegramCall).where(TelegramCall.chat_id == mia.chat))
        assert [call.method for call in kept] == ["editMessageText"]
    await mia.command("/start")
    assert "Hello Mia! I am a coach" in mia.text
    assert initiatives_in(await coach.snapshot(mia)) == {}

    def menu_of(someone):
        return [c["command"] for c in fake.menu(someone.user.id, someone.user.language_code)]

    assert "delete" in menu_of(carla) and "progress" in menu_of(cole)
    await carla.command("/delete")
    assert f"Ceci supprime « {NAME} »" in plain(carla)
    assert "&lt;Est&gt; &amp; Co" in carla.seen[-1].html
    await carla.command("/cancel")
    await carla.say(NAME)  # no longer a confirmation
    await carla.command("/delete")
    await carla.say("nord <est> & co")
    assert f"Ce n'est pas son nom : rien n'a été supprimé. Tapez « {NAME} »" in plain(carla)
    await carla.say(NAME)
    assert plain(carla) == f"« {NAME} » est supprimée, avec tout ce qu'elle contenait."
    told = [m.text.replace("\u202f", " ") for m in fake.messages(noa.chat)]
    assert f"« {NAME} » a été supprimée par la coordination" in told[-1]
    assert initiatives_in(await coach.snapshot(carla)) == {}
    await coach.drain()
    assert "delete" not in menu_of(carla)  # back to everyone's menu
    assert "progress" not in menu_of(cole)  # and so is the coach's
