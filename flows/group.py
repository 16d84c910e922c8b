"""A closed round's group figures, computed from its stored snapshot (respondent numbers,
items, values), never from live answers. docs/scoring.md says every rule.

A figure is shown only where at least ``threshold`` people gave a counted answer ("don't
know" does not count); below it only that the figure is withheld, so that no one's answer can be
recognised. Items are scored as for one person (flows/scoring.py); an item's group score is the
mean of its counted answers, a module's the mean of its shown items' scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from flows.content import MODULES
from flows.model import DONT_KNOW, Answer, Group, Item, Module, ModuleId, ScaleKind
from flows.scoring import Band, band, item_score, summarize


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's answer in a round's snapshot."""

    respondent: int
    module: ModuleId
    item_id: str
    value: int


@dataclass(frozen=True, slots=True)
class ItemFigures:
    item: Item
    counted: int
    dont_know: int
    distribution: Mapping[int, int]
    """Counted answers by value; empty when withheld."""
    score: float | None
    """0-100; None when withheld or for a placement."""

    @property
    def withheld(self) -> bool:
        return not self.distribution and self.counted > 0

    @property
    def band(self) -> Band | None:
        return None if self.score is None else band(self.score)


@dataclass(frozen=True, slots=True)
class ModuleFigures:
    module: Module
    respondents: int
    """People who answered at least one of its items (a "don't know" included)."""
    items: tuple[ItemFigures, ...]
    score: float | None
    """The mean of its shown items' scores; None when none is shown."""
    phases: Mapping[str, int]
    """For phases: how many respondents place the initiative in each phase (by group id)."""
    phase_progress: Mapping[str, float]
    """For phases: the mean progress of each phase over its shown items."""
    withheld: bool
    """Too few respondents for any figure."""

    @property
    def bands(self) -> dict[Band, int]:
        counts = Counter(f.band for f in self.items if f.band is not None)
        return {b: counts.get(b, 0) for b in Band}

    @property
    def placements(self) -> tuple[ItemFigures, ...]:
        return tuple(f for f in self.items if _placement(self.module, f.item))


def figures(module_id: ModuleId, responses: Iterable[Response], threshold: int) -> ModuleFigures:
    """The group figures of one module of a closed round."""
    module = MODULES[module_id]
    mine = [r for r in responses if r.module is module_id]
    by_item: dict[str, list[int]] = {}
    for r in mine:
        by_item.setdefault(r.item_id, []).append(r.value)
    items = tuple(
        _item(module, item, by_item.get(item.id, []), threshold) for item in module.items
    )
    scores = [f.score for f in items if f.score is not None]
    respondents = len({r.respondent for r in mine})
    phases, progress = {}, {}
    if module.groups:
        phases = _placed(mine, threshold)
        progress = {g.id: s for g in module.groups if (s := _progress(g, items)) is not None}
    return ModuleFigures(
        module,
        respondents,
        items,
        fmean(scores) if scores else None,
        phases,
        progress,
        withheld=0 < respondents < threshold,
    )


def _item(module: Module, item: Item, values: list[int], threshold: int) -> ItemFigures:
    counted = [v for v in values if v != DONT_KNOW]
    dont_know = len(values) - len(counted)
    if len(counted) < threshold:
        return ItemFigures(item, len(counted), dont_know, {}, None)
    scale = module.scale_for(item)
    distribution = {c.value: counted.count(c.value) for c in scale.choices if c.value}
    scores = [s for v in counted if (s := item_score(scale, v)) is not None]
    return ItemFigures(
        item, len(counted), dont_know, distribution, fmean(scores) if scores else None
    )


def _placed(responses: list[Response], threshold: int) -> dict[str, int]:
    """Where each respondent's answers place the initiative, as for one person."""
    answers: dict[int, dict[str, Answer]] = {}
    for r in responses:
        answers.setdefault(r.respondent, {})[r.item_id] = Answer(r.item_id, r.value)
    current = [summarize(ModuleId.PHASES, given).current_group for given in answers.values()]
    placed = Counter(group.id for group in current if group is not None)
    if sum(placed.values()) < threshold:
        return {}
    return {g.id: placed.get(g.id, 0) for g in MODULES[ModuleId.PHASES].groups}


def _progress(group: Group, items: tuple[ItemFigures, ...]) -> float | None:
    scores = [f.score for f in items if f.item.group == group.id and f.score is not None]
    return fmean(scores) if scores else None


def _placement(module: Module, item: Item) -> bool:
    return module.scale_for(item).kind is ScaleKind.PLACEMENT
