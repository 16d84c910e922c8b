"""How a group's answers to one item are spread, from the counts per value alone (never the
answer rows); docs/scoring.md says every rule and why.

- **Spread**: median and quartiles (R's and NumPy's default quantile, "type 7").
- **Consensus** (Tastle & Wierman, 2007): ``1 + Σ pᵢ·log₂(1 − |Xᵢ − μ| / d)``, d the width
  of the scale (agreement 4, checklist 2, spectrum 6): 1 when everyone gives the same answer,
  0 when the group splits evenly between the two ends.
- **Divergent**: consensus below 0.65. **Polarised**: divergent, with at least a quarter of
  the counted answers at each end of the scale (the outer quarter of its width: 1 and 5 on the
  agreement scale, "not started" and "in place" on the checklist, the first two and last two
  placements on the spectrum).
- Below 5 counted answers no index and no flag, whatever the anonymity settings.
- **Gate**: at least a third of the counted answers are 1 or 2 (which takes in every item
  whose median is 2 or lower).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from flows.model import DONT_KNOW, Choice, Scale
from flows.scoring import GATE_UP_TO

INDEX_FROM = 5
"""Counted answers an index or a flag needs: with fewer, every index is noise."""
DIVERGENT_BELOW = 0.65
END_SHARE = 4
"""Polarised: at least 1 in END_SHARE counted answers at each end."""
GATE_SHARE = 3
"""A gate fires when at least 1 in GATE_SHARE counted answers is 1 or 2."""


def counted(counts: Mapping[int, int]) -> dict[int, int]:
    """The counts of answers on the scale: "don't know" and empty values left out."""
    return {value: n for value, n in sorted(counts.items()) if value != DONT_KNOW and n > 0}


def width(scale: Scale) -> int:
    """The distance between the scale's two ends (d)."""
    values = [value for value in scale.values if value != DONT_KNOW]
    return max(values) - min(values)


def consensus(counts: Mapping[int, int], d: int) -> float:
    """Tastle–Wierman consensus in [0, 1]; ``counts`` must hold at least one answer."""
    shown = counted(counts)
    total = sum(shown.values())
    if not total:
        raise ValueError("no counted answer")
    mean = sum(value * n for value, n in shown.items()) / total
    terms = (n / total * math.log2(1 - abs(value - mean) / d) for value, n in shown.items())
    return min(1.0, max(0.0, 1 + math.fsum(terms)))


def quantile(counts: Mapping[int, int], p: float) -> float:
    """The p-quantile of the counted answers, interpolated between order statistics (type 7)."""
    shown = counted(counts)
    total = sum(shown.values())
    if not total:
        raise ValueError("no counted answer")
    position = (total - 1) * p
    below = math.floor(position)
    low, high = _order(shown, below), _order(shown, min(below + 1, total - 1))
    return low + (high - low) * (position - below)


def _order(counts: Mapping[int, int], k: int) -> int:
    """The k-th smallest answer (from 0)."""
    seen = 0
    for value, n in counts.items():
        seen += n
        if k < seen:
            return value
    raise IndexError(k)


@dataclass(frozen=True, slots=True)
class Spread:
    median: float
    q1: float
    q3: float

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1


def spread(counts: Mapping[int, int]) -> Spread | None:
    """Median and quartiles; None without a counted answer."""
    if not counted(counts):
        return None
    return Spread(quantile(counts, 0.5), quantile(counts, 0.25), quantile(counts, 0.75))


@dataclass(frozen=True, slots=True)
class Agreement:
    consensus: float
    divergent: bool
    polarised: bool


def agreement(counts: Mapping[int, int], scale: Scale) -> Agreement | None:
    """Consensus and its two flags; None below INDEX_FROM counted answers."""
    shown = counted(counts)
    total = sum(shown.values())
    if total < INDEX_FROM:
        return None
    d = width(scale)
    value = consensus(shown, d)
    divergent = value < DIVERGENT_BELOW
    low, high = _ends(scale)
    at_low = sum(n for v, n in shown.items() if v in low)
    at_high = sum(n for v, n in shown.items() if v in high)
    polarised = divergent and min(at_low, at_high) * END_SHARE >= total
    return Agreement(value, divergent, polarised)


def _ends(scale: Scale) -> tuple[frozenset[int], frozenset[int]]:
    """The values in the outer quarter of the scale's width, at each end."""
    values = sorted(value for value in scale.values if value != DONT_KNOW)
    reach = width(scale) / 4
    low = frozenset(v for v in values if v - values[0] < reach)
    high = frozenset(v for v in values if values[-1] - v < reach)
    return low, high


def gate(counts: Mapping[int, int]) -> bool:
    """At least a third of the counted answers are 1 or 2 (agreement scale)."""
    shown = counted(counts)
    total = sum(shown.values())
    low = sum(n for value, n in shown.items() if value <= GATE_UP_TO)
    return total > 0 and low * GATE_SHARE >= total


def choices_at(scale: Scale, x: float) -> tuple[Choice, ...]:
    """The choice a median or a quartile falls on, or the two it falls between."""
    low, high = scale.choice(math.floor(x)), scale.choice(math.ceil(x))
    found = (low,) if low is high else (low, high)
    return tuple(c for c in found if c is not None)
