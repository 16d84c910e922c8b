"""The change between two closed rounds of one initiative, per module and item, from their
group figures. docs/scoring.md says why.

A change is given only where both rounds show a figure: an item or a module under the
anonymity threshold in either round says so instead. An item is part of a round when someone
answered it (a "don't know" included), since the snapshot keeps answers, not the content of the
day: an item only one round has is new or dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from flows.group import ItemFigures, ModuleFigures
from flows.model import Item, Module

Figures = TypeVar("Figures", ItemFigures, ModuleFigures)


class Change(StrEnum):
    COMPARED = "compared"
    WITHHELD_BEFORE = "withheld before"
    """Under the threshold in the earlier round only."""
    WITHHELD_NOW = "withheld now"
    """Under the threshold in the later round only."""
    WITHHELD_BOTH = "withheld both"
    NEW = "new"
    """Only in the later round."""
    DROPPED = "dropped"
    """Only in the earlier round."""


@dataclass(frozen=True, slots=True)
class ItemChange:
    before: ItemFigures | None
    now: ItemFigures | None
    change: Change

    @property
    def item(self) -> Item:
        figures = self.now or self.before
        assert figures is not None
        return figures.item

    @property
    def score(self) -> float | None:
        """The change of the group score, in points of 0-100."""
        if self.before is None or self.now is None:
            return None
        return _delta(self.before.score, self.now.score)

    @property
    def consensus(self) -> float | None:
        """The change of the consensus, when both rounds have one."""
        if self.before is None or self.now is None:
            return None
        return _delta(self.before.consensus, self.now.consensus)

    @property
    def median(self) -> float | None:
        """The change of the median (for the spectrum: how far placements moved)."""
        if self.before is None or self.now is None:
            return None
        before, now = self.before.spread, self.now.spread
        return None if before is None or now is None else now.median - before.median


@dataclass(frozen=True, slots=True)
class ModuleChange:
    module: Module
    before: ModuleFigures | None
    now: ModuleFigures | None
    change: Change
    items: tuple[ItemChange, ...]

    @property
    def score(self) -> float | None:
        """The change of the module's group score, when both rounds show one."""
        if self.before is None or self.now is None:
            return None
        return _delta(self.before.score, self.now.score)


def changes(
    before: Iterable[ModuleFigures], now: Iterable[ModuleFigures]
) -> tuple[ModuleChange, ...]:
    """Every module of either round, in the later round's order, then the dropped ones."""
    earlier = {m.module.id: m for m in before if m.respondents}
    later = {m.module.id: m for m in now if m.respondents}
    order = [*later, *(m for m in earlier if m not in later)]
    return tuple(_module(earlier.get(m), later.get(m)) for m in order)


def _module(before: ModuleFigures | None, now: ModuleFigures | None) -> ModuleChange:
    either = now or before
    assert either is not None
    module = either.module
    change = _change(before, now, _module_shown)
    old = {f.item.id: f for f in before.items if f.answered} if before else {}
    new = {f.item.id: f for f in now.items if f.answered} if now else {}
    order = [i.id for i in module.items if i.id in old or i.id in new]
    items = tuple(
        ItemChange(old.get(i), new.get(i), _change(old.get(i), new.get(i), _shown)) for i in order
    )
    return ModuleChange(module, before, now, change, items)


def _shown(figures: ItemFigures) -> bool:
    """Figures shown: at least the threshold of counted answers."""
    return bool(figures.distribution)


def _module_shown(figures: ModuleFigures) -> bool:
    return not figures.withheld and figures.score is not None


def _change(
    before: Figures | None, now: Figures | None, shown: Callable[[Figures], bool]
) -> Change:
    if before is None:
        return Change.NEW
    if now is None:
        return Change.DROPPED
    if shown(before) and shown(now):
        return Change.COMPARED
    if shown(before):
        return Change.WITHHELD_NOW
    return Change.WITHHELD_BEFORE if shown(now) else Change.WITHHELD_BOTH


def _delta(before: float | None, now: float | None) -> float | None:
    return None if before is None or now is None else now - before
