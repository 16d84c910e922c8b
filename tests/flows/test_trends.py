"""The change between two closed rounds, per module and item."""

from flows.group import figures
from flows.model import DONT_KNOW, ModuleId
from flows.trends import Change, changes
from tests.flows.test_group import responses

PRE, CONDITIONS = ModuleId.PRECONDITIONS, ModuleId.CONDITIONS


def round_of(*modules):
    return [figures(module, responses(module, rows), threshold=3) for module, rows in modules]


def by_item(module_change):
    return {c.item.id: c for c in module_change.items}


def test_scores_and_consensus_change_where_both_rounds_show_them():
    # Before: champions 3,3,3,3,3 (50, consensus 1); urgency 2,2,2,2,2 (25).
    # Now: champions 4,4,4,4,5 (80, 0.876); urgency 3,3,3,3,3 (50).
    before = round_of((PRE, [(3, 2, 4)] * 5))
    now = round_of((PRE, [(4, 3, 4)] * 4 + [(5, 3, 4)]))
    (module,) = changes(before, now)
    assert module.change is Change.COMPARED
    items = by_item(module)
    assert items["champions"].change is Change.COMPARED
    assert items["champions"].score == 30
    assert round(items["champions"].consensus, 3) == -0.124
    assert items["urgency"].score == 25 and items["resources"].score == 0
    assert items["champions"].median == 1
    # Module: (50 + 25 + 75) / 3 = 50 → (80 + 50 + 75) / 3 = 68.3.
    assert round(module.score, 1) == 18.3


def test_an_item_or_module_under_the_threshold_in_one_round_says_so():
    # Before: two answered champions, three the rest; now everything is shown.
    before = round_of((PRE, [(5, 4, 4), (5, 4, 4), (None, 4, 4)]))
    now = round_of((PRE, [(5, 4, 4)] * 3))
    items = by_item(changes(before, now)[0])
    assert items["champions"].change is Change.WITHHELD_BEFORE
    assert items["champions"].score is None and items["urgency"].change is Change.COMPARED
    items = by_item(changes(now, before)[0])
    assert items["champions"].change is Change.WITHHELD_NOW
    # A module with two respondents is withheld as a whole.
    thin = round_of((PRE, [(5, 4, 4)] * 2))
    (module,) = changes(thin, now)
    assert module.change is Change.WITHHELD_BEFORE and module.score is None
    assert all(c.change is Change.WITHHELD_BEFORE for c in module.items)
    (module,) = changes(thin, thin)
    assert module.change is Change.WITHHELD_BOTH


def test_items_and_modules_in_one_round_only_are_new_or_dropped():
    # The earlier round had no "resources" item, nor the five conditions.
    before = round_of((PRE, [(4, 4, None)] * 3))
    rows = [[4] * 11] * 3
    now = round_of((PRE, [(4, 4, 4)] * 3), (CONDITIONS, rows))
    pre, conditions = changes(before, now)
    assert by_item(pre)["resources"].change is Change.NEW
    assert conditions.change is Change.NEW and conditions.before is None
    assert all(c.change is Change.NEW for c in conditions.items)
    pre, conditions = changes(now, before)
    assert by_item(pre)["resources"].change is Change.DROPPED
    assert conditions.change is Change.DROPPED and conditions.score is None


def test_a_round_where_everyone_answered_dont_know_has_no_figure_to_compare():
    before = round_of((PRE, [(DONT_KNOW, 4, 4)] * 3))
    now = round_of((PRE, [(4, 4, 4)] * 3))
    items = by_item(changes(before, now)[0])
    assert items["champions"].change is Change.WITHHELD_BEFORE
    assert items["champions"].score is None


def test_the_spectrum_compares_its_placements():
    before = round_of((CONDITIONS, [[4] * 10 + [3]] * 5))
    now = round_of((CONDITIONS, [[4] * 10 + [5]] * 5))
    spectrum = by_item(changes(before, now)[0])["spectrum"]
    assert spectrum.change is Change.COMPARED and spectrum.score is None
    assert (spectrum.median, spectrum.consensus) == (2, 0)
