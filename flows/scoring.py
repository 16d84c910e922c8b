"""Scores and summaries for one person, per module.

Agreement items: the 1-5 mean, shown as 0-100 ((mean - 1) / 4). Checklist items: in place 100,
under way 50, not started 0. "Don't know" is stored but never counted. Bands on the 0-100 score
follow Wilder's cut-offs on the 1-5 mean: >= 75 (mean 4.0) strength, >= 50 (mean 3.0) to
discuss, below that to strengthen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

from flows.content import MODULES
from flows.model import DONT_KNOW, N_, Answer, Group, Item, Module, ModuleId, ScaleKind

STRENGTH_FROM = 75.0
DISCUSS_FROM = 50.0
WEAK_PRECONDITION_BELOW = 3
ITEM_STEPS = 3
MODULE_STEPS = 3


class Band(StrEnum):
    STRENGTH = "strength"
    DISCUSS = "discuss"
    STRENGTHEN = "strengthen"


BAND_LABELS = {
    Band.STRENGTH: N_("strength"),
    Band.DISCUSS: N_("to discuss"),
    Band.STRENGTHEN: N_("to strengthen"),
}


def band(score: float) -> Band:
    if score >= STRENGTH_FROM:
        return Band.STRENGTH
    return Band.DISCUSS if score >= DISCUSS_FROM else Band.STRENGTHEN


def item_score(module: Module, value: int | None) -> float | None:
    """0-100 for one answer, None when it does not count."""
    if value is None or value == DONT_KNOW:
        return None
    if module.scale.kind is ScaleKind.AGREEMENT:
        return (value - 1) * 25.0
    return (value - 1) * 50.0


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: Item
    answer: Answer | None
    score: float | None

    @property
    def band(self) -> Band | None:
        return None if self.score is None else band(self.score)

    @property
    def value(self) -> int | None:
        return None if self.answer is None else self.answer.value


@dataclass(frozen=True, slots=True)
class GroupResult:
    group: Group
    score: float | None
    """0-100, None when nothing in the group counts."""


@dataclass(frozen=True, slots=True)
class ModuleSummary:
    module: Module
    items: tuple[ItemResult, ...]
    score: float | None
    groups: tuple[GroupResult, ...]
    current_group: Group | None
    """For phases: the earliest phase not yet in place; it moves back when answers do."""

    @property
    def band(self) -> Band | None:
        return None if self.score is None else band(self.score)

    @property
    def mean(self) -> float | None:
        """The 1-5 mean of an agreement module."""
        if self.score is None or self.module.scale.kind is not ScaleKind.AGREEMENT:
            return None
        return 1 + self.score / 25

    @property
    def answered(self) -> int:
        return sum(1 for result in self.items if result.value is not None)

    @property
    def dont_know(self) -> int:
        return sum(1 for result in self.items if result.value == DONT_KNOW)

    @property
    def strengths(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.items if r.band is Band.STRENGTH)

    @property
    def to_discuss(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.items if r.band is Band.DISCUSS)

    @property
    def to_strengthen(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.items if r.band is Band.STRENGTHEN)

    @property
    def next_steps(self) -> tuple[str, ...]:
        """The weakest items' own steps first, then the module's: a short list to act on."""
        weakest = sorted((*self.to_strengthen, *self.to_discuss), key=lambda r: r.score or 0.0)
        own = [r.item.next_step for r in weakest[:ITEM_STEPS]]
        return tuple(dict.fromkeys([*own, *self.module.next_steps[:MODULE_STEPS]]))

    @property
    def preconditions_first(self) -> bool:
        """A weak precondition: cultivate the preconditions before a full planning process."""
        return self.module.id is ModuleId.PRECONDITIONS and any(
            r.value is not None and r.value != DONT_KNOW and r.value < WEAK_PRECONDITION_BELOW
            for r in self.items
        )


def _mean(scores: list[float | None]) -> float | None:
    counted = [score for score in scores if score is not None]
    return fmean(counted) if counted else None


def summarize(module_id: ModuleId, answers: Mapping[str, Answer]) -> ModuleSummary:
    """The profile of one person's answers to one module."""
    module = MODULES[module_id]
    items = tuple(
        ItemResult(item, answers.get(item.id), item_score(module, _value(answers, item.id)))
        for item in module.items
    )
    groups = tuple(
        GroupResult(group, _mean([r.score for r in items if r.item.group == group.id]))
        for group in module.groups
    )
    return ModuleSummary(module, items, _mean([r.score for r in items]), groups, _current(groups))


def _value(answers: Mapping[str, Answer], item_id: str) -> int | None:
    answer = answers.get(item_id)
    return None if answer is None else answer.value


def _current(groups: tuple[GroupResult, ...]) -> Group | None:
    if not groups or all(result.score is None for result in groups):
        return None
    for result in groups:
        if result.score is None or result.score < STRENGTH_FROM:
            return result.group
    return groups[-1].group
