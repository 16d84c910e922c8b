"""A closed round's summary: profile, indicator, gates, flagged items, agenda and change."""

from flows.agenda import AgendaOutcome
from flows.group import tallies
from flows.model import ModuleId
from flows.summary import round_summary
from flows.trends import Change
from tests.flows.test_group import responses

PRE, FIT = ModuleId.PRECONDITIONS, ModuleId.READINESS


def snapshot(*modules):
    found = [r for module, rows in modules for r in responses(module, rows)]
    return tallies([module for module, _ in modules], found)


def test_a_round_with_a_split_and_a_weak_precondition():
    pre = [(1, 2, 4), (1, 2, 4), (5, 2, 4), (5, 2, 4), (5, 2, 4)]
    fit = [(4, 4, 4, 4, 4)] * 5
    found = round_summary(snapshot((PRE, pre), (FIT, fit)), threshold=3)
    # Preconditions: 1,1,5,5,5 → mean 3.4 → 60, urgency all 2 → 25, resources 75: 53.33.
    # Fit: 75. The indicator: (53.33 + 75) / 2 = 64.17.
    assert round(found.indicator.score, 2) == 64.17 and found.indicator.modules == (PRE, FIT)
    assert found.preconditions_first and not found.fit_in_doubt
    assert [(f.module, f.figures.item.id) for f in found.flagged] == [
        (PRE, "champions"),
        (PRE, "urgency"),
    ]
    assert found.agenda.outcome is AgendaOutcome.ITEMS
    assert [a.figures.item.id for a in found.agenda.items] == ["champions"]
    assert found.changes is None and found.respondents == 5


def test_the_change_since_the_previous_round_under_its_threshold():
    before = snapshot((PRE, [(3, 3, 3)] * 2))
    now = snapshot((PRE, [(4, 4, 4)] * 5), (FIT, [(4, 4, 4, 4, 4)] * 5))
    found = round_summary(now, threshold=3, before=before)
    pre, fit = found.changes
    assert pre.change is Change.WITHHELD_BEFORE and pre.score is None
    assert fit.change is Change.NEW
    assert found.agenda.outcome is AgendaOutcome.NOTHING_DIVERGES and found.flagged == ()


def test_a_round_with_one_respondent_is_withheld_and_too_few_to_rank():
    found = round_summary(snapshot((PRE, [(1, 1, 1)])), threshold=3)
    assert found.indicator is None and found.flagged == ()
    assert not found.preconditions_first
    assert found.agenda.outcome is AgendaOutcome.TOO_FEW_TO_RANK
