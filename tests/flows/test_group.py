"""Group figures of a closed round, on hand-computed snapshots (docs/scoring.md)."""

from flows.content import MODULES
from flows.group import Response, figures
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
