"""The sides a collective's members speak from (ANCT's *trinôme*: State services, local
authority, civil society; and residents, businesses), and where a closed round's perspectives
see an item differently. docs/scoring.md says the rules.

A perspective is shown for an item only with at least ``threshold`` counted answers, and only
when everyone else — those of other perspectives and those who gave none — also has at least
``threshold``: otherwise its answers could be recovered from the whole and the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from flows.agreement import counted, spread
from flows.model import N_


class Perspective(StrEnum):
    STATE = "state"
    LOCAL = "local"
    CIVIL = "civil"
    RESIDENT = "resident"
    BUSINESS = "business"
    OTHER = "other"


PERSPECTIVE_LABELS = {
    Perspective.STATE: N_("State services"),
    Perspective.LOCAL: N_("Local authority"),
    Perspective.CIVIL: N_("Association or civil society"),
    Perspective.RESIDENT: N_("Resident or citizen council"),
    Perspective.BUSINESS: N_("Business"),
    Perspective.OTHER: N_("Other"),
}
APART = 1.0
"""Medians at least this far apart (in scale points) make a difference."""

Counts = Mapping[int, int]


@dataclass(frozen=True, slots=True)
class Seen:
    perspective: Perspective
    median: float
    counted: int


def seen_apart(
    by_perspective: Mapping[Perspective, Counts], everyone: Counts, threshold: int
) -> tuple[Seen, ...]:
    """How each perspective sees one item, when at least two of them may be shown and their
    medians are at least APART apart; empty otherwise. ``everyone``: all the item's answers."""
    total = sum(counted(everyone).values())
    shown = []
    for perspective, counts in by_perspective.items():
        n = sum(counted(counts).values())
        if n < threshold:
            continue
        if total - n < threshold:
            return ()  # the rest would give this perspective's answers away
        found = spread(counts)
        assert found is not None
        shown.append(Seen(perspective, found.median, n))
    if len(shown) < 2 or max(s.median for s in shown) - min(s.median for s in shown) < APART:
        return ()
    return tuple(sorted(shown, key=lambda s: list(Perspective).index(s.perspective)))
