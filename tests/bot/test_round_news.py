"""What a reminder says and where its button leads, written once per language and modules left."""

from datetime import UTC, datetime

from bot.keyboards_rounds import AnswerRoundData
from bot.outbox import Outbox
from bot.round_news import remind
from flows.model import ModuleId
from storage.records import InitiativeRecord
from storage.rounds import RoundRecord
from usecases.reminders import Reminder

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
ROUND = RoundRecord(
    3, 7, 2, "Hiver", (ModuleId.PRECONDITIONS, ModuleId.READINESS), NOW, None, None, None
)
NORD = InitiativeRecord(id=7, name="Nord", issue="Food.", member_code=None, coach_code=None)


def buttons_of(outbox: Outbox) -> dict[int, AnswerRoundData]:
    found = {}
    for call in outbox.calls:
        (row,) = call.reply_markup.inline_keyboard
        found[call.chat_id] = AnswerRoundData.unpack(row[0].callback_data)
    return found


def test_answer_now_opens_the_first_module_each_respondent_has_left():
    to = (
        (11, "fr", (ModuleId.PRECONDITIONS, ModuleId.READINESS)),
        (12, "en", (ModuleId.READINESS,)),  # finished the preconditions
    )
    outbox = Outbox()
    remind(outbox, [Reminder(ROUND, NORD, to, NOW)])
    shown = buttons_of(outbox)
    assert shown[11] == AnswerRoundData(initiative=7, round=2, module=ModuleId.PRECONDITIONS)
    assert shown[12] == AnswerRoundData(initiative=7, round=2, module=ModuleId.READINESS)
    texts = {call.chat_id: call.text for call in outbox.calls}
    assert "Il vous reste\u202f: Conditions préalables, " in texts[11]
    assert texts[12] == "Reminder: round “Hiver” is open. Left for you: Fit."
