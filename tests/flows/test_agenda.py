"""The discussion agenda: divergent items only, polarised first, and its two empty outcomes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.agenda import AgendaOutcome, agenda
from flows.content import MODULES
from flows.content.questions import MODULE_QUESTIONS, QUESTIONS, question
from flows.group import figures
from flows.model import DONT_KNOW, ModuleId
from tests.flows.test_group import responses

PRE, FIT = ModuleId.PRECONDITIONS, ModuleId.READINESS


def round_of(*modules):
    return [figures(module, responses(module, rows), threshold=3) for module, rows in modules]


def test_polarised_items_come_first_then_the_lowest_consensus():
    # champions polarised at 0.5; urgency divergent at 0.46; resources all agree.
    pre = list(
        zip(
            (1, 1, 3, 3, 3, 3, 5, 5),
            (1, 5, 5, 5, 5, 5, 5, 5),
            (4, 4, 4, 4, 4, 4, 4, 4),
            strict=True,
        )
    )
    # Fit: 2,3,3,4,5 on the first question (0.62), agreement elsewhere.
    fit = [(value, 4, 4, 4, 4) for value in (2, 3, 3, 4, 5)]
    found = agenda(round_of((PRE, pre), (FIT, fit)))
    assert found.outcome is AgendaOutcome.ITEMS
    assert [a.figures.item.id for a in found.items] == ["champions", "urgency", "complex_issue"]
    assert found.items[0].figures.polarised and found.items[0].module is PRE
    assert found.items[0].question == QUESTIONS[PRE]["champions"]
    assert (found.ranked, found.unranked) == (8, 0)


def test_at_most_five_items():
    rows = [(1,) * 9, (1,) * 9, (5,) * 9, (5,) * 9, (5,) * 9]
    found = agenda(round_of((ModuleId.LEADERSHIP, rows)))
    assert len(found.items) == 5 and all(a.figures.polarised for a in found.items)
    # Ties keep the content's order.
    items = [item.id for item in MODULES[ModuleId.LEADERSHIP].items]
    assert [a.figures.item.id for a in found.items] == items[:5]


def test_identical_answers_leave_nothing_on_the_agenda():
    found = agenda(round_of((PRE, [(4, 4, 4)] * 6)))
    assert found.items == () and found.outcome is AgendaOutcome.NOTHING_DIVERGES


def test_below_five_answers_there_are_too_few_to_rank():
    found = agenda(round_of((PRE, [(1, 1, 1), (5, 5, 5), (1, 1, 1), (5, 5, 5)])))
    assert found.outcome is AgendaOutcome.TOO_FEW_TO_RANK and found.unranked == 3
    assert agenda(round_of((PRE, [(1, 5, 1)]))).outcome is AgendaOutcome.TOO_FEW_TO_RANK
    everyone_unsure = round_of((PRE, [(DONT_KNOW,) * 3] * 6))
    assert agenda(everyone_unsure).outcome is AgendaOutcome.TOO_FEW_TO_RANK
    assert agenda([]).outcome is AgendaOutcome.TOO_FEW_TO_RANK


def test_items_too_thin_to_rank_are_counted_beside_those_that_agree():
    # Five answered champions alike; only three answered the others.
    rows = [(4, 2, 2), (4, 2, 2), (4, 5, 5), (4, None, None), (4, None, None)]
    found = agenda(round_of((PRE, rows)))
    assert found.outcome is AgendaOutcome.NOTHING_DIVERGES
    assert (found.ranked, found.unranked) == (1, 2)


def test_every_item_of_every_module_has_its_own_question():
    for module in MODULES.values():
        own = QUESTIONS[module.id]
        assert set(own) == {item.id for item in module.items}, module.id
        assert all(text.endswith("?") for text in own.values())
    assert len({text for own in QUESTIONS.values() for text in own.values()}) == 48
    assert question(PRE, "an_item_added_later") == MODULE_QUESTIONS[PRE]


answer = st.none() | st.integers(min_value=0, max_value=5)
rounds = st.lists(st.tuples(*[answer] * 9), max_size=12)


@settings(max_examples=60, deadline=None)
@given(rounds)
def test_the_agenda_holds_only_divergent_items_polarised_first(rows):
    found = agenda(round_of((ModuleId.LEADERSHIP, rows)))
    assert len(found.items) <= 5
    assert all(a.figures.divergent and a.figures.counted >= 5 for a in found.items)
    flags = [a.figures.polarised for a in found.items]
    assert flags == sorted(flags, reverse=True)
    if found.outcome is AgendaOutcome.TOO_FEW_TO_RANK:
        assert found.ranked == 0
