"""Telegram's sending limits, kept on the bot's side so that sends rarely meet flood control.

Telegram allows about 30 messages a second in all, about one a second to one private chat
after a short burst, and 20 a minute to one group. A send that would go over waits here instead
of being refused with a 429 (which Telegram answers with ever longer waits). Edits and callback
answers are not counted. The buckets live in this process: with several workers each keeps its
own, and the 429s they still meet are waited out as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from usecases.clock import Clock

SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup"})


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    tokens: float
    at: float

    def delay(self, now: float) -> float:
        """Seconds until one token is there (0: take it now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.per_second


class Pacing:
    def __init__(
        self,
        clock: Clock,
        *,
        overall_per_second: float = 30,
        private_burst: float = 3,
        private_per_second: float = 1.0,
        group_per_minute: float = 20,
    ) -> None:
        self.clock = clock
        self.private = (private_burst, private_per_second)
        self.group = (group_per_minute, group_per_minute / 60)
        self.overall = _Bucket(overall_per_second, overall_per_second, overall_per_second, 0.0)
        self.chats: dict[int, _Bucket] = {}

    def take(self, method: str, chat_id: int) -> float:
        """0 when the call may leave now (counted), else the seconds it must wait."""
        if method not in SENDS:
            return 0.0
        now = self.clock.monotonic()
        chat = self.chats.get(chat_id)
        if chat is None:
            capacity, rate = self.private if chat_id > 0 else self.group
            chat = self.chats[chat_id] = _Bucket(capacity, rate, capacity, now)
        wait = max(chat.delay(now), self.overall.delay(now))
        if wait == 0:
            chat.tokens -= 1
            self.overall.tokens -= 1
        if len(self.chats) > 100_000:
            self.chats = {key: bucket for key, bucket in self.chats.items() if bucket.tokens < 1}
        return wait
