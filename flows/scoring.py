"""Scores and summaries for one person, per module; docs/scoring.md says every rule.

Agreement items: 1-5, shown as 0-100 ((value - 1) × 25). Checklist items: in place 100, under
way 50, not started 0. "Don't know" is stored, never counted, and listed as to find out. Bands
on the 0-100 score follow Wilder's cut-offs on the 1-5 mean: >= 75 (mean 4.0) strength, >= 50
(mean 3.0) to discuss, below that to strengthen. Figures are rounded half up where they are
shown (flows/i18n.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

from flows.content import MODULES
from flows.model import DONT_KNOW, N_, Answer, Group, Item, Module, ModuleId, Scale, ScaleKind

STRENGTH_FROM = 75.0
DISCUSS_FROM = 50.0
GATE_UP_TO = 2
"""An agreement answer of 1 or 2 on a precondition or a fit question fires its gate."""
IN_PLACE_FROM = 75.0
ITEM_STEPS = 3
STEPS = 5


class Band(StrEnum):
    STRENGTH = "strength"
    DISCUSS = "discuss"
    STRENGTHEN = "strengthen"


BAND_LABELS = {
    Band.STRENGTH: N_("strength"),
    Band.DISCUSS: N_("to discuss"),
    Band.STRENGTHEN: N_("to strengthen"),
}


class PhaseStatus(StrEnum):
    IN_PLACE = "in place"
    UNDER_WAY = "under way"
    NOT_STARTED = "not started"
    TO_FIND_OUT = "to find out"
    NOT_YET = "not yet"
    """A later phase than the current one: not a weakness."""


PHASE_LABELS = {
    PhaseStatus.IN_PLACE: N_("in place"),
    PhaseStatus.UNDER_WAY: N_("under way"),
    PhaseStatus.NOT_STARTED: N_("not started"),
    PhaseStatus.TO_FIND_OUT: N_("to find out"),
    PhaseStatus.NOT_YET: N_("not yet"),
}


def band(score: float) -> Band:
    if score >= STRENGTH_FROM:
        return Band.STRENGTH
    return Band.DISCUSS if score >= DISCUSS_FROM else Band.STRENGTHEN


def item_score(scale: Scale, value: int | None) -> float | None:
    """0-100 for one answer, None when it does not count (a placement never does)."""
    if value is None or value == DONT_KNOW or scale.kind is ScaleKind.PLACEMENT:
        return None
    if scale.kind is ScaleKind.AGREEMENT:
        return (value - 1) * 25.0
    return (value - 1) * 50.0


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: Item
    answer: Answer | None
    score: float | None
    later: bool = False
    """In a phase after the current one: not yet, never a weakness."""
    placement: bool = False

    @property
    def band(self) -> Band | None:
        return None if self.score is None else band(self.score)

    @property
    def value(self) -> int | None:
        return None if self.answer is None else self.answer.value

    @property
    def open(self) -> bool:
        """Weak, to discuss or to find out, and not in a later phase."""
        unknown = self.value == DONT_KNOW
        return not self.later and (unknown or self.band in (Band.DISCUSS, Band.STRENGTHEN))


@dataclass(frozen=True, slots=True)
class GroupResult:
    group: Group
    score: float | None
    """0-100, None when nothing in the group counts."""
    status: PhaseStatus | None = None
    """None: nothing answered in it."""

    @property
    def in_place(self) -> bool:
        return self.status is PhaseStatus.IN_PLACE


@dataclass(frozen=True, slots=True)
class ModuleSummary:
    module: Module
    items: tuple[ItemResult, ...]
    score: float | None
    groups: tuple[GroupResult, ...] = ()
    current_group: Group | None = None
    """For phases: the earliest phase not in place; it moves back when answers do."""

    @property
    def counted(self) -> int:
        return sum(1 for r in self.items if r.score is not None)

    @property
    def scored(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.items if not r.placement)

    @property
    def placements(self) -> tuple[ItemResult, ...]:
        """Where the person places the group (the collaboration spectrum): never scored."""
        return tuple(r for r in self.items if r.placement)

    @property
    def partial(self) -> bool:
        """Fewer than two thirds of the scored items have a counted answer: no verdict."""
        return self.counted < math.ceil(2 * len(self.scored) / 3)

    @property
    def band(self) -> Band | None:
        """The module's verdict: none while partial, and none for the phases as a whole."""
        if self.score is None or self.partial or self.groups:
            return None
        return band(self.score)

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
        return tuple(r for r in self.items if not r.later and r.band is Band.DISCUSS)

    @property
    def to_strengthen(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.items if not r.later and r.band is Band.STRENGTHEN)

    @property
    def to_find_out(self) -> tuple[ItemResult, ...]:
        return tuple(r for r in self.items if not r.later and r.value == DONT_KNOW)

    @property
    def preconditions_first(self) -> bool:
        """A precondition answered 1 or 2: cultivate the preconditions before a full planning
        process."""
        return self.module.id is ModuleId.PRECONDITIONS and self._gate()

    @property
    def fit_in_doubt(self) -> bool:
        """A fit question answered 1 or 2: collective impact may not fit yet."""
        return self.module.id is ModuleId.READINESS and self._gate()

    def _gate(self) -> bool:
        return any(r.score is not None and (r.value or 0) <= GATE_UP_TO for r in self.items)

    @property
    def next_steps(self) -> tuple[str, ...]:
        """The weakest items' own steps, then the module's steps that fit the answers; each
        once, at most STEPS. For phases, only the current phase's items count."""
        weak = [r for r in (*self.to_strengthen, *self.to_discuss) if self._current(r)]
        own = sorted(weak, key=lambda r: r.score or 0.0)[:ITEM_STEPS]
        shown = {r.item.id for r in own}
        open_ids = {r.item.id for r in self.items if r.open and self._current(r)}
        targeted, general = [], []
        for step in self.module.next_steps:
            if not step.about:
                general.append(step.text)
            elif open_ids & set(step.about) and not set(step.about) <= shown:
                targeted.append(step.text)
        steps = [r.item.next_step for r in own] + targeted + general
        return tuple(dict.fromkeys(steps))[:STEPS]

    def _current(self, result: ItemResult) -> bool:
        return self.current_group is None or result.item.group == self.current_group.id


def summarize(module_id: ModuleId, answers: Mapping[str, Answer]) -> ModuleSummary:
    """The profile of one person's answers to one module."""
    module = MODULES[module_id]
    items = []
    for item in module.items:
        scale = module.scale_for(item)
        value = _value(answers, item.id)
        placement = scale.kind is ScaleKind.PLACEMENT
        items.append(
            ItemResult(item, answers.get(item.id), item_score(scale, value), False, placement)
        )
    score = _mean([r.score for r in items])
    if not module.groups:
        return ModuleSummary(module, tuple(items), score)
    groups = [_phase(g, [r for r in items if r.item.group == g.id]) for g in module.groups]
    if all(g.status is None for g in groups):
        return ModuleSummary(module, tuple(items), score, tuple(groups))
    current = next((g for g in groups if not g.in_place), groups[-1])  # all in place: the last
    later = _after(module, current.group)
    items = [
        ItemResult(r.item, r.answer, r.score, r.item.group in later, r.placement) for r in items
    ]
    groups = [
        GroupResult(g.group, g.score, PhaseStatus.NOT_YET)
        if g.group.id in later and not g.in_place
        else g
        for g in groups
    ]
    return ModuleSummary(module, tuple(items), score, tuple(groups), current.group)


def _phase(group: Group, results: list[ItemResult]) -> GroupResult:
    """In place: every item counted, none not started, progress at least 75 %."""
    scores = [r.score for r in results]
    score, values = _mean(scores), [r.value for r in results]
    if all(value is None for value in values):
        return GroupResult(group, score)
    counted = [s for s in scores if s is not None]
    if len(counted) == len(results) and min(counted) > 0 and fmean(counted) >= IN_PLACE_FROM:
        return GroupResult(group, score, PhaseStatus.IN_PLACE)
    if DONT_KNOW in values:
        return GroupResult(group, score, PhaseStatus.TO_FIND_OUT)
    if score is None or score == 0:
        return GroupResult(group, score, PhaseStatus.NOT_STARTED)
    return GroupResult(group, score, PhaseStatus.UNDER_WAY)


def _after(module: Module, current: Group) -> set[str]:
    ids = [group.id for group in module.groups]
    return set(ids[ids.index(current.id) + 1 :])


def _mean(scores: list[float | None]) -> float | None:
    counted = [score for score in scores if score is not None]
    return fmean(counted) if counted else None


def _value(answers: Mapping[str, Answer], item_id: str) -> int | None:
    answer = answers.get(item_id)
    return None if answer is None else answer.value
