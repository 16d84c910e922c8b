"""Injected failures: errors instead of an answer, and answers lost after the call was done."""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import NamedTuple

from .errors import ApiError
from .records import Params

# Calls fail_randomly leaves alone by default: the bot's start-up and its update loop.
NEVER_FAIL_RANDOMLY = frozenset(
    {"getupdates", "getme", "setmycommands", "deletewebhook", "setwebhook"}
)


class InjectedFailure(NamedTuple):
    """A failure the fake made on purpose; `error_code` is None for a dropped connection."""

    method: str
    chat_id: int | str | None
    error_code: int | None
    source: str  # "fail_next", "random" or "drop"


@dataclass
class _Rule:
    method: str  # lower case, as Telegram ignores the case of method names
    remaining: int
    chat_id: int | str | None
    error: ApiError | None = None

    def matches(self, method: str, params: Params) -> bool:
        return self.method == method.lower() and self.chat_id in (None, params.get("chat_id"))


@dataclass
class _RandomFailures:
    rate: float
    codes: tuple[int, ...]
    methods: frozenset[str] | None
    rng: random.Random

    def matches(self, method: str) -> bool:
        name = method.lower()
        if self.methods is None:
            return name not in NEVER_FAIL_RANDOMLY
        return name in self.methods


class Faults:
    """What to break next; every failure made is listed in `injected`."""

    def __init__(self) -> None:
        self.injected: list[InjectedFailure] = []
        self._next: list[_Rule] = []
        self._drops: list[_Rule] = []
        self._random: _RandomFailures | None = None

    def fail_next(
        self, method: str, error: ApiError, times: int, chat_id: int | str | None
    ) -> None:
        self._next.append(_Rule(method.lower(), times, chat_id, error))

    def fail_randomly(
        self, rate: float, codes: Iterable[int], methods: Iterable[str] | None, seed: int
    ) -> None:
        if not 0 <= rate <= 1:
            raise ValueError(f"rate must be between 0 and 1, not {rate}")
        chosen = tuple(codes)
        if not chosen:
            raise ValueError("codes must name at least one HTTP status")
        only = None if methods is None else frozenset(m.lower() for m in methods)
        self._random = _RandomFailures(rate, chosen, only, random.Random(seed))

    def stop_failing(self) -> None:
        self._random = None

    def drop_after_delivery(self, method: str, times: int, chat_id: int | str | None) -> None:
        self._drops.append(_Rule(method.lower(), times, chat_id))

    def error_for(self, method: str, params: Params) -> ApiError | None:
        """The injected error this call gets instead of being performed, if any."""
        if rule := _take(self._next, method, params):
            assert rule.error is not None
            self._note(method, params, rule.error.error_code, "fail_next")
            return rule.error
        chance = self._random
        if chance is None or not chance.matches(method) or chance.rng.random() >= chance.rate:
            return None
        code = chance.rng.choice(chance.codes)
        self._note(method, params, code, "random")
        return ApiError(code, _reason(code))

    def drops(self, method: str, params: Params) -> bool:
        """This performed call loses its answer: the connection closes instead."""
        if _take(self._drops, method, params) is None:
            return False
        self._note(method, params, None, "drop")
        return True

    def _note(self, method: str, params: Params, code: int | None, source: str) -> None:
        self.injected.append(InjectedFailure(method, params.get("chat_id"), code, source))


def _take(rules: list[_Rule], method: str, params: Params) -> _Rule | None:
    for rule in rules:
        if rule.matches(method, params):
            rule.remaining -= 1
            if rule.remaining <= 0:
                rules.remove(rule)
            return rule
    return None


def _reason(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return f"Error {code}"
