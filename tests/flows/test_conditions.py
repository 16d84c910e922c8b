"""The five conditions module and its placement item, the collaboration spectrum: shown as
where the person places the group, never scored (docs/scoring.md)."""

import pytest

from bot.render import PLAIN, question, summary
from flows.content import MODULES
from flows.engine import NOT_ON_SCALE, AnswerItem, QuestionScreen, apply
from flows.i18n import translator
from flows.model import DONT_KNOW, Answer, ModuleId, ScaleKind, WalkState
from flows.scoring import Band, summarize

CONDITIONS = MODULES[ModuleId.CONDITIONS]
SCORED = [item.id for item in CONDITIONS.items if item.scale is None]
COORDINATE, INTEGRATE = 5, 7


def answered(*values, spectrum=None):
    pairs = zip(SCORED, values, strict=False)  # the first ones; the rest unanswered
    found = {item_id: Answer(item_id, value) for item_id, value in pairs}
    if spectrum is not None:
        found["spectrum"] = Answer("spectrum", spectrum)
    return found


def text(result, language="en"):
    return "\n".join(summary(translator(language), PLAIN, result))


def test_the_five_conditions_the_ci_3_0_items_and_the_cooperation_agreement_are_scored():
    assert SCORED == [
        "common_agenda",
        "shared_measurement",
        "reinforcing_activities",
        "communication",
        "backbone",
        "inclusive_engagement",
        "high_leverage",
        "strategic_learning",
        "who_decides",
        "citizens_place",
    ]
    spectrum = CONDITIONS.item("spectrum")
    assert spectrum is not None and CONDITIONS.scale_for(spectrum).kind is ScaleKind.PLACEMENT
    labels = [c.label for c in CONDITIONS.scale_for(spectrum).choices]
    assert labels == [
        "Compete",
        "Co-exist",
        "Communicate",
        "Cooperate",
        "Coordinate",
        "Collaborate",
        "Integrate",
        "Don't know",
    ]


def test_the_placement_is_shown_never_scored():
    # 5,5,4,4,3,3,2,2,1,1 → mean 3.0, score 50, whatever the placement.
    values = (5, 5, 4, 4, 3, 3, 2, 2, 1, 1)
    low, high = (summarize(CONDITIONS.id, answered(*values, spectrum=s)) for s in (1, INTEGRATE))
    assert low.score == high.score == 50 and low.band is high.band is Band.DISCUSS
    assert [r.item.id for r in high.placements] == ["spectrum"]
    assert all(r.item.id != "spectrum" for r in (*high.strengths, *high.to_strengthen))
    shown = text(high)
    assert "Collaboration spectrum\nWhere you place the group: Integrate" in shown
    assert "Fully integrated programs, vision, planning and funding." in shown
    assert "Score 50/100 (mean 3.0 out of 5): to discuss. 11 of 11 answered." in shown
    french = text(high, "fr")
    assert "Où vous situez le groupe\u202f: Intégration" in french


def test_partial_counts_the_scored_items_only():
    # Six of ten scored items counted, and the placement: below ⌈2 × 10 / 3⌉ = 7.
    six = summarize(CONDITIONS.id, answered(4, 4, 4, 4, 4, 4, spectrum=COORDINATE))
    assert six.partial and six.band is None and six.score == 75
    seven = summarize(CONDITIONS.id, answered(4, 4, 4, 4, 4, 4, 4))
    assert not seven.partial and seven.band is Band.STRENGTH


def test_a_placement_alone_gives_no_score():
    result = summarize(CONDITIONS.id, answered(spectrum=COORDINATE))
    assert result.score is None and result.band is None
    shown = text(result)
    assert "No score yet: nothing answered counts (1 of 11 answered)." in shown
    assert "Where you place the group: Coordinate" in shown


def test_a_spectrum_dont_know_is_to_find_out_with_the_placement_exercise():
    result = summarize(CONDITIONS.id, answered(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, spectrum=DONT_KNOW))
    assert [r.item.id for r in result.to_find_out] == ["spectrum"]
    assert result.band is Band.STRENGTH
    assert result.next_steps[0].startswith("Place your collaboration on the spectrum together")
    assert "Where you place the group" not in text(result)


def test_every_answer_dont_know_lists_all_eleven_to_find_out():
    values = [DONT_KNOW] * len(SCORED)
    result = summarize(CONDITIONS.id, answered(*values, spectrum=DONT_KNOW))
    assert result.score is None and len(result.to_find_out) == 11
    assert "including 11 “don't know”" in text(result)


def test_steps_follow_the_weak_conditions():
    # Weak: shared measurement (1) and who decides (2); the rest strong.
    result = summarize(CONDITIONS.id, answered(5, 1, 5, 5, 5, 5, 5, 5, 2, 5, spectrum=4))
    steps = result.next_steps
    assert steps[0].startswith("Build a value chain")
    assert steps[1].startswith("Write a collaboration charter")
    assert not any(step.startswith("Take care of the backbone") for step in steps)
    assert len(steps) == len(set(steps)) <= 5


@pytest.mark.parametrize(
    ("item_id", "value", "kept"),
    [("spectrum", INTEGRATE, True), ("spectrum", 8, False), ("common_agenda", 6, False)],
)
def test_each_item_takes_the_values_of_its_own_scale(item_id, value, kept):
    step = apply(WalkState(CONDITIONS.id, item_id), {}, AnswerItem(item_id, value))
    assert (item_id in step.answers) is kept
    assert step.notice == (None if kept else NOT_ON_SCALE)


def test_the_spectrum_question_defines_each_choice():
    screen = QuestionScreen(CONDITIONS, CONDITIONS.item("spectrum"), 11, None, False)
    shown = "\n".join(question(translator("fr"), PLAIN, screen))
    assert "• Assistance\u202f: Relation fonctionnelle et souvent informelle" in shown
    assert shown.count("• ") == 7
