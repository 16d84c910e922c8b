"""bot/pacing.py on a virtual clock: Telegram's sending limits kept on the bot's side."""

from bot.pacing import Pacing
from tests.clock import TestClock


def test_a_private_chat_gets_a_burst_then_one_send_a_second():
    clock = TestClock()
    pacing = Pacing(clock)
    assert [pacing.take("sendMessage", 7) for _ in range(3)] == [0, 0, 0]
    assert pacing.take("sendMessage", 7) == 1.0
    clock.advance(0.5)
    assert pacing.take("sendMessage", 7) == 0.5  # held back calls are not counted
    clock.advance(0.5)
    assert pacing.take("sendMessage", 7) == 0
    assert pacing.take("sendMessage", 8) == 0  # another chat has its own bucket


def test_edits_and_callback_answers_are_not_paced():
    pacing = Pacing(TestClock(), private_burst=1)
    assert pacing.take("sendMessage", 7) == 0
    assert {pacing.take(m, 7) for m in ("editMessageText", "answerCallbackQuery") * 5} == {0}


def test_a_group_gets_twenty_a_minute():
    clock = TestClock()
    pacing = Pacing(clock)
    assert all(pacing.take("sendMessage", -100) == 0 for _ in range(20))
    assert pacing.take("sendMessage", -100) == 3.0
    clock.advance(3)
    assert pacing.take("sendMessage", -100) == 0


def test_all_chats_together_stay_under_the_overall_limit():
    clock = TestClock()
    pacing = Pacing(clock, overall_per_second=5)
    assert [pacing.take("sendMessage", chat) for chat in range(1, 6)] == [0] * 5
    assert pacing.take("sendMessage", 6) == 0.2
    clock.advance(0.2)
    assert pacing.take("sendMessage", 6) == 0
