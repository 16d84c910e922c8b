"""Telegram's rules, end to end: message length, callback data size, flood control, blocked
people, double taps, redelivered updates, languages and the command lists."""

import html

import pytest

from bot.keyboards import (
    Act,
    InitiativeAct,
    InitiativeData,
    ModuleData,
    RoundStepData,
    StepData,
    SummaryData,
)
from bot.menus import commands_for
from bot.render import HTML, summary
from flows import engine
from flows.content import MODULES
from flows.i18n import translator
from flows.model import ModuleId
from flows.scoring import summarize
from tests.bot.conftest import HUMAN_PAUSE, answers_in, callback_data_sent
from tests.bot.test_walkthrough_e2e import create_initiative
from tests.fake_telegram import utf16_len

pytestmark = pytest.mark.usefixtures("telegram_rules")

QUESTION_1 = "Preconditions · question 1 of 3"
QUESTION_2 = "Preconditions · question 2 of 3"
NOT_CURRENT = engine.NOT_CURRENT.msgid
LARGEST_ID = 2**31 - 1
"""The largest initiative id the database can hold (a 32-bit integer column)."""


async def open_module(person, label="Preconditions"):
    """``person`` creates an initiative and begins one of its modules."""
    await create_initiative(person)
    await person.tap(next(b.text for [b] in person.screen.buttons if b.text.startswith(label)))
    await person.tap("Begin ▶")


def writes_to(fake, chat):
    """Every send or edit the bot asked for in this chat, accepted or not."""
    methods = ("sendMessage", "editMessageText")
    return [r for r in fake.requests if r.method in methods and r.params["chat_id"] == chat]


def refused(fake, chat):
    """How many sends and edits in this chat the fake refused (too long, not modified…)."""
    return len(writes_to(fake, chat)) - len(fake.sent_after(0, chat))


# 10. Every message within 4,096 characters


def long_comment(number):
    text = f"Comment {number:02d}: " + "Tom & Jerry <share> the budget; " * 70
    return text[:1999] + "!"


async def test_a_long_summary_is_split_at_line_ends_into_messages_under_4096(fake, coach, member):
    alice = member("Alice")
    await open_module(alice, "Phases")
    comments = [long_comment(n) for n in range(1, 21)]
    for comment in comments:
        await alice.tap("💬 Add a comment")
        await alice.say(comment)
        await alice.tap("In place")

    await alice.tap("See my summary ✓")

    parts = alice.seen
    assert len(parts) >= 10
    assert all(utf16_len(part.text) <= 4096 for part in parts)
    assert [bool(part.buttons) for part in parts] == [False] * (len(parts) - 1) + [True]
    for comment in comments:
        whole = f"<i>{html.escape(comment, quote=False)}</i>"
        assert [whole in part.html for part in parts].count(True) == 1
    answers = answers_in(await coach.snapshot(alice))[ModuleId.PHASES]
    rendered = summary(translator("en"), HTML, summarize(ModuleId.PHASES, answers))
    lines = set("\n\n".join(rendered).split("\n"))
    assert [set(part.html.split("\n")) - lines for part in parts] == [set()] * len(parts)
    assert refused(fake, alice.chat) == 0


# 11. Callback data within 64 bytes


def test_step_data_with_the_longest_ids_fits_in_64_bytes():
    module = max(ModuleId, key=len)
    item = max((i.id for m in MODULES.values() for i in m.items), key=len)
    value = max(max(m.scale_for(i).values) for m in MODULES.values() for i in m.items)
    packed = [
        StepData(initiative=LARGEST_ID, module=module, act=act, item=item, value=value).pack()
        for act in Act
    ]
    packed += [
        RoundStepData(
            initiative=LARGEST_ID, module=module, act=act, item=item, value=value, round=LARGEST_ID
        ).pack()
        for act in Act
    ]
    packed += [
        ModuleData(initiative=LARGEST_ID, module=module).pack(),
        SummaryData(initiative=LARGEST_ID, module=module, language="fr").pack(),
        *(InitiativeData(initiative=LARGEST_ID, act=act).pack() for act in InitiativeAct),
    ]
    assert max(len(data.encode()) for data in packed) <= 64


def test_an_initiative_id_the_database_cannot_hold_is_refused_when_unpacked():
    with pytest.raises(ValueError):
        StepData.unpack(f"w:{LARGEST_ID + 1}:preconditions:a:champions:4")
    with pytest.raises(ValueError):
        InitiativeData.unpack("i:0:r")


async def test_every_button_the_bot_shows_fits_in_64_bytes(fake, coach, member):
    carla = member("Carla")
    await open_module(carla, "Phases")
    await carla.tap("Review")
    await carla.tap("✎ 20")
    await carla.tap("Don't know")
    await carla.tap("See my summary ✓")
    await carla.tap("Read it in French")
    await carla.command("/initiatives")
    await carla.tap("Invite links")
    await carla.tap("Replace both links")
    await carla.command("/language")

    sent = callback_data_sent(fake)
    assert {data[0] for data in sent} == {"w", "m", "y", "i", "l"}
    assert any("implement.evaluation" in data for data in sent)
    assert max(len(data.encode()) for data in sent) <= 64
    assert refused(fake, carla.chat) == 0


# 12. Flood control (429)


async def test_flood_control_on_an_edit_is_waited_out_and_retried(fake, coach, member, clock):
    alice = member("Alice")
    await open_module(alice)
    edits = len(fake.calls("editMessageText"))
    fake.flood("editMessageText", retry_after=7)

    tapped = clock.elapsed
    await alice.tap("Agree")

    # A person's pause, then the retry waited for retry_after, in the test's time.
    assert clock.elapsed - tapped >= HUMAN_PAUSE + 7
    assert QUESTION_2 in alice.text
    first, second = fake.calls("editMessageText")[edits:]
    assert first == second
    assert alice.screen.button("Agree") and QUESTION_2 in alice.screen.text


async def test_flood_control_on_a_send_is_waited_out_and_retried(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    sends = len(fake.calls("sendMessage"))
    fake.flood("sendMessage", retry_after=1)

    await alice.say("hello?")

    assert QUESTION_1 in alice.text
    first, second = fake.calls("sendMessage")[sends:]
    assert first == second
    assert len(alice.seen) == 1


async def test_a_reply_telegram_fails_to_take_is_made_again_and_the_answer_kept_once(
    fake, coach, member
):
    alice = member("Alice")
    await open_module(alice)
    edits = len(fake.calls("editMessageText"))
    fake.fail_next("editMessageText", 502, "Bad Gateway")

    await alice.tap("Agree")

    first, second = fake.calls("editMessageText")[edits:]
    assert first == second
    assert QUESTION_2 in alice.screen.text
    assert len(await coach.history(alice, "champions")) == 1
    assert fake.unanswered_callbacks() == []


# 13. A person who blocked the bot


async def test_a_person_who_blocked_the_bot_is_marked_and_left_alone_until_they_write(
    fake, coach, member
):
    alice = member("Alice")
    await open_module(alice)
    fake.block(alice.chat)
    attempts = len(writes_to(fake, alice.chat))

    await alice.tap("Agree")

    assert alice.seen == []
    assert len(writes_to(fake, alice.chat)) == attempts + 1  # the edit that got 403
    assert (await coach.person(alice)).blocked_at is not None
    await alice.tap("Review")  # still on screen: the edit never reached them
    await alice.tap("☰ Modules")
    assert len(writes_to(fake, alice.chat)) == attempts + 1
    assert fake.unanswered_callbacks() == []

    fake.unblock(alice.chat)
    await alice.say("I am back")

    assert (await coach.person(alice)).blocked_at is None
    assert "Please answer with the buttons under the question." in alice.text
    assert alice.seen[-1].buttons


# 14. Double tap


async def test_a_double_tap_stores_the_answer_once_and_the_second_is_refused(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    question = alice.screen
    agree = question.button("Agree").callback_data

    taps = [await fake.press(alice.user, question, agree) for _ in range(2)]
    for tap in taps:
        await coach.processed(tap["update_id"])

    assert len(await coach.history(alice, "champions")) == 1
    assert answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS]["champions"].value == 4
    answers = [fake.callbacks[tap["callback_query"]["id"]].answer for tap in taps]
    assert sorted(answer.get("text", "") for answer in answers) == ["", NOT_CURRENT]
    assert QUESTION_2 in alice.screen.text
    assert fake.unanswered_callbacks() == []
    assert refused(fake, alice.chat) == 0  # no "message is not modified"


# 15. A redelivered update


async def test_a_redelivered_answer_takes_effect_once(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    await alice.tap("Agree")
    answered = alice.update["update_id"]
    mark, requests = fake.mark(), len(fake.requests)

    await fake.redeliver(answered)
    await alice.command("/help")
    await coach.processed(alice.update["update_id"])

    assert len(await coach.history(alice, "champions")) == 1
    assert fake.sent_after(mark) == alice.seen  # the help, nothing else
    # Everything the tap made was sent: the redelivery sends nothing again.
    later = [r.method for r in fake.requests[requests:] if r.method != "getUpdates"]
    assert later == ["sendMessage"]
    assert "question 2 of 3" in alice.screen.text


# 16. Changing language in the middle of a module


async def test_switching_to_french_mid_module_shows_the_question_in_french(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    await alice.tap("Agree")

    await alice.command("/language")
    await alice.tap("Français")

    assert "Désormais, je vous parle en français." in alice.text
    assert "Conditions préalables · question 2 sur 3" in alice.screen.text
    await alice.tap("D'accord")
    assert "Conditions préalables · question 3 sur 3" in alice.text
    answers = answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS]
    assert {item: answer.value for item, answer in answers.items()} == {
        "champions": 4,
        "urgency": 4,
    }


# 17. Command lists


async def test_commands_are_registered_in_french_english_and_by_default(fake, coach):
    default, english, french = (fake.commands(language_code=code) for code in ("", "en", "fr"))

    names = [command.name for command in commands_for(None)]  # what anyone may do
    assert [c["command"] for c in default] == [c["command"] for c in french] == names
    assert default == english
    assert {"command": "modules", "description": "the modules and your progress"} in english
    assert {"command": "language", "description": "anglais ou français"} in french
    languages = {call.get("language_code") for call in fake.calls("setMyCommands")}
    assert languages == {None, "en", "fr"}
