"""A closed round's group figures, computed from its stored snapshot, never from live answers:
per module, the counts of answers per item and value, and for phases how many respondents each
phase holds. docs/scoring.md says every rule.

A figure is shown only where at least ``threshold`` people gave a counted answer ("don't
know" does not count); below it only the counts of answers, so that no one's answer can be
recognised. Items are scored as for one person (flows/scoring.py); an item's group score is the
mean of its counted answers, a module's the mean of its shown items' scores. The agreement
figures come from flows/agreement.py.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean

from flows.agreement import Agreement, Spread, agreement, counted, gate, spread
from flows.content import MODULES
from flows.model import DONT_KNOW, Answer, Group, Item, Module, ModuleId, ScaleKind
from flows.scoring import Band, band, item_score, summarize

GATED = (ModuleId.PRECONDITIONS, ModuleId.READINESS)
"""The modules whose weak items fire a gate: preconditions first, fit in doubt."""


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's answer in a round's snapshot."""

    respondent: int
    module: ModuleId
    item_id: str
    value: int


@dataclass(frozen=True, slots=True)
class Tally:
    """One module of a closed round's snapshot, as counts: all the group figures need."""

    module: ModuleId
    respondents: int
    """People who answered at least one of its items (a "don't know" included)."""
    counts: Mapping[str, Mapping[int, int]]
    """Answers by item id and value, "don't know" (0) included."""
    placed: Mapping[str, int] = field(default_factory=dict)
    """For phases: how many respondents' answers place the initiative in each phase."""


def tally(module_id: ModuleId, responses: Iterable[Response]) -> Tally:
    """The counts of one module from a snapshot's responses."""
    return _tally(module_id, [r for r in responses if r.module is module_id])


def tallies(modules: Iterable[ModuleId], responses: Iterable[Response]) -> tuple[Tally, ...]:
    """The counts of each module of a round from its snapshot's responses, in one pass.
    Placing each respondent in a phase is the costly part (about 0.1 ms a respondent): a
    snapshot that stores ``Tally.placed`` at closing spares it."""
    by_module: dict[ModuleId, list[Response]] = {}
    for r in responses:
        by_module.setdefault(r.module, []).append(r)
    return tuple(_tally(module, by_module.get(module, [])) for module in modules)


def _tally(module_id: ModuleId, mine: list[Response]) -> Tally:
    counts: dict[str, Counter[int]] = {}
    for r in mine:
        counts.setdefault(r.item_id, Counter())[r.value] += 1
    placed = _placed(mine) if MODULES[module_id].groups else {}
    respondents = len({r.respondent for r in mine})
    return Tally(module_id, respondents, {i: dict(c) for i, c in counts.items()}, placed)


def _placed(responses: list[Response]) -> dict[str, int]:
    """Where each respondent's answers place the initiative, as for one person."""
    answers: dict[int, dict[str, Answer]] = {}
    for r in responses:
        answers.setdefault(r.respondent, {})[r.item_id] = Answer(r.item_id, r.value)
    current = [summarize(ModuleId.PHASES, given).current_group for given in answers.values()]
    return dict(Counter(group.id for group in current if group is not None))


@dataclass(frozen=True, slots=True)
class ItemFigures:
    item: Item
    counted: int
    dont_know: int
    distribution: Mapping[int, int]
    """Counted answers by value; empty when withheld."""
    score: float | None
    """0-100; None when withheld or for a placement."""
    spread: Spread | None = None
    """Median and quartiles; None when withheld."""
    agreement: Agreement | None = None
    """Consensus and flags; None when withheld or below 5 counted answers."""
    gate: bool = False
    """A precondition or a fit question that a third of counted answers rate 1 or 2."""

    @property
    def withheld(self) -> bool:
        return not self.distribution and self.counted > 0

    @property
    def answered(self) -> bool:
        """Anyone answered it in this round, "don't know" included."""
        return self.counted + self.dont_know > 0

    @property
    def band(self) -> Band | None:
        return None if self.score is None else band(self.score)

    @property
    def consensus(self) -> float | None:
        return None if self.agreement is None else self.agreement.consensus

    @property
    def divergent(self) -> bool:
        return self.agreement is not None and self.agreement.divergent

    @property
    def polarised(self) -> bool:
        return self.agreement is not None and self.agreement.polarised


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

    @property
    def partial(self) -> bool:
        """Fewer than two thirds of its scored items are shown (as for one person)."""
        scored = [f for f in self.items if not _placement(self.module, f.item)]
        shown = sum(1 for f in scored if f.score is not None)
        return shown < math.ceil(2 * len(scored) / 3)

    @property
    def divergent(self) -> tuple[ItemFigures, ...]:
        return tuple(f for f in self.items if f.divergent)

    @property
    def polarised(self) -> tuple[ItemFigures, ...]:
        return tuple(f for f in self.items if f.polarised)

    @property
    def weak(self) -> tuple[ItemFigures, ...]:
        """Items to strengthen, the lowest score first."""
        low = [f for f in self.items if f.band is Band.STRENGTHEN]
        return tuple(sorted(low, key=lambda f: f.score or 0.0))

    @property
    def to_discuss(self) -> tuple[ItemFigures, ...]:
        return tuple(f for f in self.items if f.band is Band.DISCUSS)

    @property
    def flagged(self) -> tuple[ItemFigures, ...]:
        """Items weak, divergent or polarised, in the content's order."""
        return tuple(f for f in self.items if f.band is Band.STRENGTHEN or f.divergent)

    @property
    def gates(self) -> tuple[ItemFigures, ...]:
        return tuple(f for f in self.items if f.gate)

    @property
    def preconditions_first(self) -> bool:
        """Cultivate the preconditions before a full planning process."""
        return self.module.id is ModuleId.PRECONDITIONS and bool(self.gates)

    @property
    def fit_in_doubt(self) -> bool:
        """Collective impact may not fit the issue yet."""
        return self.module.id is ModuleId.READINESS and bool(self.gates)


def figures(module_id: ModuleId, responses: Iterable[Response], threshold: int) -> ModuleFigures:
    """The group figures of one module of a closed round, from its responses."""
    return figures_of(tally(module_id, responses), threshold)


def figures_of(counts: Tally, threshold: int) -> ModuleFigures:
    """The group figures of one module of a closed round, from its counts."""
    module = MODULES[counts.module]
    items = tuple(
        _item(module, item, counts.counts.get(item.id, {}), threshold) for item in module.items
    )
    scores = [f.score for f in items if f.score is not None]
    phases: dict[str, int] = {}
    progress: dict[str, float] = {}
    if module.groups:
        if sum(counts.placed.values()) >= threshold:
            phases = {g.id: counts.placed.get(g.id, 0) for g in module.groups}
        progress = {g.id: s for g in module.groups if (s := _progress(g, items)) is not None}
    return ModuleFigures(
        module,
        counts.respondents,
        items,
        fmean(scores) if scores else None,
        phases,
        progress,
        withheld=0 < counts.respondents < threshold,
    )


def _item(module: Module, item: Item, counts: Mapping[int, int], threshold: int) -> ItemFigures:
    scale = module.scale_for(item)
    shown = {v: n for v, n in counted(counts).items() if v in scale.values}
    total, dont_know = sum(shown.values()), counts.get(DONT_KNOW, 0)
    if total < threshold or not total:
        return ItemFigures(item, total, dont_know, {}, None)
    distribution = {c.value: shown.get(c.value, 0) for c in scale.choices if c.value}
    scores = [(s, n) for v, n in shown.items() if (s := item_score(scale, v)) is not None]
    score = sum(s * n for s, n in scores) / sum(n for _, n in scores) if scores else None
    gated = module.id in GATED and scale.kind is ScaleKind.AGREEMENT and gate(shown)
    return ItemFigures(
        item, total, dont_know, distribution, score, spread(shown), agreement(shown, scale), gated
    )


def _progress(group: Group, items: tuple[ItemFigures, ...]) -> float | None:
    scores = [f.score for f in items if f.item.group == group.id and f.score is not None]
    return fmean(scores) if scores else None


def _placement(module: Module, item: Item) -> bool:
    return module.scale_for(item).kind is ScaleKind.PLACEMENT


@dataclass(frozen=True, slots=True)
class Indicator:
    """One number for a glance, never a verdict: the mean of the agreement modules' group
    scores, each module counting once."""

    score: float
    modules: tuple[ModuleId, ...]
    """The modules it averages."""


def indicator(modules: Iterable[ModuleFigures]) -> Indicator | None:
    """None when no agreement module of the round has a group score that is not partial."""
    used = [
        m
        for m in modules
        if m.module.scale.kind is ScaleKind.AGREEMENT and m.score is not None and not m.partial
    ]
    if not used:
        return None
    return Indicator(
        fmean(m.score for m in used if m.score is not None), tuple(m.module.id for m in used)
    )
