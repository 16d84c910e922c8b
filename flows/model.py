"""Value types of the coaching engine: modules, items, scales, answers and walkthrough state.

Every human-readable string here is an English msgid marked with ``N_``; front ends translate it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


class ModuleId(StrEnum):
    PRECONDITIONS = "preconditions"
    READINESS = "readiness"
    LEADERSHIP = "leadership"
    PHASES = "phases"
    CONDITIONS = "conditions"


class ScaleKind(StrEnum):
    AGREEMENT = "agreement"
    CHECKLIST = "checklist"
    PLACEMENT = "placement"
    """Where the group stands (the collaboration spectrum): shown, never scored."""


DONT_KNOW = 0
"""Stored like any answer, never counted in a score."""


@dataclass(frozen=True, slots=True)
class Choice:
    value: int
    label: str
    key: str
    """What a person types in the terminal to pick it."""
    definition: str = ""
    """What the choice means, shown with the question (placements)."""


@dataclass(frozen=True, slots=True)
class Scale:
    kind: ScaleKind
    choices: tuple[Choice, ...]

    @property
    def values(self) -> frozenset[int]:
        return frozenset(choice.value for choice in self.choices)

    def choice(self, value: int) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def by_key(self, key: str) -> Choice | None:
        key = key.strip().lower()
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True, slots=True)
class Group:
    """A heading that gathers items, such as a phase of development."""

    id: str
    title: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    title: str
    """Short label used in menus, the review and the summary."""
    prompt: str
    """The statement a person rates."""
    explanation: str
    """One or two sentences a community member can understand."""
    next_step: str
    """What to do when this item is weak."""
    group: str | None = None
    scale: Scale | None = None
    """Its own scale, for a placement; None: the module's."""


@dataclass(frozen=True, slots=True)
class Step:
    """A next step of a module, drawn from the seeds."""

    text: str
    about: tuple[str, ...] = ()
    """The items it helps with: shown only while one of them is weak, to discuss or to find
    out, and not when each of them already shows its own step. Empty: it fits any answers."""


@dataclass(frozen=True, slots=True)
class Module:
    id: ModuleId
    title: str
    intro: str
    scale: Scale
    items: tuple[Item, ...]
    next_steps: tuple[Step, ...] = ()
    """Concrete next steps drawn from the seeds, chosen by the answers (flows/scoring.py)."""
    find_out: str = ""
    """How to find out what a person answered "don't know" to."""
    groups: tuple[Group, ...] = ()
    components: tuple[Group, ...] = ()
    index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.index.update({item.id: position for position, item in enumerate(self.items)})

    def item(self, item_id: str) -> Item | None:
        position = self.index.get(item_id)
        return None if position is None else self.items[position]

    def scale_for(self, item: Item) -> Scale:
        return item.scale or self.scale


@dataclass(frozen=True, slots=True)
class Answer:
    """The current answer of one person to one item; ``value`` None means a comment only."""

    item_id: str
    value: int | None = None
    comment: str | None = None


class Position(StrEnum):
    """Where a walkthrough stands apart from its item states."""

    INTRO = "intro"
    REVIEW = "review"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class WalkState:
    """Everything needed to resume a walkthrough exactly where it stopped."""

    module: ModuleId
    position: str = Position.INTRO.value
    """``intro``, ``review``, ``done`` or the id of the item on screen."""
    awaiting_comment: bool = False
    """The next free text is the comment on the item on screen."""
    return_to_review: bool = False
    """The item on screen was opened from the review: answering goes back there."""
    round_no: int = 0
    """The round it answers (0: the person's own self-assessment); the engine keeps it."""
