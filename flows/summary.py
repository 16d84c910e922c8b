"""Everything a coach reads about a closed round, in one value computed from its snapshot (and
the previous closed round's, for the change): the module profile beside the indicator, the
group's gates, the items flagged weak, divergent or polarised, the discussion agenda and the
change since the previous round. Both languages render the same value; docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flows.agenda import Agenda, agenda
from flows.group import Indicator, ItemFigures, ModuleFigures, Tally, figures_of, indicator
from flows.model import ModuleId
from flows.trends import ModuleChange, changes


@dataclass(frozen=True, slots=True)
class Flagged:
    module: ModuleId
    figures: ItemFigures


@dataclass(frozen=True, slots=True)
class RoundSummary:
    modules: tuple[ModuleFigures, ...]
    """The profile, in the round's order of modules."""
    indicator: Indicator | None
    flagged: tuple[Flagged, ...]
    """Items weak (to strengthen), divergent or polarised, module by module."""
    agenda: Agenda
    changes: tuple[ModuleChange, ...] | None
    """None when there is no previous closed round."""

    @property
    def preconditions_first(self) -> bool:
        return any(m.preconditions_first for m in self.modules)

    @property
    def fit_in_doubt(self) -> bool:
        return any(m.fit_in_doubt for m in self.modules)

    @property
    def respondents(self) -> int:
        """The most respondents any module had (a module's own count is on its figures)."""
        return max((m.respondents for m in self.modules), default=0)


def summary(
    modules: Sequence[ModuleFigures], previous: Sequence[ModuleFigures] | None = None
) -> RoundSummary:
    """The summary of a closed round's figures, and the change since ``previous``."""
    flagged = tuple(Flagged(m.module.id, f) for m in modules if not m.withheld for f in m.flagged)
    return RoundSummary(
        tuple(modules),
        indicator(modules),
        flagged,
        agenda(modules),
        None if previous is None else changes(previous, modules),
    )


def round_summary(
    now: Iterable[Tally], threshold: int, before: Iterable[Tally] | None = None
) -> RoundSummary:
    """The summary of a closed round from its counts, with the previous one's when given."""
    previous = None if before is None else [figures_of(t, threshold) for t in before]
    return summary([figures_of(t, threshold) for t in now], previous)
