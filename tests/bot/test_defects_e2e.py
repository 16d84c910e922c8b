"""Defects found by using the bot as a person would, each pinned end to end: the real
dispatcher, the fake Bot API over HTTP, a real SQLite database."""

import pytest
from sqlmodel import select

from flows.model import ModuleId
from flows.text import BIDI_CONTROLS
from storage.models import CallStatus, TelegramCall
from tests.bot.conftest import answers_in, at_first_question, initiatives_in
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes
from tests.fake_telegram import utf16_len

pytestmark = pytest.mark.usefixtures("telegram_rules")

QUESTION_2 = "Preconditions · question 2 of 3"
STALE = "This button is no longer valid."
REPLACED_ELSEWHERE = "These invite links were replaced: use /initiatives for the new ones."


async def at_summary(person):
    mine = await at_first_question(person)
    for _ in range(3):
        await person.tap("Agree")
    await person.tap("See my summary ✓")
    assert "Score 75/100" in person.text
    return mine


def bot_calls(fake, since=0):
    """The sends and edits the bot asked the fake for, after ``since`` requests."""
    methods = ("sendMessage", "editMessageText")
    return [r for r in fake.requests[since:] if r.method in methods]


async def refused_calls(coach):
    async with coach.sessions() as session:
        rows = await session.exec(select(TelegramCall).where(TelegramCall.error.is_not(None)))
        return [(row.method, row.error) for row in rows if row.status == CallStatus.FAILED]


# 1. Blocked, then unblocked


async def test_after_unblocking_a_tap_changes_the_screen_again(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.send(fake.user_blocks(alice.user))
    assert (await coach.snapshot(alice))["blocked"]
    await alice.send(fake.user_unblocks(alice.user))
    assert not (await coach.snapshot(alice))["blocked"]

    await alice.tap("Agree")

    assert alice.answer.answered
    assert QUESTION_2 in alice.text and alice.seen[-1].edited
    assert await refused_calls(coach) == []


# 2. Double taps on a button that shows something new


async def press_twice(person, label, message=None):
    """Taps ``label``, then the same button again on the message as it was."""
    message = message or person.screen
    data = message.button(label).callback_data
    await person.tap(label, message)
    first = person.seen
    since = len(person.fake.requests)
    await person.press_raw(data, message)
    assert person.answer.answered
    assert bot_calls(person.fake, since) == [], "the second tap showed something"
    return first


async def test_a_double_tap_on_read_it_in_french_sends_it_once(fake, coach, member):
    alice = member("Alice")
    await at_summary(alice)

    first = await press_twice(alice, "Read it in French")

    assert "Score 75/100 (moyenne 4,0 sur 5)\u202f: point fort" in "\n".join(m.text for m in first)
    assert fake.duplicates(alice.chat) == []
    assert fake.unanswered_callbacks() == []


async def test_a_double_tap_on_invite_links_sends_them_once(fake, coach, member):
    carla = member("Carla")
    await create_initiative(carla)
    await carla.command("/initiatives")

    first = await press_twice(carla, "Invite links")

    assert len(first) == 1 and "Invite links for “Quartier Nord”" in first[0].text
    shown = [m for m in fake.messages(carla.chat) if "Invite links for" in m.text]
    assert len(shown) == 2  # the one shown at creation, and this one


async def test_a_double_tap_on_a_language_sends_the_question_once(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.command("/language")

    first = await press_twice(alice, "Français")

    assert first[0].edited and first[0].text == "Désormais, je vous parle en français."
    assert "Conditions préalables · question 1 sur 3" in first[1].text
    assert fake.duplicates(alice.chat) == []
    assert (await coach.snapshot(alice))["person"][1] == "fr"


async def test_a_double_tap_on_a_module_edits_the_menu_once(fake, coach, member):
    carla = member("Carla")
    await create_initiative(carla)
    menu = carla.screen

    first = await press_twice(carla, menu.buttons[0][0].text, menu)

    assert first[0].edited and "The three preconditions" in first[0].text
    assert await refused_calls(coach) == []


async def test_two_taps_in_one_batch_on_read_it_in_french_send_it_once(fake, coach, member):
    alice = member("Alice")
    await at_summary(alice)
    message = alice.screen
    data = message.button("Read it in French").callback_data
    mark = fake.mark()

    await fake.press(alice.user, message, data)
    second = await fake.press(alice.user, message, data)
    await coach.processed(second["update_id"])

    assert len(fake.sent_after(mark, alice.chat)) == 1
    assert fake.duplicates(alice.chat) == []
    assert fake.unanswered_callbacks() == []


# 3. A command ends what was being typed


async def test_a_command_after_new_ends_the_pending_name(coach, member):
    carla = member("Carla")
    await carla.command("/new")
    await carla.command("/summary")

    await carla.say("Quartier Nord")
    await carla.say("Food security for all.")

    assert "is created" not in carla.text
    snapshot = await coach.snapshot(carla)
    assert snapshot["person"] == (None, "en", None)  # the app's language, kept at first contact
    assert initiatives_in(snapshot) == {}


# 4. Edited comments


async def test_editing_an_older_comment_message_leaves_the_newer_comment(fake, coach, member):
    alice = member("Alice")
    await at_first_question(alice)
    await alice.tap("💬 Add a comment")
    await alice.say("First thought.")
    older = alice.update["message"]["message_id"]
    await alice.tap("💬 Add a comment")
    await alice.say("Second thought.")
    before = await coach.snapshot(alice)

    await alice.send(fake.edit_text(alice.user, older, "First thought, edited."))

    assert alice.text == "I do not read edited messages: please send a new one."
    assert await coach.snapshot(alice) == before
    answers = answers_in(before)[ModuleId.PRECONDITIONS]
    assert answers["champions"].comment == "Second thought."


# 5. Replaced invite links


async def test_replacing_links_retires_every_older_invite_message(fake, coach, member):
    carla = member("Carla")
    created = await create_initiative(carla)
    [first] = [m for m in created if "Invite links for" in m.text]
    await carla.command("/initiatives")
    await carla.tap("Invite links")
    second = carla.seen[0]
    assert second.message_id != first.message_id

    await carla.tap("Replace both links", second)

    shown = {m.message_id: m for m in fake.messages(carla.chat)}
    assert "The old links no longer work." in shown[second.message_id].text
    assert shown[second.message_id].button("Replace both links")
    assert shown[first.message_id].text == REPLACED_ELSEWHERE
    assert shown[first.message_id].buttons == []
    assert invite_codes([shown[first.message_id]]) == []

    # The old message's button, tapped anyway (it was on screen a moment ago): it shows the
    # newest links there, and the message that showed them loses its button in turn.
    replace = second.button("Replace both links").callback_data
    await carla.press_raw(replace, first)
    shown = {m.message_id: m for m in fake.messages(carla.chat)}
    assert invite_codes([shown[first.message_id]]) != []
    assert shown[second.message_id].text == REPLACED_ELSEWHERE
    assert shown[second.message_id].buttons == []
    assert await refused_calls(coach) == []


# 6. Forged languages


async def test_a_forged_language_is_a_stale_button(fake, coach, member):
    alice = member("Alice")
    mine = await at_summary(alice)
    before = await coach.snapshot(alice)

    for data in (f"y:{mine}:preconditions:xx", "l:xx", f"y:{mine}:preconditions:"):
        since = len(fake.requests)
        await alice.press_raw(data)
        assert alice.answer.answer.get("text") == STALE, data
        assert alice.seen == [] and bot_calls(fake, since) == [], data

    assert await coach.snapshot(alice) == before


# 7. Names and comments that could disguise a message


def texts_sent(fake):
    """Every text, callback answer and button label the bot asked the fake to show."""
    for request in fake.requests:
        for key in ("text", "caption"):
            if isinstance(request.params.get(key), str):
                yield request.params[key]
        markup = request.params.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup.get("inline_keyboard", []):
                yield from (button["text"] for button in row)


async def test_bidi_controls_never_reach_the_bot_s_messages(fake, coach, member):
    carla = member("Carla\u2067")
    await carla.command("/start")
    await create_initiative(carla, "Nord\u202erotanidrooc")
    member_code, coach_code = invite_codes(carla.seen)
    alice = member("Al\u2067ice", last_name="\u202eB")
    await alice.command("/start", member_code)
    assert "Welcome to “Nordrotanidrooc”! You joined as member." in alice.text
    await alice.tap(alice.screen.buttons[0][0].text)
    await alice.tap("Begin ▶")
    await alice.tap("💬 Add a comment")
    await alice.say("Fine \u2066by\u2069 me\u202e.")
    assert "Your comment: Fine by me." in alice.text
    await alice.command("/initiatives")

    leaks = [t for t in texts_sent(fake) if BIDI_CONTROLS.intersection(t)]
    assert leaks == []
    assert [name for _, name, _ in initiatives_in(await coach.snapshot(alice))] == [
        "Nordrotanidrooc"
    ]


async def test_an_initiative_name_with_html_is_shown_escaped(fake, coach, member):
    carla = member("Carla")
    member_code, _ = invite_codes(await create_initiative(carla, "<b>x</b> & y"))
    alice = member("Alice")

    await alice.command("/start", member_code)

    assert "Welcome to “<b>x</b> & y”!" in alice.text
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in alice.seen[0].html
    assert alice.seen[0].entities == ()


async def test_an_initiative_name_over_120_characters_is_refused(coach, member):
    carla = member("Carla")
    await carla.command("/new")

    await carla.say("N" * 121)

    assert carla.text.startswith("That is 121 characters; at most 120, please.")
    await carla.say("Quartier Nord")
    assert "In one sentence, which issue" in carla.text
    await carla.command("/cancel")
    snapshot = await coach.snapshot(carla)
    assert initiatives_in(snapshot) == {}


# 8. Long comments stay under Telegram's length limit


async def test_2000_character_comments_without_spaces_are_shown_within_the_limit(
    fake, coach, member
):
    alice = member("Alice")
    await at_first_question(alice)
    # The heaviest comments: 4,000 UTF-16 units, or 10,000 characters of HTML.
    comments = ["🧨" * 2000, "&" * 2000, "<b>" * 666 + "xy"]
    assert utf16_len(comments[0]) == 4000 and sum(map(utf16_len, comments)) > 4096
    for comment in comments:
        await alice.tap("💬 Add a comment")
        await alice.say(comment)
        assert alice.seen, "the comment was shown"
        await alice.tap("Agree")
    assert "Your answers" in alice.text
    await alice.tap("See my summary ✓")
    summary = "\n".join(m.text for m in await alice.command("/summary"))

    # The fake refuses a text over 4,096 UTF-16 units: every send and edit took effect.
    sent = fake.sent_after(0, alice.chat)
    asked = [r for r in bot_calls(fake) if r.params["chat_id"] == alice.chat]
    assert len(asked) == len(sent)
    assert await refused_calls(coach) == []
    for comment in comments:
        assert comment in summary, comment[:3]
        assert sum(m.text.count(comment) for m in sent) >= 3, comment[:3]
