"""Delivery, end to end: every call to Telegram is a stored row, sent once, each chat's in order,
retried on its own; the real dispatcher, a real database, the fake Bot API over HTTP."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlmodel import select

from flows.content import MODULES
from flows.model import ModuleId
from storage import due
from storage.models import CallStatus, TelegramCall
from tests.bot.conftest import HUMAN_PAUSE, Coach, Member, answers_in
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes, walk_all_modules
from tests.fake_telegram import RateLimits

pytestmark = pytest.mark.usefixtures("telegram_rules")

PRECONDITIONS = MODULES[ModuleId.PRECONDITIONS]
HELP = "/modules — the modules and your progress"
USE_BUTTONS = "Please answer with the buttons under the question."
COMMENT = "Our mayor backs us."


def question(number: int) -> str:
    return f"Preconditions · question {number} of {len(PRECONDITIONS.items)}"


async def journey(person: Member, invite: str | None) -> None:
    """Joins (or creates) an initiative, walks the preconditions with a comment, reads the
    summary and the help; each reply is checked in the window of the action that asked."""
    if invite is None:
        await create_initiative(person)
        assert invite_codes(person.seen)
    else:
        await person.command("/start", invite)
        assert "You joined as member" in person.text
    await person.tap(person.screen.buttons[0][0].text)
    await person.tap("Begin ▶")
    assert question(1) in person.text
    await person.tap("💬 Add a comment")
    await person.say(COMMENT)
    for number in range(1, len(PRECONDITIONS.items) + 1):
        assert question(number) in person.screen.text
        await person.tap("Agree")
        if number < len(PRECONDITIONS.items):
            assert question(number + 1) in person.text
    assert "Your answers" in person.text
    await person.tap("See my summary ✓")
    assert "Score 75/100" in person.text


async def burst(person: Member) -> None:
    """Three updates at once: the replies must come in the order of the updates."""
    fake = person.fake
    mark = fake.mark()
    sent = [
        await fake.send_command(person.user, "/help"),
        await fake.send_command(person.user, "/summary"),
        await fake.send_command(person.user, "/modules"),
    ]
    for update in sent:
        await person.coach.processed(update["update_id"])
    replies = fake.sent_after(mark, person.chat)
    kinds = [_kind(message) for message in replies]
    assert [k for n, k in enumerate(kinds) if n == 0 or kinds[n - 1] != k] == [
        "help",
        "summary",
        "modules",
    ], [m.text for m in replies]


def _kind(message) -> str:
    if HELP in message.text:
        return "help"
    if any(part in message.text for part in ("Score ", "Your answers", "Summary of")):
        return "summary"
    return "modules" if "Choose a module" in message.text else message.text


async def people(member, count: int) -> list[Member]:
    first = member("Carla")
    await journey(first, None)
    invite = invite_codes([m for m in first.fake.messages(first.chat) if "start=" in m.text])[0]
    others = [member(f"Person{n}") for n in range(count - 1)]
    await asyncio.gather(*(journey(person, invite) for person in others))
    return [first, *others]


async def check_answers(coach: Coach, person: Member) -> None:
    answers = answers_in(await coach.snapshot(person))[ModuleId.PRECONDITIONS]
    assert {item: answer.value for item, answer in answers.items()} == {
        item.id: 4 for item in PRECONDITIONS.items
    }
    first = PRECONDITIONS.items[0].id
    assert answers[first].comment == COMMENT
    for item in PRECONDITIONS.items[1:]:
        assert len(await coach.history(person, item.id)) == 1


async def calls_with(coach: Coach, status: CallStatus) -> list[TelegramCall]:
    async with coach.sessions() as session:
        rows = await session.exec(select(TelegramCall).where(TelegramCall.status == status))
        return list(rows)


async def retried_call(coach: Coach, chat_id: int) -> TelegramCall:
    """The first pending call of a chat, once its failed attempt is stored (the sender stores
    it with its next transaction)."""
    for _ in range(500):
        pending = await calls_with(coach, CallStatus.PENDING)
        call = min((c for c in pending if c.chat_id == chat_id), key=lambda c: c.id)
        if call.error:  # a 429 is no attempt (attempts counts failures), but says why
            return call
        await asyncio.sleep(0.01)
    raise TimeoutError(f"the call {call.id} was never tried")


# 1. Random 5xx during several journeys


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_server_errors_lose_nothing_repeat_nothing_and_keep_each_chat_in_order(
    fake, coach, member, seed
):
    fake.fail_randomly(0.05, seed=seed)
    everyone = await people(member, 4)
    await asyncio.gather(*(burst(person) for person in everyone))
    fake.stop_failing()

    assert [f for f in fake.injected_failures if f.source == "random"]
    for person in everyone:
        assert fake.duplicates(person.chat) == []
        await check_answers(coach, person)
        assert _kind(person.screen) == "modules"
    assert await calls_with(coach, CallStatus.PENDING) == []
    assert await calls_with(coach, CallStatus.UNKNOWN) == []


async def open_module(person: Member) -> None:
    await create_initiative(person)
    await person.tap(person.screen.buttons[0][0].text)
    await person.tap("Begin ▶")
    assert question(1) in person.text


def requests_after(fake, start: int) -> list[str]:
    return [r.method for r in fake.requests[start:] if r.method != "getUpdates"]


# 2. A redelivered update never puts back an older screen


async def test_a_redelivered_tap_leaves_the_newer_screen_and_repeats_no_call(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    await alice.tap("Agree")
    first_tap = alice.update["update_id"]
    await alice.tap("Agree")
    screen = alice.screen
    assert question(3) in screen.text
    start, mark = len(fake.requests), fake.mark()

    await fake.redeliver(first_tap)
    # The tap was confirmed before: wait for an update sent after it (polling confirms in order).
    helped = await fake.send_command(alice.user, "/help")
    await coach.processed(helped["update_id"])

    assert requests_after(fake, start) == ["sendMessage"]
    [reply] = fake.sent_after(mark, alice.chat)
    assert HELP in reply.text
    assert alice.screen == screen
    assert len(await coach.history(alice, PRECONDITIONS.items[0].id)) == 1


# 3. A 429 storm


async def test_a_flood_of_429s_is_waited_out_and_everything_arrives_once_in_order(
    fake, coach, member, clock
):
    fake.set_rate_limits(RateLimits(overall_per_second=5, private_burst=1))
    carla = member("Carla")
    await open_module(carla)
    fake.flood("sendMessage", retry_after=4, times=3)
    fake.flood("editMessageText", retry_after=5, times=3)

    # The tap's edit is refused three times, then the reply's send three times: each time the
    # bot waits retry_after on the clock; one that retried sooner would be done sooner.
    before = clock.elapsed
    await carla.tap("Agree")
    assert clock.elapsed - before >= HUMAN_PAUSE + 3 * 5
    assert question(2) in carla.text
    before = clock.elapsed
    await carla.say("hello?")
    assert clock.elapsed - before >= HUMAN_PAUSE + 3 * 4
    assert USE_BUTTONS in carla.text
    bob = member("Bob")
    await asyncio.gather(burst(carla), bob.command("/start"))

    assert "coach for collective-impact initiatives" in bob.text
    assert [(r.method, r.retry_after) for r in fake.rate_limited if r.limit == "injected"] == [
        ("editMessageText", 5)
    ] * 3 + [("sendMessage", 4)] * 3
    for chat in (carla.chat, bob.chat):
        assert fake.duplicates(chat) == []
    assert await calls_with(coach, CallStatus.FAILED) == []


# 4. A call whose answer was lost


async def test_a_message_whose_answer_was_lost_is_never_sent_again(
    fake, coach, member, sqlite_url, clock
):
    alice = member("Alice")
    await open_module(alice)
    fake.drop_after_delivery("sendMessage")

    await alice.command("/help")

    assert HELP in alice.text
    [lost] = await calls_with(coach, CallStatus.UNKNOWN)
    assert lost.method == "sendMessage"
    await alice.tap("Agree")
    await coach.stop()
    alice.coach = restarted = await Coach(fake, sqlite_url, clock).start()
    try:
        await alice.tap("Agree")
        await restarted.drain()
        assert question(3) in alice.screen.text
        assert HELP in alice_help(fake, alice).text  # exactly one
        assert [c.id for c in await calls_with(restarted, CallStatus.UNKNOWN)] == [lost.id]
    finally:
        await restarted.stop()


def alice_help(fake, alice):
    [message] = [m for m in fake.messages(alice.chat) if HELP in m.text]
    return message


async def test_an_edit_whose_answer_was_lost_is_made_again(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    edits = len(fake.calls("editMessageText"))
    fake.drop_after_delivery("editMessageText")

    await alice.tap("Agree")

    first, second = fake.calls("editMessageText")[edits:]
    assert first == second
    assert question(2) in alice.screen.text
    assert await calls_with(coach, CallStatus.UNKNOWN) == []
    assert fake.duplicates(alice.chat) == []


# 5. One call's trouble holds back no other


async def test_a_call_refused_for_good_does_not_block_the_chat(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=alice.chat)

    await alice.command("/help")
    await alice.command("/summary")

    assert "Summary of" in alice.text
    [refused] = await calls_with(coach, CallStatus.FAILED)
    assert refused.method == "sendMessage"
    assert [m for m in fake.messages(alice.chat) if HELP in m.text] == []


async def test_another_chat_never_waits_for_a_chat_waiting_out_flood_control(
    fake, coach, member, clock
):
    alice, bob = member("Alice"), member("Bob")
    await bob.command("/start")
    await alice.command("/start")
    fake.fail_next(
        "sendMessage",
        429,
        "Too Many Requests: retry after 30",
        retry_after=30,
        chat_id=alice.chat,
    )
    start, refused_at = clock.elapsed, clock.now()
    mark = fake.mark()

    held = await fake.send_command(alice.user, "/help")
    await fake.wait_for(lambda: fake.confirmed(held["update_id"]))
    await fake.wait_for(lambda: [r for r in fake.rate_limited if r.limit == "injected"])
    await fake.send_command(bob.user, "/help")
    await fake.wait_for(lambda: fake.sent_after(mark, bob.chat))

    # Bob's reply came while Alice's waited for its retry_after, which the clock had not reached.
    assert fake.sent_after(mark, alice.chat) == []
    waiting = await retried_call(coach, alice.chat)
    assert waiting.method == "sendMessage"
    assert waiting.not_before >= refused_at + timedelta(seconds=30) > clock.now()
    await coach.drain()
    [reply] = fake.sent_after(mark, alice.chat)
    assert HELP in reply.text and clock.elapsed - start >= 30


# 6. A person who blocks the bot, then comes back


async def test_while_blocked_only_taps_are_answered_and_after_unblocking_the_screen_moves(
    fake, coach, member
):
    alice = member("Alice")
    await open_module(alice)
    await alice.send(fake.user_blocks(alice.user))
    start = len(fake.requests)

    await alice.tap("Agree")
    await alice.tap("Disagree")

    assert set(requests_after(fake, start)) == {"answerCallbackQuery"}
    answers = answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS]
    assert len(answers) == 1  # the second tap was on a question no longer current
    assert question(1) in alice.screen.text

    await alice.send(fake.user_unblocks(alice.user))
    await alice.tap("☰ Modules")

    assert "Choose a module" in alice.screen.text
    assert "Preconditions 1/3" in [b.text for row in alice.screen.buttons for b in row]


# 7. A restart with calls waiting to be retried


async def test_calls_waiting_for_a_retry_are_sent_once_after_a_restart(
    fake, coach, member, sqlite_url, clock
):
    alice = member("Alice")
    await open_module(alice)
    fake.fail_next("sendMessage", 502, "Bad Gateway", chat_id=alice.chat)
    fake.fail_next("editMessageText", 500, "Internal Server Error", chat_id=alice.chat)

    for update in (
        await fake.send_command(alice.user, "/help"),
        await fake.press(alice.user, alice.screen, alice.screen.button("Agree").callback_data),
    ):
        await fake.wait_for(lambda update=update: fake.confirmed(update["update_id"]))
    assert len(await calls_with(coach, CallStatus.PENDING)) == 2
    await coach.stop()
    restarted = await Coach(fake, sqlite_url, clock).start()
    try:
        await restarted.drain()
        assert HELP in alice_help(fake, alice).text
        assert question(2) in alice.screen.text
        assert fake.duplicates(alice.chat) == []
        assert len([c for c in fake.calls("sendMessage") if HELP in c["text"]]) == 2
    finally:
        await restarted.stop()


# The sender's loop and failed commits


async def test_the_sender_sleeps_while_a_chat_waits_for_a_retry(
    fake, coach, member, monkeypatch, clock
):
    alice = member("Alice")
    await open_module(alice)
    looks = 0
    claim_due = due.claim_due

    async def counted(*args, **kwargs):
        nonlocal looks
        looks += 1
        return await claim_due(*args, **kwargs)

    monkeypatch.setattr(due, "claim_due", counted)
    fake.fail_next("sendMessage", 502, "Bad Gateway", chat_id=alice.chat)
    for update in (
        await fake.send_command(alice.user, "/help"),
        await fake.send_command(alice.user, "/summary"),  # queued behind the retry
    ):
        await fake.wait_for(lambda update=update: fake.confirmed(update["update_id"]))
    assert looks > 0  # the sender's loop is the one counted
    looks = 0
    # The sender is asleep on the clock (beside housekeeping) until the retry is due; the clock
    # stands still, so it must not look again.
    await fake.wait_for(lambda: clock.sleepers >= 2)
    waiting = await retried_call(coach, alice.chat)
    assert waiting.method == "sendMessage" and waiting.not_before > clock.now()
    for _ in range(20):
        await asyncio.sleep(0)

    assert looks <= 2
    assert clock.sleepers >= 2
    await coach.drain()
    assert HELP in alice_help(fake, alice).text and any(
        "Summary of" in message.text for message in fake.messages(alice.chat)
    )


async def test_calls_of_a_transaction_that_failed_to_commit_are_never_sent(fake, coach, member):
    alice = member("Alice")
    await open_module(alice)
    failing = 2  # the update's transaction, then the one recording it as failed

    adding = False

    def added_calls(connection, cursor, statement, *args):
        nonlocal adding
        adding = adding or statement.startswith("INSERT INTO telegram_call")

    def commit(session):
        nonlocal failing, adding
        if adding and failing:
            adding, failing = False, failing - 1
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    engine = coach.engine.sync_engine
    event.listen(engine, "before_cursor_execute", added_calls)
    event.listen(Session, "before_commit", commit)
    try:
        start = len(fake.requests)
        await alice.tap("Agree")
    finally:
        event.remove(engine, "before_cursor_execute", added_calls)
        event.remove(Session, "before_commit", commit)

    assert failing == 0
    assert requests_after(fake, start) == []  # not even the notice: it was not stored
    assert question(1) in alice.screen.text
    assert answers_in(await coach.snapshot(alice))[ModuleId.PRECONDITIONS] == {}
    del fake.callbacks[alice.update["callback_query"]["id"]]  # lost with both commits


async def test_two_full_journeys_through_every_module_under_random_server_errors(
    fake, coach, member
):
    carla = member("Carla")
    member_code, _ = invite_codes(await create_initiative(carla))
    zoe, sam = member("Zoé", language_code="fr"), member("Sam")
    await zoe.command("/start", member_code)
    await sam.command("/start", member_code)
    fake.fail_randomly(0.05, codes=(500, 502), seed=7)

    async def walk(person, begin, choice, finish, menu):
        return [text async for _, text in walk_all_modules(person, begin, choice, finish, menu)]

    french = {
        "agreement": "Tout à fait d'accord",
        "checklist": "En place",
        "placement": "Intégration",
    }
    english = {"agreement": "Disagree", "checklist": "Not started", "placement": "Compete"}
    await asyncio.gather(
        walk(zoe, "Commencer ▶", french, "Voir ma synthèse ✓", "☰ Modules"),
        walk(sam, "Begin ▶", english, "See my summary ✓", "☰ Modules"),
    )
    fake.stop_failing()

    assert len([f for f in fake.injected_failures if f.source == "random"]) >= 5
    for person, value in (
        (zoe, {"agreement": 5, "checklist": 3, "placement": 7}),
        (sam, {"agreement": 2, "checklist": 1, "placement": 1}),
    ):
        assert fake.duplicates(person.chat) == []
        answers = answers_in(await coach.snapshot(person))
        for module_id, module in MODULES.items():
            expected = [value[module.scale_for(item).kind] for item in module.items]
            assert [answers[module_id][item.id].value for item in module.items] == expected
    menu = [button.text for row in zoe.screen.buttons for button in row]
    assert "Phases 20/20 ✓" in menu
    assert await calls_with(coach, CallStatus.PENDING) == []
    assert fake.unanswered_callbacks() == []
