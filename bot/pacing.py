"""Telegram's sending limits, kept on the bot's side so that sends rarely meet flood control.

Telegram allows about 30 messages a second in all, about one a second to one private chat
after a short burst, and 20 a minute to one group (in any minute: a sliding window). A send
that would go over waits here instead of being refused with a 429 (which Telegram answers with
ever longer waits). Edits and callback answers are not counted.

Replies to updates go first: a reply held back keeps its place (its token is taken now and it
leaves at its turn, so a queue of sends is tried once each). What the bot sends on its own
(round news, reminders) leaves one send at a time, evenly spaced a little under the overall
limit, so that no second of Telegram's count ever holds more than it allows; each reply sent
pushes them one turn on, and a 429 holds them for its ``retry_after``: they use what the
replies leave. One worker at a time sends those (storage/sending_turn.py); replies are paced by
the worker that makes them.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from usecases.clock import Clock

SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup"})
LATE = 0.01
"""Seconds a send on the bot's own may leave after its turn and still keep the pace."""


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

    def busy(self) -> bool:
        return self.tokens < 1


@dataclass
class _Window:
    """At most ``allowed`` sends in any ``seconds``: Telegram's rule for a group, which a
    bucket refilled a little at a time would break (it lets a second burst through)."""

    allowed: int
    seconds: float
    times: deque[float]
    """When the latest sends left or will leave (their turns), in order."""

    def take(self, now: float) -> float:
        """Takes the earliest turn that keeps the rule; the seconds until it (0: now)."""
        at = max(now, self.times[-1]) if self.times else now
        if len(self.times) == self.allowed:
            at = max(at, self.times[0] + self.seconds + LATE)
        self.times.append(at)  # the oldest drops out: only the latest ``allowed`` matter
        return at - now

    def busy(self) -> bool:
        return len(self.times) == self.allowed


class Pacing:
    def __init__(
        self,
        clock: Clock,
        *,
        overall_per_second: float = 30,
        own_per_second: float = 29,
        private_burst: float = 3,
        private_per_second: float = 1.0,
        group_per_minute: float = 20,
    ) -> None:
        self.clock = clock
        self.private = (private_burst, private_per_second)
        self.group = int(group_per_minute)
        self.overall = _Bucket(overall_per_second, overall_per_second, overall_per_second, 0.0)
        self.chats: dict[int, _Bucket | _Window] = {}
        self.turns: dict[int, float] = {}
        """When each held-back call may leave, by call id."""
        self.spacing = 1 / own_per_second
        self.own_at = 0.0
        """When the next send on the bot's own may leave (monotonic seconds)."""
        self.held_until = 0.0

    def take(self, call_id: int, method: str, chat_id: int, *, overall: bool = True) -> float:
        """0 when the call may leave now, else the seconds until its turn. ``overall=False``
        for a send on the bot's own, which waited for its turn: only its chat's limit is left."""
        if method not in SENDS:
            return 0.0
        now = self.clock.monotonic()
        turn = self.turns.get(call_id)
        if turn is not None:
            if turn > now:
                return turn - now
            del self.turns[call_id]
            return self._sent(now, overall)
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = self.chats[chat_id] = self._limit(chat_id, now)
        wait = chat.take(now)
        if overall:
            wait = max(wait, self.overall.take(now))
        self._forget(now)
        if wait > 0:
            self.turns[call_id] = now + wait
            return wait
        return self._sent(now, overall)

    def room(self, ahead: float, in_hand: int) -> int:
        """How many more sends on the bot's own to claim, ``in_hand`` being claimed and not
        made yet: enough to go on for ``ahead`` seconds; none while flood control holds them."""
        if self.holding():
            return 0
        return max(0, math.ceil(ahead / self.spacing) - in_hand)

    def held_for(self) -> float:
        """Seconds until flood control lets the sends on the bot's own go again."""
        return max(0.0, self.held_until - self.clock.monotonic())

    def own_turn(self) -> float:
        """Seconds until the next send on the bot's own may leave; 0: now, and it is counted.
        Decided when it leaves, so that a send much later than its turn (the loop was busy)
        never bunches up with the next."""
        now = self.clock.monotonic()
        if self.own_at > now:
            return self.own_at - now
        # A turn taken a little late keeps the pace: the next is one spacing after it was due.
        due = self.own_at if self.own_at >= now - LATE else now
        self.own_at = due + self.spacing
        return 0.0

    def hold(self, seconds: float) -> None:
        """Flood control answered: nothing on the bot's own leaves for ``seconds``."""
        self.held_until = max(self.held_until, self.clock.monotonic() + seconds)
        self.own_at = max(self.own_at, self.held_until)

    def holding(self) -> bool:
        """Whether flood control holds the sends on the bot's own."""
        return self.held_until > self.clock.monotonic()

    def _sent(self, now: float, overall: bool) -> float:
        if overall:  # a reply takes a turn the bot's own sends would have had
            self.own_at = max(self.own_at, now) + self.spacing
        return 0.0

    def _limit(self, chat_id: int, now: float) -> _Bucket | _Window:
        if chat_id > 0:
            burst, rate = self.private
            return _Bucket(burst, rate, burst, now)
        return _Window(self.group, 60.0, deque(maxlen=self.group))

    def _forget(self, now: float) -> None:
        """Drops chats' limits with room and turns long past (calls settled elsewhere) once
        there are many."""
        if len(self.chats) > 100_000:
            self.chats = {key: limit for key, limit in self.chats.items() if limit.busy()}
        if len(self.turns) > 100_000:
            self.turns = {key: at for key, at in self.turns.items() if at > now - 60}
