"""Where perspectives see an item differently, without giving anyone's answers away."""

from hypothesis import given
from hypothesis import strategies as st

from flows.model import DONT_KNOW
from flows.perspectives import Perspective, Seen, seen_apart

STATE, LOCAL, CIVIL = Perspective.STATE, Perspective.LOCAL, Perspective.CIVIL


def test_two_perspectives_a_point_apart_are_shown_in_order():
    state, civil = {4: 3}, {2: 2, 3: 1}
    everyone = {4: 3, 2: 2, 3: 1, 5: 3}  # three more who gave no perspective
    assert seen_apart({CIVIL: civil, STATE: state}, everyone, 3) == (
        Seen(STATE, 4.0, 3),
        Seen(CIVIL, 2.0, 3),
    )


def test_medians_less_than_a_point_apart_make_no_difference():
    assert seen_apart({STATE: {4: 3}, CIVIL: {4: 2, 3: 1}}, {4: 5, 3: 1, 1: 3}, 3) == ()


def test_a_perspective_under_the_threshold_is_not_shown_and_alone_shows_nothing():
    # Local has two people: not shown; State alone is no comparison.
    assert seen_apart({STATE: {5: 3}, LOCAL: {1: 2}}, {5: 3, 1: 2, 3: 3}, 3) == ()


def test_nothing_is_shown_when_the_rest_would_give_a_perspective_away():
    # State 3, Civil 3 and one person of none: each leaves a rest of 4, so both are shown.
    assert seen_apart({STATE: {5: 3}, CIVIL: {1: 3}}, {5: 3, 1: 3, 3: 1}, 3) != ()
    # Only State and Civil answered, Civil with 2 (hidden): State's rest is Civil's 2 answers.
    assert seen_apart({STATE: {5: 3}, CIVIL: {1: 2}}, {5: 3, 1: 2}, 3) == ()


def test_dont_know_is_not_counted():
    everyone = {5: 3, 1: 3, DONT_KNOW: 4}
    assert seen_apart({STATE: {5: 3}, CIVIL: {1: 1, DONT_KNOW: 4}}, everyone, 3) == ()


@given(
    st.dictionaries(
        st.sampled_from(list(Perspective)),
        st.dictionaries(st.integers(1, 5), st.integers(0, 6), max_size=5),
        max_size=6,
    ),
    st.integers(0, 10),
    st.integers(3, 6),
)
def test_every_shown_perspective_meets_the_threshold_and_leaves_a_rest_that_does(
    parts, without, threshold
):
    everyone: dict[int, int] = {3: without}
    for counts in parts.values():
        for value, n in counts.items():
            everyone[value] = everyone.get(value, 0) + n
    total = sum(n for v, n in everyone.items() if v != DONT_KNOW)
    shown = seen_apart(parts, everyone, threshold)
    assert len(shown) != 1
    for seen in shown:
        assert seen.counted >= threshold and total - seen.counted >= threshold
