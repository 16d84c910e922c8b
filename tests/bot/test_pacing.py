"""bot/pacing.py on a virtual clock: Telegram's sending limits kept on the bot's side."""

import pytest

from bot.pacing import Pacing
from tests.clock import TestClock


def test_a_private_chat_gets_a_burst_then_one_send_a_second():
    clock = TestClock()
    pacing = Pacing(clock)
    assert [pacing.take(call, "sendMessage", 7) for call in range(3)] == [0, 0, 0]
    assert pacing.take(3, "sendMessage", 7) == 1.0
    assert pacing.take(4, "sendMessage", 7) == 2.0  # behind the one held back
    clock.advance(0.5)
    assert pacing.take(3, "sendMessage", 7) == 0.5  # asked again early: its turn stays
    clock.advance(0.5)
    assert pacing.take(3, "sendMessage", 7) == 0
    assert pacing.take(5, "sendMessage", 7) == 2.0
    assert pacing.take(6, "sendMessage", 8) == 0  # another chat has its own bucket


def test_a_queue_of_held_back_sends_is_asked_once_each():
    clock = TestClock()
    pacing = Pacing(clock, overall_per_second=10)
    waits = [pacing.take(call, "sendMessage", call) for call in range(30)]
    assert waits[:10] == [0] * 10
    assert waits[10:] == [(n + 1) / 10 for n in range(20)]  # one turn each, in order
    clock.advance(1.0)
    assert [pacing.take(call, "sendMessage", call) for call in range(10, 20)] == [0] * 10
    assert pacing.take(20, "sendMessage", 20) == pytest.approx(0.1)


def test_edits_and_callback_answers_are_not_paced():
    pacing = Pacing(TestClock(), private_burst=1)
    assert pacing.take(1, "sendMessage", 7) == 0
    methods = ("editMessageText", "answerCallbackQuery") * 5
    assert {pacing.take(n, m, 7) for n, m in enumerate(methods, 2)} == {0}


def test_a_group_gets_twenty_a_minute_in_any_minute():
    clock = TestClock()
    pacing = Pacing(clock)
    assert all(pacing.take(call, "sendMessage", -100) == 0 for call in range(20))
    assert pacing.take(20, "sendMessage", -100) == pytest.approx(60.0, abs=0.02)
    clock.advance(61)
    assert pacing.take(20, "sendMessage", -100) == 0  # at its turn
    assert all(pacing.take(call, "sendMessage", -100) == 0 for call in range(21, 40))
    # Twenty left within the last minute (the first at its turn, 60 s in): the next waits.
    assert pacing.take(40, "sendMessage", -100) == pytest.approx(59.0, abs=0.05)


def test_all_chats_together_stay_under_the_overall_limit():
    clock = TestClock()
    pacing = Pacing(clock, overall_per_second=5)
    assert [pacing.take(chat, "sendMessage", chat) for chat in range(1, 6)] == [0] * 5
    assert pacing.take(6, "sendMessage", 6) == 0.2
    clock.advance(0.2)
    assert pacing.take(6, "sendMessage", 6) == 0


def test_the_bots_own_sends_leave_evenly_a_little_under_thirty_a_second():
    clock = TestClock()
    pacing = Pacing(clock)
    sent = []
    while len(sent) < 100:
        wait = pacing.own_turn()
        if wait:
            clock.advance(wait)
        else:
            sent.append(clock.elapsed)
    assert all(b - a == pytest.approx(1 / 29) for a, b in zip(sent, sent[1:], strict=False))
    assert max(sum(1 for t in sent if start <= t < start + 1) for start in sent) == 29


def test_a_reply_never_waits_for_the_bots_own_sends_and_they_make_room_for_it():
    clock = TestClock()
    pacing = Pacing(clock)
    assert pacing.own_turn() == 0
    assert pacing.take(1, "sendMessage", 7) == 0  # at once, though an own send just left
    assert pacing.own_turn() == pytest.approx(2 / 29)  # the reply took the next turn


def test_flood_control_holds_the_bots_own_sends_not_the_replies():
    clock = TestClock()
    pacing = Pacing(clock)
    assert pacing.room(0.4, in_hand=0) == 12 and pacing.room(0.4, in_hand=5) == 7
    pacing.hold(5)
    assert pacing.holding() and pacing.room(0.4, in_hand=0) == 0
    assert pacing.own_turn() == 5 and pacing.held_for() == 5
    assert pacing.take(1, "sendMessage", 7) == 0
    clock.advance(5)
    assert not pacing.holding() and pacing.own_turn() == pytest.approx(1 / 29)
