"""Telegram's limits on sending: a send over one is refused with 429 and `retry_after`.

Per https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this: about 30
messages a second overall, about one a second per chat (a short burst is tolerated) and 20 a
minute per group. Only sends count: edits and callback answers don't.
"""

import math
from collections import deque
from dataclasses import dataclass
from typing import NamedTuple

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup"})
_EPSILON = 1e-9  # float noise from adding seconds must not cost a whole extra second


@dataclass(frozen=True)
class RateLimits:
    """How many sends Telegram lets through; tighten them in a test with smaller numbers."""

    overall_per_second: int = 30  # all chats together, sliding one-second window
    private_burst: int = 3  # per private chat: a token bucket this big ...
    private_per_second: float = 1.0  # ... refilled at this rate
    group_per_minute: int = 20  # per group or supergroup (negative id), sliding minute


class RateLimited(NamedTuple):
    """A 429 the fake answered; `limit` is "overall", "private chat", "group chat" or
    "injected" (fail_next/flood/fail_randomly)."""

    method: str
    chat_id: int | str | None
    retry_after: int
    limit: str


class SendLimiter:
    """Remembers delivered sends and says how long a new send must wait, if at all."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._overall: deque[float] = deque()
        self._groups: dict[int | str, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, when)

    def refusal(self, chat_id: int | str | None, now: float) -> tuple[int, str] | None:
        """(retry_after, limit) when a send to `chat_id` now would go over a limit."""
        waits = {"overall": self._overall_wait(now)}
        if isinstance(chat_id, int) and chat_id > 0:
            waits["private chat"] = self._private_wait(chat_id, now)
        elif chat_id is not None:
            waits["group chat"] = self._group_wait(chat_id, now)
        limit, wait = max(waits.items(), key=lambda item: item[1])
        if wait <= _EPSILON:
            return None
        return max(1, math.ceil(wait - _EPSILON)), limit

    def record(self, chat_id: int | str | None, now: float) -> None:
        """A send was delivered."""
        self._overall.append(now)
        if isinstance(chat_id, int) and chat_id > 0:
            tokens = self._tokens(chat_id, now)
            self._buckets[chat_id] = (tokens - 1, now)
        elif chat_id is not None:
            self._groups.setdefault(chat_id, deque()).append(now)

    def _overall_wait(self, now: float) -> float:
        return _window_wait(self._overall, self.limits.overall_per_second, 1.0, now)

    def _group_wait(self, chat_id: int | str, now: float) -> float:
        sent = self._groups.get(chat_id, deque())
        return _window_wait(sent, self.limits.group_per_minute, 60.0, now)

    def _private_wait(self, chat_id: int, now: float) -> float:
        missing = 1 - self._tokens(chat_id, now)
        return missing / self.limits.private_per_second if missing > _EPSILON else 0.0

    def _tokens(self, chat_id: int, now: float) -> float:
        limits = self.limits
        tokens, then = self._buckets.get(chat_id, (float(limits.private_burst), now))
        return min(float(limits.private_burst), tokens + (now - then) * limits.private_per_second)


def _window_wait(sent: deque[float], allowed: int, window: float, now: float) -> float:
    """Seconds until fewer than `allowed` of the `sent` times lie within the last `window`."""
    while sent and sent[0] <= now - window + _EPSILON:
        sent.popleft()
    if len(sent) < allowed:
        return 0.0
    return sent[len(sent) - allowed] + window - now
