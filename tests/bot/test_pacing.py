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


def test_a_group_gets_twenty_a_minute():
    clock = TestClock()
    pacing = Pacing(clock)
    assert all(pacing.take(call, "sendMessage", -100) == 0 for call in range(20))
    assert pacing.take(20, "sendMessage", -100) == 3.0
    clock.advance(3)
    assert pacing.take(20, "sendMessage", -100) == 0


def test_all_chats_together_stay_under_the_overall_limit():
    clock = TestClock()
    pacing = Pacing(clock, overall_per_second=5)
    assert [pacing.take(chat, "sendMessage", chat) for chat in range(1, 6)] == [0] * 5
    assert pacing.take(6, "sendMessage", 6) == 0.2
    clock.advance(0.2)
    assert pacing.take(6, "sendMessage", 6) == 0
