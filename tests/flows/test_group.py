"""Group figures of a closed round, on hand-computed snapshots (docs/scoring.md)."""

from flows.content import MODULES
from flows.group import Response, Tally, figures, figures_of, indicator, tallies, tally
from flows.model import DONT_KNOW, ModuleId
from flows.scoring import Band

PRE = ModuleId.PRECONDITIONS
CHAMPIONS, URGENCY, RESOURCES = (item.id for item in MODULES[PRE].items)


def responses(module, rows):
    """rows: one tuple of values per respondent, in item order (None: not answered)."""
    items = [item.id for item in MODULES[module].items]
    return [
        Response(number, module, item_id, value)
        for number, values in enumerate(rows, start=1)
        for item_id, value in zip(items, values, strict=False)
        if value is not None
    ]


def test_item_scores_distributions_and_the_module_score():
    # champions 5,4,4 → mean 4.33 → (4.33 - 1) × 25 = 83.3; urgency 2,2,3 → 33.3;
    # resources 5,5,DK,4 → counted 3: 91.7. Module: (83.3 + 33.3 + 91.7) / 3 = 69.4.
    rows = [(5, 2, 5), (4, 2, 5), (4, 3, DONT_KNOW), (None, None, 4)]
    result = figures(PRE, responses(PRE, rows), threshold=3)
    champions, urgency, resources = result.items
    assert result.respondents == 4 and not result.withheld
    assert champions.distribution == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert round(champions.score, 1) == 83.3 and champions.band is Band.STRENGTH
    assert round(urgency.score, 1) == 33.3 and urgency.band is Band.STRENGTHEN
    assert (resources.counted, resources.dont_know) == (3, 1)
    assert round(resources.score, 1) == 91.7
    assert round(result.score, 1) == 69.4
    assert result.bands == {Band.STRENGTH: 2, Band.DISCUSS: 0, Band.STRENGTHEN: 1}


def test_an_item_with_fewer_counted_answers_than_the_threshold_is_withheld():
    # Three respondents, but urgency has two counted answers and a "don't know".
    rows = [(5, 2, 5), (4, DONT_KNOW, 5), (4, 3, 4)]
    result = figures(PRE, responses(PRE, rows), threshold=3)
    urgency = result.items[1]
    assert urgency.withheld and urgency.score is None and urgency.distribution == {}
    assert (urgency.counted, urgency.dont_know) == (2, 1)
    # The module score is the mean of the items shown: (83.3 + 91.7) / 2.
    assert round(result.score, 1) == 87.5
    assert sum(result.bands.values()) == 2


def test_too_few_respondents_withhold_everything():
    result = figures(PRE, responses(PRE, [(5, 5, 5), (1, 1, 1)]), threshold=3)
    assert result.withheld and result.score is None
    assert all(item.withheld for item in result.items)


def test_the_spectrum_is_a_distribution_never_a_score():
    conditions = MODULES[ModuleId.CONDITIONS]
    last = len(conditions.items) - 1
    rows = [[4] * last + [value] for value in (5, 5, 6, DONT_KNOW)]
    result = figures(ModuleId.CONDITIONS, responses(ModuleId.CONDITIONS, rows), threshold=3)
    (spectrum,) = result.placements
    assert spectrum.score is None and spectrum.counted == 3 and spectrum.dont_know == 1
    assert spectrum.distribution == {1: 0, 2: 0, 3: 0, 4: 0, 5: 2, 6: 1, 7: 0}
    assert result.score == 75 and result.bands[Band.STRENGTH] == 10


def test_phases_give_where_respondents_place_the_initiative_and_progress_per_phase():
    phases = MODULES[ModuleId.PHASES]
    groups = [g.id for g in phases.groups]

    def answering(in_place):
        """In place (3) up to phase ``in_place``, the rest not started (1)."""
        return [3 if groups.index(i.group) < in_place else 1 for i in phases.items]

    rows = [answering(1), answering(1), answering(2), answering(0)]
    result = figures(ModuleId.PHASES, responses(ModuleId.PHASES, rows), threshold=3)
    # Each is in the earliest phase not in place: two in phase 2, one in 3, one in 1.
    assert result.phases == {groups[0]: 1, groups[1]: 2, groups[2]: 1, groups[3]: 0, groups[4]: 0}
    # Phase 1: three of four in place → (100 + 100 + 100 + 0) / 4 = 75 on each item.
    assert result.phase_progress[groups[0]] == 75
    assert result.phase_progress[groups[1]] == 25
    assert result.phase_progress[groups[4]] == 0


def test_one_respondent_sees_nothing_but_that_figures_are_withheld():
    result = figures(PRE, responses(PRE, [(1, 5, 3)]), threshold=3)
    assert result.withheld and result.respondents == 1
    assert all(f.withheld and f.agreement is None and f.spread is None for f in result.items)
    assert not result.gates and indicator([result]) is None


def test_everyone_answering_dont_know_counts_but_has_no_figure():
    result = figures(PRE, responses(PRE, [(DONT_KNOW,) * 3] * 6), threshold=3)
    assert not result.withheld and result.score is None
    for item in result.items:
        assert (item.counted, item.dont_know, item.score, item.agreement) == (0, 6, None, None)
        assert item.answered and not item.withheld


def test_identical_answers_are_full_agreement():
    result = figures(PRE, responses(PRE, [(4, 4, 4)] * 6), threshold=3)
    for item in result.items:
        assert item.consensus == 1.0 and not item.divergent and not item.polarised
        assert (item.spread.median, item.spread.iqr) == (4, 0)
    assert not result.divergent and not result.gates


def test_between_the_threshold_and_five_answers_figures_but_no_index():
    result = figures(PRE, responses(PRE, [(1, 4, 4), (1, 4, 4), (5, 4, 4), (5, 4, 4)]), 3)
    champions = result.items[0]
    assert champions.distribution == {1: 2, 2: 0, 3: 0, 4: 0, 5: 2}
    assert champions.spread.median == 3 and champions.score == 50
    assert champions.agreement is None and not champions.divergent


def test_split_answers_are_flagged_and_low_ones_fire_the_gate():
    # champions 1,1,3,3,3,3,5,5: a quarter at each end, consensus 0.5 → polarised.
    # urgency 1,5,5,5,5,5,5,5: one dissenting voice → divergent (0.456), not polarised.
    # resources 2,2,2,4,4,4,4,4: three in eight answered 2 → at least a third: the gate; and
    # divergent too (mean 3.25: 1 + 3/8 × log2(1 - 1.25/4) + 5/8 × log2(1 - 0.75/4) = 0.61).
    champions = (1, 1, 3, 3, 3, 3, 5, 5)
    urgency = (1, 5, 5, 5, 5, 5, 5, 5)
    resources = (2, 2, 2, 4, 4, 4, 4, 4)
    result = figures(PRE, responses(PRE, list(zip(champions, urgency, resources, strict=True))), 3)
    first, second, third = result.items
    assert first.polarised and round(first.consensus, 2) == 0.5
    assert second.divergent and not second.polarised and round(second.consensus, 3) == 0.456
    assert third.gate and not first.gate and not second.gate
    assert result.preconditions_first and result.gates == (third,)
    assert result.polarised == (first,) and result.divergent == (first, second, third)
    assert round(third.consensus, 2) == 0.61
    # Bands: 50, 87.5 and 62.5: one strength, two to discuss, nothing weak; all three diverge.
    assert result.bands == {Band.STRENGTH: 1, Band.DISCUSS: 2, Band.STRENGTHEN: 0}
    assert result.weak == () and result.to_discuss == (first, third)
    assert result.flagged == (first, second, third)


def test_a_fit_question_rated_low_by_a_third_puts_fit_in_doubt():
    rows = [(5, 5, 5, 5, 1), (5, 5, 5, 5, 2), (5, 5, 5, 5, 4)]
    result = figures(ModuleId.READINESS, responses(ModuleId.READINESS, rows), 3)
    assert result.fit_in_doubt and [f.item.id for f in result.gates] == ["community_leaders"]
    # The gate is for preconditions and fit only.
    leadership = figures(ModuleId.LEADERSHIP, responses(ModuleId.LEADERSHIP, [(1,) * 9] * 3), 3)
    assert not leadership.gates


def test_the_spectrum_has_a_consensus_on_its_own_width():
    conditions = MODULES[ModuleId.CONDITIONS]
    last = len(conditions.items) - 1
    rows = [[4] * last + [value] for value in (2, 2, 6, 6, 7)]
    result = figures(ModuleId.CONDITIONS, responses(ModuleId.CONDITIONS, rows), threshold=3)
    (spectrum,) = result.placements
    # Mean 4.6, d = 6: 1 + 0.4 × log2(1 - 2.6/6) + 0.4 × log2(1 - 1.4/6)
    #                   + 0.2 × log2(1 - 2.4/6) = 0.3715.
    assert round(spectrum.consensus, 3) == 0.372 and spectrum.polarised
    assert spectrum.score is None and spectrum.spread.median == 6


def test_counts_alone_give_the_same_figures():
    rows = [(5, 2, 5), (4, 2, 5), (4, 3, DONT_KNOW), (None, None, 4)]
    counts = Tally(
        PRE, 4, {CHAMPIONS: {5: 1, 4: 2}, URGENCY: {2: 2, 3: 1}, RESOURCES: {5: 2, 4: 1, 0: 1}}
    )
    assert tally(PRE, responses(PRE, rows)) == counts
    assert figures_of(counts, 3) == figures(PRE, responses(PRE, rows), 3)


def test_phase_placements_from_counts_need_the_threshold():
    groups = [g.id for g in MODULES[ModuleId.PHASES].groups]
    shown = figures_of(Tally(ModuleId.PHASES, 3, {}, {groups[1]: 3}), threshold=3)
    assert shown.phases == {groups[0]: 0, groups[1]: 3, groups[2]: 0, groups[3]: 0, groups[4]: 0}
    assert figures_of(Tally(ModuleId.PHASES, 3, {}, {groups[1]: 2}), threshold=3).phases == {}


def test_an_old_round_computes_without_a_module_or_items_added_since():
    # The round covered the preconditions only, and someone answered an item since removed.
    old = [*responses(PRE, [(4, 4, 4)] * 3), Response(1, PRE, "retired_item", 5)]
    conditions = figures(ModuleId.CONDITIONS, old, threshold=3)
    assert conditions.respondents == 0 and conditions.score is None
    assert not any(f.answered for f in conditions.items)
    assert figures(PRE, old, threshold=3).score == 75


def test_the_indicator_averages_whole_agreement_modules_only():
    pre = figures(PRE, responses(PRE, [(5, 5, 5), (5, 5, 5), (5, 5, 5)]), 3)  # 100
    readiness_rows = [(1, 1, 1, 1, 1)] * 3  # 0
    readiness = figures(ModuleId.READINESS, responses(ModuleId.READINESS, readiness_rows), 3)
    partial = figures(ModuleId.LEADERSHIP, responses(ModuleId.LEADERSHIP, [(3, 3)] * 3), 3)
    phases = figures(ModuleId.PHASES, responses(ModuleId.PHASES, [(3,) * 20] * 3), 3)
    assert partial.partial and phases.score == 100
    found = indicator([pre, readiness, partial, phases])
    assert found.score == 50 and found.modules == (PRE, ModuleId.READINESS)


def test_tallies_split_a_snapshot_by_module_in_one_pass():
    found = [*responses(PRE, [(4, 4, 4)] * 3), *responses(ModuleId.READINESS, [(2,) * 5])]
    modules = [PRE, ModuleId.READINESS, ModuleId.CONDITIONS]
    assert tallies(modules, found) == tuple(tally(m, found) for m in modules)
