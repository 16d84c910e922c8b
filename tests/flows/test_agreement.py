"""Spread, consensus and flags of one item's answers, on hand-computed counts."""

import math
import statistics
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.agreement import (
    INDEX_FROM,
    agreement,
    choices_at,
    consensus,
    gate,
    quantile,
    spread,
    width,
)
from flows.content.scales import AGREEMENT, CHECKLIST, SPECTRUM
from flows.model import DONT_KNOW


def counts(*values):
    return dict(Counter(values))


def test_the_agrmt_example():
    # agrmt's documented example: consensus(c(30, 40, 210, 130, 530, 50, 10)) = 0.7257.
    frequencies = dict(enumerate((30, 40, 210, 130, 530, 50, 10), start=1))
    assert round(consensus(frequencies, 6), 4) == 0.7257


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((4, 4, 4, 4, 5), 0.88),  # the table in the design notes
        ((2, 3, 3, 4, 5), 0.62),
        ((1, 2, 3, 4, 5), 0.43),
        ((1, 1, 5, 5, 5), 0.03),
        ((3, 3, 4, 5, 5), 0.67),  # mean 4: 1 + 0.8 × log2(1 - 1/4)
        ((2, 2, 2, 4, 4, 4), 0.58),  # mean 3: 1 + log2(3/4) = 0.585
        ((3, 3, 3, 3, 3), 1.0),
        ((1, 1, 5, 5), 0.0),  # an even split between the two ends
    ],
)
def test_consensus_on_the_agreement_scale(values, expected):
    assert round(consensus(counts(*values), 4), 2) == expected


def test_the_width_of_each_scale():
    assert (width(AGREEMENT), width(CHECKLIST), width(SPECTRUM)) == (4, 2, 6)


def test_dont_know_never_counts():
    assert consensus({4: 5, DONT_KNOW: 7}, 4) == 1.0
    assert spread({DONT_KNOW: 3}) is None
    with pytest.raises(ValueError):
        consensus({DONT_KNOW: 3}, 4)


def test_quartiles_interpolate_between_answers():
    # 1, 2, 3, 4: positions 0.75, 1.5 and 2.25 of 0..3.
    found = spread(counts(1, 2, 3, 4))
    assert (found.q1, found.median, found.q3, found.iqr) == (1.75, 2.5, 3.25, 1.5)
    split = spread(counts(1, 1, 5, 5, 5))
    assert (split.q1, split.median, split.q3) == (1, 5, 5)


def test_no_index_below_five_counted_answers():
    assert INDEX_FROM == 5
    assert agreement(counts(1, 1, 5, 5), AGREEMENT) is None
    assert agreement({1: 2, 5: 2, DONT_KNOW: 4}, AGREEMENT) is None
    assert agreement(counts(1, 1, 5, 5, 5), AGREEMENT) is not None


@pytest.mark.parametrize(
    ("values", "divergent", "polarised"),
    [
        ((4, 4, 4, 4, 5), False, False),
        ((3, 3, 4, 5, 5), False, False),  # 0.668: just above the cut-off
        ((2, 3, 3, 4, 5), True, False),
        ((1, 2, 3, 4, 5), True, False),  # evenly spread: one answer in five at each end
        ((2, 2, 2, 4, 4, 4), True, False),  # split, but nobody at an end
        ((1, 5, 5, 5, 5), True, False),  # one dissenting voice is not a camp
        ((1, 1, 5, 5, 5), True, True),
        ((1, 1, 3, 5, 5), True, True),
        ((1, 1, 3, 3, 3, 3, 5, 5), True, True),  # a quarter at each end: consensus 0.5
    ],
)
def test_divergence_and_polarisation_on_the_agreement_scale(values, divergent, polarised):
    found = agreement(counts(*values), AGREEMENT)
    assert (found.divergent, found.polarised) == (divergent, polarised)


def test_the_ends_of_the_checklist_and_the_spectrum():
    # Checklist: not started against in place.
    assert agreement(counts(1, 1, 3, 3, 3), CHECKLIST).polarised
    assert not agreement(counts(2, 2, 2, 3, 3, 1), CHECKLIST).polarised
    # Spectrum: co-exist and collaborate are at the ends; communicate is not.
    assert agreement(counts(2, 2, 6, 6, 7), SPECTRUM).polarised
    assert not agreement(counts(3, 3, 6, 6, 7), SPECTRUM).polarised
    # 3, 4, 5, 6, 7: mean 5, 1 + 0.4 × log2(2/3) + 0.4 × log2(5/6) = 0.661, not divergent.
    found = agreement(counts(3, 4, 5, 6, 7), SPECTRUM)
    assert round(found.consensus, 3) == 0.661 and not found.divergent


@pytest.mark.parametrize(
    ("values", "fires"),
    [
        ((1, 4, 4), True),  # a third
        ((1, 4, 4, 4), False),  # a quarter
        ((2, 2, 2, 3, 3, 3), True),  # median 2.5, half at 2
        ((1, 1, 2, 5, 5), True),  # median 2
        ((3, 3, 3), False),
    ],
)
def test_the_gate_fires_when_a_third_answer_1_or_2(values, fires):
    assert gate(counts(*values)) is fires
    assert gate({DONT_KNOW: 9, **counts(*values)}) is fires


answer_counts = st.dictionaries(
    st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=40), min_size=1
)


@given(answer_counts)
def test_consensus_lies_in_0_1_and_is_1_only_when_all_agree(found):
    value = consensus(found, 4)
    assert 0 <= value <= 1
    assert (value == 1) is (len(found) == 1)


@given(answer_counts)
def test_consensus_is_symmetric_under_reversal(found):
    reversed_counts = {6 - value: n for value, n in found.items()}
    assert math.isclose(consensus(found, 4), consensus(reversed_counts, 4), abs_tol=1e-12)


@given(answer_counts)
def test_quantiles_match_the_inclusive_method_on_every_answer(found):
    answers = sorted(Counter(found).elements())
    assert quantile(found, 0.5) == pytest.approx(statistics.median(answers))
    if len(answers) > 1:
        q1, _, q3 = statistics.quantiles(answers, n=4, method="inclusive")
        assert (quantile(found, 0.25), quantile(found, 0.75)) == pytest.approx((q1, q3))


@given(answer_counts)
def test_polarised_is_always_divergent(found):
    result = agreement(found, AGREEMENT)
    assert result is None or not result.polarised or result.divergent


def test_a_median_falls_on_a_choice_or_between_two():
    assert [c.value for c in choices_at(AGREEMENT, 4.0)] == [4]
    assert [c.value for c in choices_at(AGREEMENT, 3.5)] == [3, 4]
    assert [c.value for c in choices_at(SPECTRUM, 5.25)] == [5, 6]
