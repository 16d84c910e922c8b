from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from flows.content import MODULES
from flows.engine import (
    COMMENT_LIMIT,
    AnswerItem,
    Back,
    Comment,
    Edit,
    Finish,
    QuestionScreen,
    Resume,
    Review,
    Skip,
    Start,
    apply,
)
from flows.model import ModuleId, Position, WalkState

ITEM_IDS = sorted({item.id for module in MODULES.values() for item in module.items})
item_ids = st.sampled_from(ITEM_IDS) | st.text(max_size=12)
values = st.integers(min_value=-2, max_value=7)
comments = st.none() | st.text(max_size=40) | st.just("y" * (COMMENT_LIMIT + 1))


class Walkthrough(RuleBasedStateMachine):
    """Any sequence of events keeps a valid state and never loses or duplicates an answer."""

    def __init__(self) -> None:
        super().__init__()
        self.state: WalkState | None = None
        self.stored: dict = {}
        self.history: list = []

    @precondition(lambda self: self.state is None)
    @rule(module_id=st.sampled_from(list(ModuleId)))
    def open_module(self, module_id: ModuleId) -> None:
        self.state = WalkState(module_id)

    def send(self, event) -> None:
        step = apply(self.state, self.stored, event)
        if not step.accepted:
            assert step.state == self.state
            assert step.changes == ()
        ids = [change.item_id for change in step.changes]
        assert len(ids) == len(set(ids))
        for change in step.changes:
            self.stored[change.item_id] = change
            self.history.append(change)
        assert dict(step.answers) == self.stored
        if isinstance(event, (Back, Edit)) and step.accepted:
            module = MODULES[self.state.module]
            assert step.state.position in Position.__members__.values() or module.item(
                step.state.position
            )
        self.state = step.state

    @precondition(lambda self: self.state is not None)
    @rule()
    def start(self) -> None:
        self.send(Start())

    @precondition(lambda self: self.state is not None)
    @rule(value=values)
    def answer_current(self, value: int) -> None:
        self.send(AnswerItem(self.state.position, value))

    @precondition(lambda self: self.state is not None)
    @rule(item_id=item_ids, value=values)
    def answer_any(self, item_id: str, value: int) -> None:
        self.send(AnswerItem(item_id, value))

    @precondition(lambda self: self.state is not None)
    @rule(text=comments)
    def comment(self, text: str | None) -> None:
        self.send(Comment(text))

    @precondition(lambda self: self.state is not None)
    @rule(item_id=item_ids)
    def edit(self, item_id: str) -> None:
        self.send(Edit(item_id))

    @precondition(lambda self: self.state is not None)
    @rule(event=st.sampled_from([Skip(), Back(), Review(), Finish(), Resume()]))
    def navigate(self, event) -> None:
        self.send(event)

    @invariant()
    def state_is_valid(self) -> None:
        if self.state is None:
            return
        module = MODULES[self.state.module]
        position = self.state.position
        item = module.item(position)
        assert position in {"intro", "review", "done"} or item is not None
        if item is None:
            assert not self.state.awaiting_comment and not self.state.return_to_review
        assert set(self.stored) <= set(module.index)
        for answer in self.stored.values():
            scale = module.scale_for(module.items[module.index[answer.item_id]]).values
            assert answer.value is None or answer.value in scale
            assert answer.comment is None or 0 < len(answer.comment) <= COMMENT_LIMIT
            assert answer.value is not None or answer.comment is not None
        screen = apply(self.state, self.stored, Resume()).screen
        if isinstance(screen, QuestionScreen):
            assert screen.item.id == position

    @invariant()
    def nothing_stored_is_lost(self) -> None:
        for change in self.history:
            assert change.item_id in self.stored


Walkthrough.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestWalkthrough = Walkthrough.TestCase
