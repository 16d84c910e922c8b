import pytest

from flows.content import MODULES
from flows.engine import (
    COMMENT_LIMIT,
    EMPTY_COMMENT,
    NOT_CURRENT,
    NOT_HERE,
    NOT_ON_SCALE,
    UNKNOWN_ITEM,
    AnswerItem,
    Back,
    Comment,
    DoneScreen,
    Edit,
    Finish,
    IntroScreen,
    QuestionScreen,
    Resume,
    Review,
    ReviewScreen,
    Skip,
    Start,
    apply,
    machine,
)
from flows.model import DONT_KNOW, Answer, ModuleId, WalkState

ALL = list(ModuleId)


def walk(module_id, *events, answers=None):
    state, stored = WalkState(module_id), dict(answers or {})
    step = None
    for event in events:
        step = apply(state, stored, event)
        for change in step.changes:
            stored[change.item_id] = change
        state = step.state
    return step, stored


def first_value(module_id):
    return next(c.value for c in MODULES[module_id].scale.choices if c.value != DONT_KNOW)


@pytest.mark.parametrize("module_id", ALL)
def test_answering_every_item_reaches_review_then_summary(module_id):
    module = MODULES[module_id]
    value = first_value(module_id)
    events = [Start(), *(AnswerItem(item.id, value) for item in module.items)]
    step, stored = walk(module_id, *events)
    assert isinstance(step.screen, ReviewScreen)
    assert set(stored) == {item.id for item in module.items}
    assert all(answer.value == value for answer in stored.values())
    finished = apply(step.state, stored, Finish())
    assert isinstance(finished.screen, DoneScreen)
    assert finished.state.position == "done"


def test_start_shows_the_first_question():
    step, _ = walk(ModuleId.PRECONDITIONS, Start())
    assert isinstance(step.screen, QuestionScreen)
    assert step.screen.item.id == MODULES[ModuleId.PRECONDITIONS].items[0].id
    assert step.screen.number == 1


def test_answer_for_another_item_is_refused_and_changes_nothing():
    items = MODULES[ModuleId.READINESS].items
    step, _ = walk(ModuleId.READINESS, Start())
    refused = apply(step.state, {}, AnswerItem(items[2].id, 4))
    assert refused.notice == NOT_CURRENT
    assert refused.state == step.state
    assert refused.changes == ()


@pytest.mark.parametrize("value", [-1, 6, 99, 4.5])
def test_value_outside_the_scale_is_refused(value):
    item = MODULES[ModuleId.LEADERSHIP].items[0]
    step, _ = walk(ModuleId.LEADERSHIP, Start())
    refused = apply(step.state, {}, AnswerItem(item.id, value))
    assert refused.notice == NOT_ON_SCALE
    assert refused.state == step.state


def test_checklist_refuses_agreement_values():
    item = MODULES[ModuleId.PHASES].items[0]
    step, _ = walk(ModuleId.PHASES, Start())
    assert apply(step.state, {}, AnswerItem(item.id, 5)).notice == NOT_ON_SCALE
    assert apply(step.state, {}, AnswerItem(item.id, 3)).accepted


def test_unknown_item_ids_are_refused():
    step, _ = walk(ModuleId.PRECONDITIONS, Start())
    assert apply(step.state, {}, AnswerItem("nope", 3)).notice == UNKNOWN_ITEM
    review = apply(step.state, {}, Review())
    assert apply(review.state, {}, Edit("nope")).notice == UNKNOWN_ITEM


def test_events_that_do_not_fit_the_state_are_refused():
    intro = WalkState(ModuleId.PRECONDITIONS)
    assert apply(intro, {}, Skip()).notice == NOT_HERE
    assert apply(intro, {}, Finish()).notice == NOT_HERE
    assert apply(intro, {}, Comment("hello")).notice == NOT_HERE
    step, _ = walk(ModuleId.PRECONDITIONS, Start())
    assert apply(step.state, {}, Start()).notice == NOT_HERE
    assert apply(step.state, {}, Edit(step.screen.item.id)).notice == NOT_HERE


def test_back_from_the_first_question_returns_to_the_intro():
    step, _ = walk(ModuleId.PRECONDITIONS, Start(), Back())
    assert isinstance(step.screen, IntroScreen)


def test_back_from_review_lands_on_the_last_item():
    module = MODULES[ModuleId.READINESS]
    step, _ = walk(ModuleId.READINESS, Review(), Back())
    assert step.screen.item.id == module.items[-1].id


def test_skip_moves_on_without_storing():
    module = MODULES[ModuleId.READINESS]
    step, stored = walk(ModuleId.READINESS, Start(), Skip())
    assert stored == {}
    assert step.screen.item.id == module.items[1].id


def test_edit_from_review_answers_and_returns_to_review():
    module = MODULES[ModuleId.PRECONDITIONS]
    target = module.items[1].id
    answers = [AnswerItem(item.id, 2) for item in module.items]
    step, stored = walk(ModuleId.PRECONDITIONS, Start(), *answers, Edit(target))
    assert step.state.return_to_review
    assert step.screen.item.id == target
    step = apply(step.state, stored, AnswerItem(target, 5))
    assert isinstance(step.screen, ReviewScreen)
    assert step.answers[target].value == 5
    assert not step.state.return_to_review


def test_skip_after_edit_returns_to_review():
    module = MODULES[ModuleId.PRECONDITIONS]
    step, stored = walk(ModuleId.PRECONDITIONS, Review(), Edit(module.items[0].id), Skip())
    assert isinstance(step.screen, ReviewScreen)


def test_edit_after_finish_reopens_the_item():
    module = MODULES[ModuleId.PRECONDITIONS]
    step, _ = walk(ModuleId.PRECONDITIONS, Review(), Finish(), Edit(module.items[2].id))
    assert step.screen.item.id == module.items[2].id


def test_comment_is_kept_when_the_answer_changes():
    item = MODULES[ModuleId.PRECONDITIONS].items[0]
    step, stored = walk(
        ModuleId.PRECONDITIONS,
        Start(),
        Comment("  Our mayor is on board.  "),
        AnswerItem(item.id, 4),
    )
    assert stored[item.id] == Answer(item.id, 4, "Our mayor is on board.")


def test_comment_without_text_waits_for_the_next_text():
    item = MODULES[ModuleId.PRECONDITIONS].items[0]
    step, stored = walk(ModuleId.PRECONDITIONS, Start(), Comment())
    assert step.state.awaiting_comment
    assert step.screen.awaiting_comment
    step = apply(step.state, stored, Comment("later thoughts"))
    assert not step.state.awaiting_comment
    assert step.changes == (Answer(item.id, None, "later thoughts"),)


def test_resume_drops_an_unsent_comment_but_keeps_the_question():
    step, _ = walk(ModuleId.PRECONDITIONS, Start(), Comment(), Resume())
    assert not step.state.awaiting_comment
    assert isinstance(step.screen, QuestionScreen)


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\x00\x07"])
def test_empty_comments_are_refused(text):
    step, _ = walk(ModuleId.PRECONDITIONS, Start(), Comment())
    refused = apply(step.state, {}, Comment(text))
    assert refused.notice == EMPTY_COMMENT
    assert refused.state.awaiting_comment


def test_a_comment_over_the_limit_is_refused_not_cut():
    step, _ = walk(ModuleId.PRECONDITIONS, Start())
    refused = apply(step.state, {}, Comment("x" * (COMMENT_LIMIT + 1)))
    assert refused.changes == ()
    assert refused.notice is not None
    assert refused.notice.params == {"limit": COMMENT_LIMIT, "length": COMMENT_LIMIT + 1}
    accepted = apply(step.state, {}, Comment("x" * COMMENT_LIMIT))
    assert len(accepted.changes[0].comment) == COMMENT_LIMIT


def test_control_characters_are_removed_from_comments():
    step, _ = walk(ModuleId.PRECONDITIONS, Start())
    accepted = apply(step.state, {}, Comment("line one\nline\x1b[31m two\x00"))
    assert accepted.changes[0].comment == "line one\nline[31m two"


def test_a_stored_position_that_no_longer_exists_restarts_at_the_intro():
    step = apply(WalkState(ModuleId.READINESS, "removed_item"), {}, Resume())
    assert isinstance(step.screen, IntroScreen)


def test_one_machine_per_module_and_no_model_left_behind():
    walk(ModuleId.PHASES, Start(), Skip(), Back())
    assert machine(ModuleId.PHASES) is machine(ModuleId.PHASES)
    assert machine(ModuleId.PHASES).models == []


def test_skip_back_and_comment_from_an_old_question_are_refused():
    items = MODULES[ModuleId.READINESS].items
    step, _ = walk(ModuleId.READINESS, Start(), Skip(items[0].id))
    assert step.screen.item.id == items[1].id
    for stale in (Skip(items[0].id), Back(items[0].id), Comment("late", item_id=items[0].id)):
        refused = apply(step.state, {}, stale)
        assert refused.notice == NOT_CURRENT
        assert refused.state == step.state
    assert apply(step.state, {}, Skip("nope")).notice == UNKNOWN_ITEM
