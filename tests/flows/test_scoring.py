from datetime import date

import pytest

from bot.render import HTML, PLAIN, screen, summary
from flows.content import MODULES
from flows.engine import DoneScreen, QuestionScreen
from flows.i18n import translator
from flows.model import DONT_KNOW, Answer, ModuleId
from flows.scoring import Band, band, summarize


def answers(module_id, *values):
    items = MODULES[module_id].items
    return {item.id: Answer(item.id, value) for item, value in zip(items, values, strict=False)}


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100, Band.STRENGTH),
        (75, Band.STRENGTH),
        (74.9, Band.DISCUSS),
        (50, Band.DISCUSS),
        (49.9, Band.STRENGTHEN),
        (0, Band.STRENGTHEN),
    ],
)
def test_bands_follow_the_cut_offs_on_the_mean(score, expected):
    assert band(score) is expected


def test_mean_score_and_band_ignore_dont_know_and_unanswered():
    result = summarize(ModuleId.READINESS, answers(ModuleId.READINESS, 5, 4, DONT_KNOW, 4, 4))
    assert result.mean == pytest.approx(4.25)
    assert result.score == pytest.approx(81.25)
    assert result.band is Band.STRENGTH
    assert (result.answered, result.dont_know, result.counted) == (5, 1, 4)


def test_nothing_counted_gives_no_score():
    result = summarize(ModuleId.LEADERSHIP, answers(ModuleId.LEADERSHIP, DONT_KNOW))
    assert result.score is None and result.band is None and result.mean is None


def test_a_weak_precondition_says_cultivate_the_preconditions_first():
    assert summarize(
        ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 5, 2, 5)
    ).preconditions_first
    assert not summarize(
        ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 3, 3, DONT_KNOW)
    ).preconditions_first
    assert not summarize(ModuleId.READINESS, answers(ModuleId.READINESS, 1, 1)).preconditions_first


def test_strengths_and_items_to_strengthen_are_sorted_out():
    result = summarize(ModuleId.PRECONDITIONS, answers(ModuleId.PRECONDITIONS, 5, 3, 1))
    ids = MODULES[ModuleId.PRECONDITIONS].items
    assert [r.item for r in result.strengths] == [ids[0]]
    assert [r.item for r in result.to_discuss] == [ids[1]]
    assert [r.item for r in result.to_strengthen] == [ids[2]]
    assert result.next_steps[0] == ids[2].next_step
    assert len(result.next_steps) <= 5


def test_the_current_phase_is_the_earliest_not_in_place_and_moves_back():
    phases = MODULES[ModuleId.PHASES]
    in_place = {item.id: Answer(item.id, 3) for item in phases.items}
    assert summarize(ModuleId.PHASES, in_place).current_group.id == "sustain"
    organize = {**in_place, "organize.planning": Answer("organize.planning", 1)}
    organize |= {"organize.community": Answer("organize.community", 1)}
    assert summarize(ModuleId.PHASES, organize).current_group.id == "organize"
    earlier = {**organize, "assess.governance": Answer("assess.governance", 1)}
    earlier |= {"assess.planning": Answer("assess.planning", 2)}
    assert summarize(ModuleId.PHASES, earlier).current_group.id == "assess"
    assert summarize(ModuleId.PHASES, {}).current_group is None


def test_phase_progress_counts_under_way_as_half():
    result = summarize(ModuleId.PHASES, answers(ModuleId.PHASES, 3, 2, 1, DONT_KNOW))
    assert result.groups[0].score == pytest.approx(50.0)
    assert result.groups[1].score is None


def test_the_same_answers_give_the_summary_in_both_languages():
    stored = answers(ModuleId.PRECONDITIONS, 4, 1, DONT_KNOW)
    result = summarize(ModuleId.PRECONDITIONS, stored)
    english = "\n".join(summary(translator("en"), PLAIN, result))
    french = "\n".join(summary(translator("fr"), PLAIN, result))
    assert "Influential champions — Agree" in english
    assert "Des personnes influentes — D'accord" in french
    assert "Score 38/100 (mean 2.5 out of 5)" in english
    assert "Score 38/100 (moyenne 2,5 sur 5)" in french
    assert "cultivate the preconditions first" in english
    dated = summary(translator("fr"), PLAIN, result, today=date(2026, 11, 22))
    assert dated[-1] == "Synthèse du 22 novembre 2026"


def test_html_rendering_escapes_what_people_typed():
    item = MODULES[ModuleId.PRECONDITIONS].items[0]
    typed = Answer(item.id, 4, "<b>bold</b> & <script>")
    shown = QuestionScreen(MODULES[ModuleId.PRECONDITIONS], item, 1, typed, False)
    text = "\n".join(screen(translator("en"), HTML, shown))
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in text
    assert "<script>" not in text
    done = "\n".join(screen(translator("en"), HTML, DoneScreen(shown.module, {item.id: typed})))
    assert "<i>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;</i>" in done
