"""The rules of docs/scoring.md, each on hand-computed answers, with the worked examples of the
content review (before: what the summary said; here: what it says now)."""

import pytest

from bot.render import PLAIN, summary
from flows.content import MODULES
from flows.i18n import translator
from flows.model import DONT_KNOW, Answer, ModuleId
from flows.scoring import Band, PhaseStatus, summarize

NOT_STARTED, UNDER_WAY, IN_PLACE = 1, 2, 3


def answers(module_id, *values):
    items = MODULES[module_id].items
    return {item.id: Answer(item.id, value) for item, value in zip(items, values, strict=False)}


def phases(**by_phase):
    """Every item of each named phase answered the same; the others left unanswered."""
    return {
        item.id: Answer(item.id, by_phase[item.group])
        for item in MODULES[ModuleId.PHASES].items
        if item.group in by_phase
    }


def text(result, language="en"):
    return "\n".join(summary(translator(language), PLAIN, result))


def test_later_phases_are_not_yet_never_weaknesses_and_steps_come_from_the_current_phase():
    # Before: "in Initiate Action", three Organize for Impact steps, 12 later items to strengthen.
    result = summarize(
        ModuleId.PHASES,
        phases(
            assess=IN_PLACE,
            initiate=UNDER_WAY,
            organize=NOT_STARTED,
            implement=NOT_STARTED,
            sustain=NOT_STARTED,
        ),
    )
    assert result.current_group.id == "initiate"
    statuses = [g.status for g in result.groups]
    assert statuses == [PhaseStatus.IN_PLACE, PhaseStatus.UNDER_WAY] + [PhaseStatus.NOT_YET] * 3
    assert result.to_strengthen == ()
    assert [r.item.group for r in result.to_discuss] == ["initiate"] * 4
    initiate = [i for i in MODULES[ModuleId.PHASES].items if i.group == "initiate"]
    assert result.next_steps[:3] == tuple(i.next_step for i in initiate[:3])
    organize_steps = {i.next_step for i in MODULES[ModuleId.PHASES].items if i.group == "organize"}
    assert not organize_steps & set(result.next_steps)
    assert result.band is None  # no verdict for the phases as a whole
    shown = text(result)
    assert "Organize for Impact: 0%, not yet" in shown and "To strengthen" not in shown
    assert "Progress 30%. 20 of 20 answered." in shown  # (4 × 100 + 4 × 50 + 12 × 0) / 20


def test_a_phase_with_a_component_not_started_is_not_in_place():
    # Before: 3 in place + 1 not started = 75 %, "in place".
    stored = phases(assess=IN_PLACE) | {"assess.evaluation": Answer("assess.evaluation", 1)}
    result = summarize(ModuleId.PHASES, stored)
    assert result.groups[0].score == 75 and result.groups[0].status is PhaseStatus.UNDER_WAY
    assert result.current_group.id == "assess"
    stored["assess.evaluation"] = Answer("assess.evaluation", UNDER_WAY)  # 87.5, none not started
    assert summarize(ModuleId.PHASES, stored).groups[0].status is PhaseStatus.IN_PLACE


def test_a_phase_with_a_dont_know_is_to_find_out_and_can_be_the_current_one():
    stored = phases(assess=IN_PLACE, initiate=IN_PLACE)
    stored["initiate.community"] = Answer("initiate.community", DONT_KNOW)
    result = summarize(ModuleId.PHASES, stored)
    assert result.groups[1].status is PhaseStatus.TO_FIND_OUT
    assert result.current_group.id == "initiate"
    assert [r.item.id for r in result.to_find_out] == ["initiate.community"]


def test_one_no_among_the_fit_answers_is_not_averaged_away():
    # Before: 5,5,5,5,1 gave 80, "strength", and nothing else.
    result = summarize(ModuleId.READINESS, answers(ModuleId.READINESS, 5, 5, 5, 5, 1))
    assert result.score == 80 and result.band is Band.STRENGTH
    assert result.fit_in_doubt and not result.preconditions_first
    assert "a lighter form of cooperation may fit better for now" in text(result)
    assert not summarize(
        ModuleId.READINESS, answers(ModuleId.READINESS, 3, 3, 3, 3, 3)
    ).fit_in_doubt


@pytest.mark.parametrize(("values", "gate"), [((5, 2, 5), True), ((3, 3, DONT_KNOW), False)])
def test_the_preconditions_gate_fires_on_a_1_or_2(values, gate):
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, *values))
    assert result.preconditions_first is gate


def test_dont_know_is_named_with_how_to_find_out():
    # Before: three "don't know" preconditions gave no score, no gate, generic steps, no list.
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, *[DONT_KNOW] * 3))
    assert result.score is None and len(result.to_find_out) == 3
    shown = text(result)
    assert (
        "To find out\n• Influential champions\n• Urgency for change\n• Adequate resources" in shown
    )
    assert "Ask those who know before you decide" in shown
    assert (
        "No score yet: nothing answered counts (3 of 3 answered, including 3 “don't know”)."
        in shown
    )


def test_every_answer_dont_know_in_a_module_lists_them_all_and_scores_nothing():
    module = MODULES[ModuleId.LEADERSHIP]
    result = summarize(module.id, answers(module.id, *[DONT_KNOW] * len(module.items)))
    assert result.score is None and result.band is None
    assert len(result.to_find_out) == 9 and result.to_strengthen == ()


def test_too_few_counted_answers_give_a_partial_score_and_no_verdict():
    # Before: one answer out of three gave "strength".
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 5))
    assert result.partial and result.band is None and result.score == 100
    assert "Partial score 100/100 (mean 5.0 out of 5): too few answers for a verdict." in text(
        result
    )
    two = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 5, 4))  # ⌈2 × 3 / 3⌉
    assert not two.partial and two.band is Band.STRENGTH
    one_of_nine = summarize(ModuleId.LEADERSHIP, answers(ModuleId.LEADERSHIP, 1))
    assert one_of_nine.partial and one_of_nine.band is None
    five_of_nine = answers(ModuleId.LEADERSHIP, 4, 4, 4, 4, 4, DONT_KNOW, DONT_KNOW)
    assert summarize(ModuleId.LEADERSHIP, five_of_nine).partial  # 5 counted < ⌈18 / 3⌉ = 6


def test_a_gate_applies_to_whatever_was_answered():
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, None, 1))
    assert result.partial and result.preconditions_first


def test_steps_follow_the_answers_each_once():
    # Before: "look for champions in all three roles" with champions a strength.
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 5, 2, 3))
    steps = result.next_steps
    assert not any("Look for champions" in step for step in steps)
    urgency = MODULES[ModuleId.PRECONDITIONS].item("urgency")
    assert (
        steps[0] == urgency.next_step
    )  # its own step: the module's "make the case" would repeat it
    assert not any("Make the case for change" in step for step in steps)
    assert len(steps) == len(set(steps)) <= 5
    unknown_urgency = answers(ModuleId.PRECONDITIONS, 5, DONT_KNOW, 5)
    assert any(
        "Make the case" in s for s in summarize(ModuleId.PRECONDITIONS, unknown_urgency).next_steps
    )


def test_the_common_agenda_elements_are_not_given_twice():
    # Before: the five elements as the item's step and as the module's step on one screen.
    stored = phases(assess=IN_PLACE, initiate=IN_PLACE, organize=UNDER_WAY)
    stored["organize.planning"] = Answer("organize.planning", NOT_STARTED)
    steps = summarize(ModuleId.PHASES, stored).next_steps
    assert sum("five elements" in step for step in steps) == 1


def test_not_yet_is_said_once_on_a_screen():
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 1, 1, 1))
    assert text(result).count("“not yet”") == 1


@pytest.mark.parametrize(("value", "rounded"), [(62.5, 63), (37.5, 38), (0.5, 1), (74.4, 74)])
def test_figures_round_half_up(value, rounded):
    assert (
        translator("en").number(value, "0") == translator("fr").number(value, "0") == str(rounded)
    )


def test_scores_means_and_percentages_on_screen_round_half_up():
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 4, 3))  # 62.5
    assert "Score 63/100 (mean 3.5 out of 5)" in text(result)
    assert translator("en").percent(0.625) == "63%" and translator("en").number(3.25) == "3.3"
    assert translator("fr").percent(0.375) == "38\u202f%"
