"""The walkthrough: one ``transitions`` machine per module, applied to stored state.

``apply`` is the whole engine: stored state + current answers + one event -> new state,
the answers to save and the screen to show. It never raises on a bad event: it refuses it
with a notice and leaves the state as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, cast

from transitions import EventData, Machine, MachineError

from flows.content import MODULES
from flows.model import N_, Answer, Item, Module, ModuleId, Position, WalkState
from flows.text import clean_text

COMMENT_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class Notice:
    """A sentence for the person (an English msgid) and its named fields."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)


NOT_CURRENT = Notice(N_("That button was for another question. Please answer the current one."))
NOT_ON_SCALE = Notice(N_("Please choose one of the options shown."))
UNKNOWN_ITEM = Notice(N_("There is no such question in this module."))
EMPTY_COMMENT = Notice(N_("A comment cannot be empty. Please type a few words."))
NOT_HERE = Notice(N_("That action is not available at this point."))


def comment_too_long(length: int) -> Notice:
    return Notice(
        N_(
            "A comment can be at most {limit} characters; yours has {length}. "
            "Please shorten it and send it again."
        ),
        {"limit": COMMENT_LIMIT, "length": length},
    )


# Events ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Start:
    """Leave the module's introduction for its first question."""


@dataclass(frozen=True, slots=True)
class Resume:
    """Show again whatever is on screen, dropping a comment that was never sent."""


@dataclass(frozen=True, slots=True)
class AnswerItem:
    item_id: str
    value: int


@dataclass(frozen=True, slots=True)
class Skip:
    """Leave the question on screen unanswered and move on."""

    item_id: str | None = None
    """The question the person saw; None for whatever is current."""


@dataclass(frozen=True, slots=True)
class Back:
    """Return to the previous screen."""

    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """Comment on the question on screen; without text, the next free text is the comment."""

    text: str | None = None
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class Review:
    """Show every answer of the module, each with a way to change it."""


@dataclass(frozen=True, slots=True)
class Edit:
    item_id: str


@dataclass(frozen=True, slots=True)
class Finish:
    """Close the review and show the summary."""


Event = Start | Resume | AnswerItem | Skip | Back | Comment | Review | Edit | Finish


# Screens -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IntroScreen:
    module: Module


@dataclass(frozen=True, slots=True)
class QuestionScreen:
    module: Module
    item: Item
    number: int
    answer: Answer | None
    awaiting_comment: bool

    @property
    def total(self) -> int:
        return len(self.module.items)


@dataclass(frozen=True, slots=True)
class ReviewScreen:
    module: Module
    answers: Mapping[str, Answer]


@dataclass(frozen=True, slots=True)
class DoneScreen:
    module: Module
    answers: Mapping[str, Answer]


Screen = IntroScreen | QuestionScreen | ReviewScreen | DoneScreen


@dataclass(frozen=True, slots=True)
class Step:
    state: WalkState
    answers: Mapping[str, Answer]
    changes: tuple[Answer, ...]
    screen: Screen
    notice: Notice | None = None

    @property
    def accepted(self) -> bool:
        return self.notice is None


# The machine ------------------------------------------------------------------------------


class _Walk:
    """The model the machine drives during one ``apply`` call."""

    __slots__ = ("state", "module", "answers", "changes", "refusal", "returning", "awaiting")

    def __init__(self, module: Module, state: WalkState, answers: Mapping[str, Answer]) -> None:
        self.state: str = str(state.position)
        self.module = module
        self.answers = answers
        self.changes: list[Answer] = []
        self.refusal: Notice | None = None
        self.returning = state.return_to_review
        self.awaiting = False

    def record(self, answer: Answer) -> None:
        self.answers = {**self.answers, answer.item_id: answer}
        self.changes.append(answer)


def _walk(event: EventData) -> _Walk:
    return cast(_Walk, event.model)


def _refuse(event: EventData, notice: Notice) -> bool:
    _walk(event).refusal = notice
    return False


def _on_screen(event: EventData) -> bool:
    """An event pinned to a question counts only while that question is on screen."""
    walk, item_id = _walk(event), event.kwargs.get("item_id")
    if item_id is None or item_id == walk.state:
        return True
    return _refuse(event, NOT_CURRENT if walk.module.item(item_id) else UNKNOWN_ITEM)


def _on_scale(event: EventData) -> bool:
    walk = _walk(event)
    item = walk.module.item(event.kwargs.get("item_id") or walk.state)
    scale = walk.module.scale if item is None else walk.module.scale_for(item)
    return event.kwargs["value"] in scale.values or _refuse(event, NOT_ON_SCALE)


def _record_answer(event: EventData) -> None:
    walk = _walk(event)
    item_id = event.kwargs["item_id"]
    previous = walk.answers.get(item_id)
    comment = previous.comment if previous else None
    walk.record(Answer(item_id, event.kwargs["value"], comment))


def _valid_comment(event: EventData) -> bool:
    text = event.kwargs["text"]
    if text is None:
        return True
    if not text:
        return _refuse(event, EMPTY_COMMENT)
    if len(text) > COMMENT_LIMIT:
        return _refuse(event, comment_too_long(len(text)))
    return True


def _record_comment(event: EventData) -> None:
    walk = _walk(event)
    text = event.kwargs["text"]
    if text is None:
        walk.awaiting = True
        return
    previous = walk.answers.get(walk.state)
    walk.record(Answer(walk.state, previous.value if previous else None, text))


def _returning(event: EventData) -> bool:
    return _walk(event).returning


def _targets(item_id: str) -> Any:
    def condition(event: EventData) -> bool:
        return bool(event.kwargs["item_id"] == item_id)

    return condition


def _transitions(module: Module) -> list[dict[str, Any]]:
    ids = [item.id for item in module.items]
    ends = [Position.REVIEW.value, Position.DONE.value]
    table: list[dict[str, Any]] = [{"trigger": "start", "source": "intro", "dest": ids[0]}]
    for position, item_id in enumerate(ids):
        following = ids[position + 1] if position + 1 < len(ids) else Position.REVIEW.value
        previous = ids[position - 1] if position else Position.INTRO.value
        answer = {"trigger": "answer", "source": item_id, "after": _record_answer}
        table += [
            {**answer, "dest": "review", "conditions": [_returning, _on_screen, _on_scale]},
            {**answer, "dest": following, "conditions": [_on_screen, _on_scale]},
            {
                "trigger": "skip",
                "source": item_id,
                "dest": "review",
                "conditions": [_returning, _on_screen],
            },
            {"trigger": "skip", "source": item_id, "dest": following, "conditions": _on_screen},
            {"trigger": "back", "source": item_id, "dest": previous, "conditions": _on_screen},
            {
                "trigger": "comment",
                "source": item_id,
                "dest": None,
                "conditions": [_on_screen, _valid_comment],
                "after": _record_comment,
            },
            {"trigger": "edit", "source": ends, "dest": item_id, "conditions": _targets(item_id)},
        ]
    table += [
        {"trigger": "review", "source": ["intro", *ids, "done"], "dest": "review"},
        {"trigger": "back", "source": "review", "dest": ids[-1]},
        {"trigger": "back", "source": "done", "dest": "review"},
        {"trigger": "finish", "source": "review", "dest": "done"},
    ]
    return table


@cache
def machine(module_id: ModuleId) -> Machine:
    """The one machine of a module, shared by every walkthrough of it."""
    module = MODULES[module_id]
    states = [Position.INTRO.value, *(item.id for item in module.items), "review", "done"]
    return Machine(
        model=None,
        states=states,
        transitions=_transitions(module),
        initial=None,
        auto_transitions=False,
        send_event=True,
    )


_TRIGGERS: dict[type, str] = {
    Start: "start",
    AnswerItem: "answer",
    Skip: "skip",
    Back: "back",
    Comment: "comment",
    Review: "review",
    Edit: "edit",
    Finish: "finish",
}


def _kwargs(event: Event) -> dict[str, Any]:
    match event:
        case AnswerItem(item_id=item_id, value=value):
            return {"item_id": item_id, "value": value}
        case Edit(item_id=item_id) | Skip(item_id=item_id) | Back(item_id=item_id):
            return {"item_id": item_id}
        case Comment(text=text, item_id=item_id):
            return {"text": None if text is None else clean_text(text), "item_id": item_id}
    return {}


def apply(state: WalkState, answers: Mapping[str, Answer], event: Event) -> Step:
    """Applies one event to a stored walkthrough and says what to save and show."""
    module = MODULES[state.module]
    state = _known(module, state)
    trigger = _TRIGGERS.get(type(event))
    if trigger is None:
        state = replace(state, awaiting_comment=False)
        return Step(state, answers, (), screen(state, answers))
    walk = _Walk(module, state, answers)
    try:
        moved = machine(module.id).events[trigger].trigger(walk, **_kwargs(event))
    except MachineError:
        return Step(state, answers, (), screen(state, answers), NOT_HERE)
    if not moved:
        notice = walk.refusal or (UNKNOWN_ITEM if trigger == "edit" else NOT_HERE)
        return Step(state, answers, (), screen(state, answers), notice)
    new_state = WalkState(
        module.id,
        walk.state,
        awaiting_comment=walk.awaiting,
        return_to_review=_returning_after(event, walk.state, state.return_to_review),
        round_no=state.round_no,
    )
    return Step(new_state, walk.answers, tuple(walk.changes), screen(new_state, walk.answers))


def _returning_after(event: Event, position: str, before: bool) -> bool:
    if position in (Position.INTRO, Position.REVIEW, Position.DONE):
        return False
    return isinstance(event, Edit) or before


def _known(module: Module, state: WalkState) -> WalkState:
    """The state itself, or the module's start when it names a question that no longer exists."""
    if state.position in _POSITIONS or module.item(state.position) is not None:
        return state
    return WalkState(module.id, round_no=state.round_no)


_POSITIONS = frozenset(position.value for position in Position)


def screen(state: WalkState, answers: Mapping[str, Answer]) -> Screen:
    """What a person sees for a stored state."""
    module = MODULES[state.module]
    state = _known(module, state)
    match state.position:
        case Position.INTRO:
            return IntroScreen(module)
        case Position.REVIEW:
            return ReviewScreen(module, answers)
        case Position.DONE:
            return DoneScreen(module, answers)
    number = module.index[state.position] + 1
    item = module.items[number - 1]
    return QuestionScreen(module, item, number, answers.get(item.id), state.awaiting_comment)
