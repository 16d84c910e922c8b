"""Telegram's sending limits, kept on the bot's side so that sends rarely meet flood control.

Telegram allows about 30 messages a second in all, about one a second to one private chat
after a short burst, and 20 a minute to one group. A send that would go over waits here instead
of being refused with a 429 (which Telegram answers with ever longer waits). Edits and callback
answers are not counted. A send held back keeps its place: its token is taken now and it leaves
at its turn, so a queue of sends is tried once each, not every time a token comes back. The
buckets live in this process: with several workers each keeps its own, and the 429s they still
meet are waited out as usual.
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

    def take(self, now: float) -> float:
        """Takes a token; the seconds until it is there (0: now). Tokens may go below zero."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        self.tokens -= 1
        return max(0.0, -self.tokens / self.per_second)


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
        self.turns: dict[int, float] = {}
        """When each held-back call may leave, by call id."""

    def take(self, call_id: int, method: str, chat_id: int) -> float:
        """0 when the call may leave now, else the seconds until its turn."""
        if method not in SENDS:
            return 0.0
        now = self.clock.monotonic()
        turn = self.turns.get(call_id)
        if turn is not None:
            if turn > now:
                return turn - now
            del self.turns[call_id]
            return 0.0
        chat = self.chats.get(chat_id)
        if chat is None:
            capacity, rate = self.private if chat_id > 0 else self.group
            chat = self.chats[chat_id] = _Bucket(capacity, rate, capacity, now)
        wait = max(chat.take(now), self.overall.take(now))
        if wait > 0:
            self.turns[call_id] = now + wait
        self._forget(now)
        return wait

    def _forget(self, now: float) -> None:
        """Drops full buckets and turns long past (calls settled elsewhere) once there are many."""
        if len(self.chats) > 100_000:
            self.chats = {key: bucket for key, bucket in self.chats.items() if bucket.tokens < 1}
        if len(self.turns) > 100_000:
            self.turns = {key: at for key, at in self.turns.items() if at > now - 60}
