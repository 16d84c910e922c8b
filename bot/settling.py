"""What became of the calls the sender made, stored without a transaction of its own when one
is at hand.

The outcomes of a delivery wait in memory for the next transaction that writes: the next
update's (its transaction writes them first, so it sees its chat's earlier calls settled),
or a short background one when none comes: at once when no update is being handled, else once
the last of those under way has ended. Until then the calls stay claimed
in the database: should the worker stop first, a restarted one takes them up (storage/due.py:
an edit or a callback answer is made again, harmless; a message is marked unknown, never sent
twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import calls, due
from storage import groups as stored_groups
from storage import repository as repo
from storage.calls import Outcome
from storage.db import Transactions
from storage.models import CallStatus, utc_now
from usecases import groups

log = logging.getLogger(__name__)


@dataclass
class Fates:
    outcomes: list[Outcome] = field(default_factory=list)
    untried: list[int] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    chats: set[int] = field(default_factory=set)
    """Group chats, where other people's calls may have queued behind these."""
    moved: dict[int, int] = field(default_factory=dict)
    """Groups Telegram upgraded to a supergroup: old id, new id."""
    general: set[int] = field(default_factory=set)
    """Groups whose forum topic is gone: they post in the General topic."""

    def merge(self, other: Fates) -> None:
        self.outcomes.extend(other.outcomes)
        self.untried.extend(other.untried)
        self.blocked.update(other.blocked)
        self.chats.update(other.chats)
        self.moved.update(other.moved)
        self.general.update(other.general)

    def __bool__(self) -> bool:
        return bool(self.outcomes or self.untried or self.moved or self.general)


class Settling:
    def __init__(self, database: Transactions, wake: Callable[[], None]) -> None:
        self.database, self.wake = database, wake
        self._waiting = Fates()
        self._flushing: asyncio.Task[None] | None = None
        self._updating = 0
        """Updates' transactions under way: the next to begin carries what waits."""
        self._soon = False

    def record(
        self,
        outcomes: Iterable[Outcome],
        untried: Iterable[int],
        blocked: Iterable[int],
        chats: Iterable[int],
        *,
        soon: bool = True,
    ) -> None:
        """Keeps what became of calls; ``soon``: written at once when no transaction comes,
        else with the next one (the broadcast's loop makes one a few times a second)."""
        self._waiting.merge(Fates(list(outcomes), list(untried), set(blocked), set(chats)))
        self._soon = self._soon or soon
        if soon and not self._updating:
            self.write_soon()

    @contextlib.contextmanager
    def updating(self) -> Iterator[None]:
        """Around an update's transaction: under load the next one writes what is recorded
        meanwhile, and a transaction of its own waits until the last of them has ended."""
        self._updating += 1
        try:
            yield
        finally:
            self._updating -= 1
            if not self._updating and self._soon:
                self.write_soon()

    def follow(self, *, moved: dict[int, int] | None = None, general: Iterable[int] = ()) -> None:
        """Keeps what Telegram did to a group, to be stored with what became of its calls."""
        self._waiting.merge(Fates(moved=dict(moved or {}), general=set(general)))

    def write_soon(self) -> None:
        """Writes what waits in a short transaction of its own, unless one is under way."""
        if self._waiting and (self._flushing is None or self._flushing.done()):
            self._flushing = asyncio.create_task(self._flush())

    def take(self) -> Fates:
        """What waits to be written, now someone's to write (``restore`` it if that fails)."""
        taken, self._waiting, self._soon = self._waiting, Fates(), False
        return taken

    def restore(self, fates: Fates) -> None:
        self._waiting.merge(fates)
        self._soon = True
        self.write_soon()

    async def write(self, session: AsyncSession, fates: Fates) -> bool:
        """Stores ``fates`` in the caller's transaction; True when calls now wait to leave:
        the caller wakes the sender once it has committed."""
        if not fates:
            return False
        await calls.settle(session, fates.outcomes)
        await calls.release(session, fates.untried)
        now = max((outcome.at for outcome in fates.outcomes), default=utc_now())
        for chat_id in fates.blocked:  # a group: the bot was removed from it, it is unlinked
            if chat_id < 0:
                await groups.removed(session, chat_id, now)
            else:
                await repo.set_blocked(session, telegram_id=chat_id, blocked=True)
        for old, new in fates.moved.items():
            await groups.moved(session, old, new)
        for chat_id in fates.general:
            await stored_groups.to_general(session, chat_id=chat_id)
        retrying = any(o.status is CallStatus.PENDING for o in fates.outcomes)
        return bool(fates.untried) or retrying or await due.waiting(session, fates.chats)

    async def flushed(self) -> None:
        """Waits until what was recorded so far is written (for tests and shutdown)."""
        self.write_soon()
        while self._flushing is not None and not self._flushing.done():
            await asyncio.shield(self._flushing)

    async def _flush(self) -> None:
        await asyncio.sleep(0)  # deliveries ending now join this transaction
        while self._waiting:  # and those that ended while it was written, the next
            fates = Fates()
            try:
                async with self.database.begin() as session:
                    fates = self.take()
                    waiting = await self.write(session, fates)
                if waiting:
                    self.wake()
            except (SQLAlchemyError, OSError) as error:
                log.warning("could not record %s sent calls: %s", len(fates.outcomes), error)
                self._waiting.merge(fates)
                await asyncio.sleep(1.0)
