"""The discussion agenda of a closed round: the items where the group disagrees most, each with
an open question for the next meeting. docs/scoring.md says why.

Only divergent items are candidates, polarised ones first, then the lowest consensus first;
an item the group agrees on is never on it. An item with fewer than 5 counted answers has no
consensus and cannot be ranked: it is counted as such, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from flows.content.questions import question
from flows.group import ItemFigures, ModuleFigures
from flows.model import ModuleId

AGENDA_SIZE = 5


class AgendaOutcome(StrEnum):
    ITEMS = "items"
    NOTHING_DIVERGES = "nothing diverges"
    """Some items could be ranked, and the group agrees on each of them."""
    TOO_FEW_TO_RANK = "too few to rank"
    """No item has the 5 counted answers a consensus needs."""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    module: ModuleId
    figures: ItemFigures
    question: str
    """An English msgid: the open question for the next meeting."""


@dataclass(frozen=True, slots=True)
class Agenda:
    items: tuple[AgendaItem, ...]
    ranked: int
    """Items with a consensus (at least 5 counted answers, over the anonymity threshold)."""
    unranked: int
    """Items someone answered that have too few counted answers to be ranked."""

    @property
    def outcome(self) -> AgendaOutcome:
        if self.items:
            return AgendaOutcome.ITEMS
        return AgendaOutcome.NOTHING_DIVERGES if self.ranked else AgendaOutcome.TOO_FEW_TO_RANK


def agenda(modules: Iterable[ModuleFigures], size: int = AGENDA_SIZE) -> Agenda:
    """Up to ``size`` divergent items, polarised first, then by consensus, lowest first; ties
    keep the round's order of modules and items."""
    candidates: list[tuple[bool, float, int, AgendaItem]] = []
    ranked = unranked = 0
    for m in modules:
        if m.withheld:
            unranked += sum(1 for f in m.items if f.answered)
            continue
        for f in m.items:
            if f.consensus is None:
                unranked += f.answered
                continue
            ranked += 1
            if f.divergent:
                entry = AgendaItem(m.module.id, f, question(m.module.id, f.item.id))
                candidates.append((not f.polarised, f.consensus, len(candidates), entry))
    candidates.sort(key=lambda c: c[:3])
    return Agenda(tuple(c[3] for c in candidates[:size]), ranked, unranked)
