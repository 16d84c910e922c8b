"""Where updates wait: the getUpdates queue and per-chat ordered webhook lanes."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .errors import POLL_CONFLICT, ApiError

Update = dict[str, Any]


def chat_key(update: Update) -> int | None:
    """The chat an update belongs to; Telegram keeps updates of one chat in order."""
    for value in update.values():
        if not isinstance(value, dict):
            continue
        message = value.get("message", value)
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return int(message["chat"]["id"])
        if isinstance(value.get("from"), dict):
            return int(value["from"]["id"])
    return None


@dataclass
class _Pending:
    update: Update
    redelivery: bool = False
    handed_out: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])


class PollingQueue:
    """getUpdates semantics: offset confirms, negative offset, long poll, one poller at a time."""

    def __init__(self) -> None:
        self._pending: list[_Pending] = []
        self._changed = asyncio.Event()
        self._generation = 0
        self._closed = False

    def __len__(self) -> int:
        return len(self._pending)

    def put(self, update: Update, *, redelivery: bool = False) -> None:
        entry = _Pending(update, redelivery)
        # Updates handed back by the webhook lanes may be older than queued ones.
        index = next(
            (
                i
                for i, p in enumerate(self._pending)
                if not redelivery and not p.redelivery and p.update_id > entry.update_id
            ),
            len(self._pending),
        )
        self._pending.insert(index, entry)
        self._notify()

    def drain(self) -> list[Update]:
        drained = [entry.update for entry in self._pending]
        self._pending.clear()
        return drained

    def close(self) -> None:
        self._closed = True
        self._notify()

    async def get_updates(self, offset: int, limit: int, timeout: float) -> list[Update]:
        self._confirm(offset)
        self._generation += 1
        mine = self._generation
        self._notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._pending and not self._closed and self._generation == mine:
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), deadline - loop.time())
            except TimeoutError:
                break
        if self._generation != mine:
            raise ApiError(409, POLL_CONFLICT)
        batch = self._pending[:limit]
        for entry in batch:
            entry.handed_out = True
        return [entry.update for entry in batch]

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [
                p
                for p in self._pending
                if p.update_id >= offset or (p.redelivery and not p.handed_out)
            ]
        elif offset < 0:
            self._pending = self._pending[offset:]

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()


class OrderedLanes:
    """Runs `work` on items one at a time per key, in submission order; keys run in parallel."""

    def __init__(self, work: Callable[[Update], Awaitable[None]]) -> None:
        self._work = work
        self._queues: dict[int | None, asyncio.Queue[Update]] = {}
        self._workers: dict[int | None, asyncio.Task[None]] = {}
        self._busy = 0

    def submit(self, key: int | None, update: Update) -> None:
        queue = self._queues.setdefault(key, asyncio.Queue())
        queue.put_nowait(update)
        if key not in self._workers:
            self._workers[key] = asyncio.create_task(self._run(queue))

    def backlog(self) -> int:
        return self._busy + sum(queue.qsize() for queue in self._queues.values())

    def clear(self) -> None:
        for queue in self._queues.values():
            while not queue.empty():
                queue.get_nowait()

    async def close(self) -> None:
        for worker in self._workers.values():
            worker.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)
        self._workers.clear()

    async def _run(self, queue: asyncio.Queue[Update]) -> None:
        while True:
            update = await queue.get()
            self._busy += 1
            try:
                await self._work(update)
            finally:
                self._busy -= 1
