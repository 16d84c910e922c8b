"""Clocks: the system's, and a virtual one the tests move.

The bot and the fake Telegram server read time through the same small protocol, so a test can
give both one `TestClock`: a `retry_after` the bot waits out passes at once, yet the fake sees
that the time went by.
"""

import asyncio
import heapq
import itertools
from datetime import UTC, datetime, timedelta

from usecases.clock import Clock, SystemClock

__all__ = ["Clock", "SystemClock", "TestClock"]

DEFAULT_START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Virtual monotonic time starts here rather than at 0, which code may mistake for "never".
MONOTONIC_START = 10_000.0


class TestClock:
    """Virtual time that moves only when told: by `advance`, or by `sleep` when autojump is on.

    With autojump (the default) `sleep(s)` moves the time to its deadline at once and yields to
    the event loop once. Without it, `sleep` waits until `advance` reaches its deadline.
    `now()` and `monotonic()` always move together.
    """

    __test__ = False  # not a pytest test class

    def __init__(self, start: datetime = DEFAULT_START, *, autojump: bool = True) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be an aware datetime")
        self.autojump = autojump
        self._start = start.astimezone(UTC)
        self._elapsed = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        return MONOTONIC_START + self._elapsed

    @property
    def elapsed(self) -> float:
        """Seconds the clock moved since it was made."""
        return self._elapsed

    @property
    def sleepers(self) -> int:
        """How many `sleep` calls are waiting for `advance`."""
        return sum(1 for *_, future in self._sleepers if not future.done())

    def next_wakeup(self) -> float | None:
        """Seconds from now until the earliest waiting `sleep` ends; None when none waits."""
        waiting = [deadline for deadline, _, future in self._sleepers if not future.done()]
        return None if not waiting else max(0.0, min(waiting) - self._elapsed)

    async def sleep(self, seconds: float) -> None:
        deadline = self._elapsed + max(0.0, seconds)
        if self.autojump or deadline <= self._elapsed:
            self._move_to(deadline)
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (deadline, next(self._order), future))
        await future

    def advance(self, seconds: float) -> None:
        """Moves the time forward; sleepers whose deadline passed resume at the next await."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._move_to(self._elapsed + seconds)

    def _move_to(self, elapsed: float) -> None:
        self._elapsed = max(self._elapsed, elapsed)
        while self._sleepers and self._sleepers[0][0] <= self._elapsed:
            *_, future = heapq.heappop(self._sleepers)
            if not future.done():  # a cancelled sleep leaves a cancelled future behind
                future.set_result(None)
