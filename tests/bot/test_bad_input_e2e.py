"""Bad input, end to end: the real bot, the fake Bot API server, a real SQLite database.

Each test checks what the person sees, what the fake recorded, and that the database did not
change when it should not have.
"""

import pytest

from flows import engine
from flows.model import ModuleId
from tests.bot.conftest import answers_in, at_first_question, initiatives_in
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes

pytestmark = pytest.mark.usefixtures("telegram_rules")

QUESTION_1 = "Preconditions · question 1 of 3"
QUESTION_2 = "Preconditions · question 2 of 3"
USE_BUTTONS = "Please answer with the buttons under the question."
NOT_UNDERSTOOD = "I can only read text messages and button taps."
NOT_CURRENT = engine.NOT_CURRENT.msgid
STALE = "This button is no longer valid."
OTHER_INITIATIVE = "This button belongs to an initiative you are not answering for now."
NO_SUCH_QUESTION = "There is no such question in this module."
BAD_INVITE = "This invite link is not valid, or it was replaced."
HELP = "/modules — the modules and your progress"


# 1. Text where a button is expected


async def test_text_instead_of_a_button_shows_the_question_again_with_a_hint(coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    before = await coach.snapshot(alice)

    await alice.say("I agree")

    assert alice.text.splitlines()[0] == USE_BUTTONS
    assert QUESTION_1 in alice.text and "Influential champions" in alice.text
    assert alice.seen[-1].button("Agree")
    assert await coach.snapshot(alice) == before


# 2. Buttons from old messages, other initiatives, garbage and tampered data


async def test_the_same_answer_button_tapped_twice_is_refused_the_second_time(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    question = alice.screen
    agree = question.button("Agree").callback_data
    await alice.tap("Agree")
    after_first = await coach.snapshot(alice)

    await alice.press_raw(agree, question)  # the message shows question 2 by now

    assert alice.answer.answer.get("text") == NOT_CURRENT
    assert alice.seen == []
    assert await coach.snapshot(alice) == after_first
    assert len(await coach.history(alice, "champions")) == 1
    assert fake.unanswered_callbacks() == []


async def test_a_button_on_an_older_question_message_is_refused_and_shows_the_current_one(
    fake, coach, member
):
    alice = member("Alice")
    await at_first_question(alice)
    first_screen = alice.screen
    await alice.say("hello?")  # the question again, in a new message
    await alice.tap("Agree")  # answered on the new message
    assert QUESTION_2 in alice.text
    before = await coach.snapshot(alice)

    await alice.tap("Disagree", first_screen)

    assert alice.answer.answer.get("text") == NOT_CURRENT
    [shown] = alice.seen  # the old message, edited into the question now on screen
    assert shown.message_id == first_screen.message_id and QUESTION_2 in shown.text
    stale = first_screen.button("Disagree").callback_data
    await alice.press_raw(stale, first_screen)  # the same tap again: nothing to change
    assert alice.answer.answer.get("text") == NOT_CURRENT
    assert alice.seen == [] and fake.duplicates(alice.chat) == []
    assert await coach.snapshot(alice) == before
    assert fake.unanswered_callbacks() == []


async def test_a_button_from_the_other_initiative_is_refused_without_naming_it(
    fake, coach, member
):
    carla = member("Carla")
    await create_initiative(carla, "Quartier Nord")
    await create_initiative(carla, "Rive Gauche")
    rive_gauche_menu = carla.screen
    await carla.command("/initiatives")
    await carla.tap("Quartier Nord")
    assert "Initiative: Quartier Nord." in carla.text
    before = await coach.snapshot(carla)

    await carla.tap(rive_gauche_menu.buttons[0][0].text, rive_gauche_menu)

    reply = carla.answer.answer.get("text", "")
    assert reply.startswith(OTHER_INITIATIVE)
    assert "Rive Gauche" not in reply and "Quartier Nord" not in reply
    assert carla.seen == []
    assert await coach.snapshot(carla) == before
    assert fake.unanswered_callbacks() == []


GARBAGE = [
    "zzz",
    "w:1:nope:a:x:1",
    "w:999999:preconditions:a:champions:9",
    "w:" + "9" * 40 + ":preconditions:a:champions:4",
    "i:" + "9" * 40 + ":r",
    "m:" + "9" * 12 + ":preconditions",
    "w:1:preconditions:a:" + "x" * 500 + ":4",
    "w:1:preconditions:a:champions:4:4:4",
    "w:1:preconditions:a:\u202eﷺ🧨\u0000\U0010ffff:4",
    "w:one:preconditions:a:champions:4",
    "w:1:preconditions:zz:champions:4",
    "l:de",
    "i:1:x",
    "",
]


async def test_garbage_callback_data_gets_a_short_notice_and_changes_nothing(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice, "Quartier Nord")
    before = await coach.snapshot(alice)

    for data in GARBAGE:
        await alice.press_raw(data)
        assert alice.answer.answered, data
        assert alice.answer.answer.get("text", "").startswith(
            (STALE, OTHER_INITIATIVE, NO_SUCH_QUESTION)
        ), data
        assert "Quartier Nord" not in alice.answer.answer["text"], data
        assert alice.seen == [], data

    assert await coach.snapshot(alice) == before
    assert fake.unanswered_callbacks() == []


async def test_tampered_answers_are_refused_with_a_notice(fake, coach, member):
    bob = member("Bob")
    bobs = await at_first_question(bob, "Secret Garden")
    alice = member("Alice")
    mine = await at_first_question(alice, "Quartier Nord")
    before = await coach.snapshot(alice)
    tampered = {
        f"w:{mine}:preconditions:a:champions:9": "Please choose one of the options shown.",
        f"w:{mine}:preconditions:a:champions:-1": "Please choose one of the options shown.",
        f"w:{mine}:preconditions:a:resources:4": NOT_CURRENT,
        f"w:{mine}:preconditions:a:nope:4": NO_SUCH_QUESTION,
        f"w:{mine}:readiness:a:champions:4": "That action is not available at this point.",
        f"w:{mine}:preconditions:e:champions:0": "That action is not available at this point.",
        f"w:{bobs}:preconditions:a:champions:4": OTHER_INITIATIVE,
        f"m:{bobs}:preconditions": OTHER_INITIATIVE,
        f"y:{bobs}:preconditions:fr": OTHER_INITIATIVE,
    }

    for data, notice in tampered.items():
        await alice.press_raw(data)
        assert alice.answer.answer.get("text", "").startswith(notice), data
        assert "Secret Garden" not in alice.answer.answer["text"], data
        assert alice.seen == [], data

    assert await coach.snapshot(alice) == before
    assert fake.unanswered_callbacks() == []


async def test_invite_links_of_an_initiative_not_theirs_cannot_be_shown_or_replaced(
    fake, coach, member
):
    bob = member("Bob")
    replies = await create_initiative(bob, "Secret Garden")
    bobs = (await coach.person(bob)).active_initiative_id
    alice = member("Alice")
    await alice.command("/start", invite_codes(replies)[0])  # a plain member
    bob_before, alice_before = await coach.snapshot(bob), await coach.snapshot(alice)
    stranger = member("Eve")
    await at_first_question(stranger, "Elsewhere")

    await stranger.press_raw(f"i:{bobs}:r")
    assert stranger.answer.answer["text"] == "You are not a member of that initiative."
    await stranger.press_raw(f"i:{bobs}:i")
    assert stranger.answer.answer["text"] == "You are not a member of that initiative."
    await alice.press_raw(f"i:{bobs}:r")
    assert alice.answer.answer["text"] == (
        "Only the coordinator of this initiative can manage its invite links."
    )

    assert "Secret Garden" not in stranger.answer.answer["text"]
    assert stranger.seen == [] and alice.seen == []
    assert await coach.snapshot(bob) == bob_before
    assert await coach.snapshot(alice) == alice_before
    assert fake.unanswered_callbacks() == []


async def test_a_tap_on_a_message_the_bot_can_no_longer_see_is_answered_and_taken(
    fake, coach, member
):
    alice = member("Alice")
    mine = await at_first_question(alice)
    gone = 10_000  # Telegram sends an "inaccessible message" for it: date 0, no text

    await alice.send(fake.press_raw(alice.user, gone, f"w:{mine}:preconditions:a:champions:4"))

    assert alice.answer.answered
    assert QUESTION_2 in alice.text and not alice.seen[0].edited  # shown in a new message
    assert len(await coach.history(alice, "champions")) == 1
    assert fake.unanswered_callbacks() == []


# 3. Stickers, photos, voice, documents, locations


async def test_non_text_messages_get_a_polite_hint_and_the_question_again(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    before = await coach.snapshot(alice)

    for kind in ("sticker", "photo", "voice", "document", "location"):
        await alice.send(getattr(fake, f"send_{kind}")(alice.user))
        assert alice.text.splitlines()[0] == NOT_UNDERSTOOD, kind
        assert QUESTION_1 in alice.text, kind
        assert alice.seen[-1].button("Agree"), kind

    assert await coach.snapshot(alice) == before


async def test_a_photo_caption_is_not_taken_as_a_comment(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.tap("💬 Add a comment")

    await alice.send(fake.send_photo(alice.user, caption="Our champions left last year."))

    assert alice.text.splitlines()[0] == NOT_UNDERSTOOD
    assert answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS] == {}
    assert await coach.history(alice, "champions") == []


# 4. Edited messages


async def test_editing_a_comment_edits_it_and_any_other_edit_is_answered(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.tap("💬 Add a comment")
    await alice.say("Our mayor backs us.")
    commented = alice.update["message"]["message_id"]
    await alice.command("/help")
    other = alice.update["message"]["message_id"]

    await alice.send(fake.edit_text(alice.user, commented, "Our mayor  left.\u202e"))
    assert alice.text == "Your comment on “Influential champions” now reads: Our mayor  left."
    await alice.send(fake.edit_text(alice.user, other, "/helpp"))
    assert alice.text == "I do not read edited messages: please send a new one."

    answers = answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS]
    assert answers["champions"].comment == "Our mayor  left."
    assert [row.comment for row in await coach.history(alice, "champions")] == [
        "Our mayor backs us.",
        "Our mayor  left.",
    ]


# 5. Groups

GROUP = -1001234567890


async def test_group_messages_that_are_not_commands_for_the_bot_are_ignored(fake, coach, member):
    alice = member("Alice")
    mark = fake.mark()

    last = None
    for text in ("hello everyone", "I agree", "/help@some_other_bot", "@coach_test_bot hi"):
        last = await fake.send_group_text(alice.user, GROUP, text)
    await coach.processed(last["update_id"])

    assert fake.sent_after(mark) == []
    assert fake.calls("sendMessage") == []


async def test_a_command_in_a_group_gets_at_most_a_short_private_chat_hint(fake, coach, member):
    alice = member("Alice")
    replies = []
    for command in ("/start@coach_test_bot", "/new@coach_test_bot", "/start", "/new"):
        mark = fake.mark()
        update = await fake.send_group_text(alice.user, GROUP, command)
        await coach.processed(update["update_id"])
        replies.append([m.text for m in fake.sent_after(mark)])

    hint = "That works in a private chat with me: nothing personal is shown in a group."
    assert replies == [[hint]] * 4
    assert fake.messages(alice.chat) == []


# 6. Unknown commands


async def test_an_unknown_command_gets_the_help_text(coach, member):
    alice = member("Alice")
    await alice.command("/frobnicate")
    assert HELP in alice.text


async def test_a_command_while_a_comment_is_awaited_ends_the_prompt(coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.tap("💬 Add a comment")
    before = await coach.snapshot(alice)

    await alice.command("/frobnicate")
    assert HELP in alice.text
    await alice.command("/summary")
    await alice.say("Our mayor backs us.")  # the prompt is long gone from the screen

    assert "Please answer with the buttons" in alice.text
    after = await coach.snapshot(alice)
    assert answers_in(after) == answers_in(before)
    assert after["history"] == before["history"] == 0


# 7. Markup, emoji and right-to-left text

TRICKY = "<b>Nord</b> & Co *_[x]_* 🌍👩🏽‍🌾 مرحبا שלום"


async def test_an_initiative_name_full_of_markup_is_accepted_and_shown_as_typed(
    fake, coach, member
):
    carla = member("Carla")
    await create_initiative(carla, TRICKY)

    assert f"“{TRICKY}” is created, and you are its coordinator." in carla.text
    assert f"Initiative: {TRICKY}." in carla.text
    assert "&lt;b&gt;Nord&lt;/b&gt; &amp; Co" in carla.seen[0].html
    await carla.command("/initiatives")
    assert carla.screen.button(f"● {TRICKY}")
    assert [name for _, name, _ in initiatives_in(await coach.snapshot(carla))] == [TRICKY]


async def test_a_comment_full_of_markup_is_stored_and_shown_as_typed(coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.tap("💬 Add a comment")

    await alice.say(TRICKY)

    assert f"Your comment: {TRICKY}" in alice.text
    await alice.tap("Review")
    assert TRICKY in alice.text
    answers = answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS]
    assert answers["champions"].comment == TRICKY


# 8. A comment that is too long


async def test_a_4000_character_comment_is_refused_then_a_shorter_one_is_stored(coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.tap("💬 Add a comment")
    before = await coach.snapshot(alice)

    await alice.say("a" * 4000)

    assert alice.text.startswith(
        "A comment can be at most 2000 characters; yours has 4000. "
        "Please shorten it and send it again."
    )
    assert "Type your comment and send it." in alice.text
    assert await coach.snapshot(alice) == before

    await alice.say("b" * 2000)

    assert "Your comment: " + "b" * 2000 in alice.text
    answers = answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS]
    assert answers["champions"].comment == "b" * 2000


# 9. /start with bad, unknown and replaced invite codes


BAD_CODES = ["!!!", "x" * 80, "../../etc", "AbCdEfGhIjKlMnOpQrStUv", "<b>hi</b> &"]


async def test_start_with_a_bad_or_unknown_code_says_the_link_is_not_valid(coach, member):
    alice = member("Alice")

    for payload in BAD_CODES:
        await alice.command("/start", payload)
        assert alice.text == BAD_INVITE + " Ask your coordinator for a new one.", payload

    assert (await coach.snapshot(alice))["person"] == (None, "en", None)
    assert initiatives_in(await coach.snapshot(alice)) == {}


async def test_a_replaced_invite_link_stops_working_and_the_new_one_works(coach, member):
    carla = member("Carla")
    old_member_code, old_coach_code = invite_codes(await create_initiative(carla))
    await carla.command("/initiatives")
    await carla.tap("Invite links")
    await carla.tap("Replace both links")
    assert "The old links no longer work." in carla.text
    new_member_code, new_coach_code = invite_codes(carla.seen)
    assert {new_member_code, new_coach_code}.isdisjoint({old_member_code, old_coach_code})

    alice = member("Alice")
    await alice.command("/start", old_member_code)
    assert alice.text.startswith(BAD_INVITE)
    await alice.command("/start", old_coach_code)
    assert alice.text.startswith(BAD_INVITE)
    assert initiatives_in(await coach.snapshot(alice)) == {}

    await alice.command("/start", new_member_code)
    assert "Welcome to “Quartier Nord”! You joined as member." in alice.text
