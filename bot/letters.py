"""The same message to many people (a round's news, its reminders, its results): each distinct
message is built and written out once, then addressed to each of its chats, so that queueing
2,000 reminders takes a few milliseconds of the update that asks for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from aiogram.types import InlineKeyboardMarkup

from bot.outbox import Outbox
from storage.calls import NewCall

MODEL_CHAT = 1
"""The chat a message is first written for, then replaced by each recipient's."""
_HEAD = f'{{"chat_id":{MODEL_CHAT},'


class Letters(Outbox):
    """An outbox for messages to other people; the same one shown to many is written once."""

    def __init__(self) -> None:
        super().__init__()
        self._letters: list[tuple[int, tuple[str, ...], str | None]] = []
        self._keyboards: dict[str | None, InlineKeyboardMarkup | None] = {None: None}

    def show(
        self,
        chat_id: int,
        paragraphs: Sequence[str],
        keyboard: InlineKeyboardMarkup | None = None,
        edit: int | None = None,
        reply_to: int | None = None,
        screen: str | None = None,
        thread: int | None = None,
    ) -> None:
        assert edit is None and reply_to is None and screen is None, "new messages only"
        assert thread is None, "to people, in private chats"
        written = None if keyboard is None else keyboard.model_dump_json()
        self._keyboards.setdefault(written, keyboard)
        self._letters.append((chat_id, tuple(paragraphs), written))

    def stored(self) -> list[NewCall]:
        models: dict[tuple[tuple[str, ...], str | None], list[NewCall]] = {}
        calls = super().stored()  # what is not a message shown (a document, a menu)
        for chat, paragraphs, keyboard in self._letters:
            model = models.get((paragraphs, keyboard))
            if model is None:
                outbox = Outbox()
                outbox.show(MODEL_CHAT, paragraphs, self._keyboards[keyboard])
                model = models[paragraphs, keyboard] = outbox.stored()
            calls.extend(_to(call, chat) for call in model)
        return calls


def _to(call: NewCall, chat: int) -> NewCall:
    assert call.params.startswith(_HEAD), call.params  # chat_id is the first field
    params = f'{{"chat_id":{chat},{call.params[len(_HEAD) :]}'
    return replace(call, chat_id=chat, params=params, prepared=None)
