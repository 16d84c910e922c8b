"""What became of the calls the sender made, stored for many deliveries in one transaction.

While a batch waits for the database (SQLite's single writer, mostly), the deliveries that end
meanwhile join it: under load one commit records dozens of calls (a group commit).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from storage import calls, due
from storage import repository as repo
from storage.calls import Outcome
from storage.db import Transactions

log = logging.getLogger(__name__)


@dataclass
class _Batch:
    written: asyncio.Future[bool]
    """Resolves once stored: whether calls wait to leave (the sender's loop should look)."""
    outcomes: list[Outcome] = field(default_factory=list)
    untried: list[int] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    chats: set[int] = field(default_factory=set)


class Settling:
    def __init__(self, database: Transactions) -> None:
        self.database = database
        self._open: _Batch | None = None
        self._writing: set[asyncio.Task[None]] = set()

    async def record(
        self,
        outcomes: Iterable[Outcome],
        untried: Iterable[int],
        blocked: Iterable[int],
        chats: Iterable[int],
    ) -> bool:
        """Stores the outcomes, gives up the claims of calls not tried and marks who blocked
        the bot; True when calls of ``chats`` (or others) now wait to leave."""
        batch = self._open
        if batch is None:
            batch = self._open = _Batch(asyncio.get_running_loop().create_future())
            task = asyncio.create_task(self._write(batch))
            self._writing.add(task)
            task.add_done_callback(self._writing.discard)
        batch.outcomes.extend(outcomes)
        batch.untried.extend(untried)
        batch.blocked.update(blocked)
        batch.chats.update(chats)
        return await asyncio.shield(batch.written)

    async def _write(self, batch: _Batch) -> None:
        waiting = True
        try:
            async with self.database.begin() as session:
                if self._open is batch:
                    self._open = None  # what ends from now on goes into the next batch
                await calls.settle(session, batch.outcomes)
                await calls.release(session, batch.untried)
                for chat_id in batch.blocked:
                    await repo.set_blocked(session, telegram_id=chat_id, blocked=True)
                # Calls queued behind these while they were being made leave now.
                waiting = bool(batch.untried) or await due.waiting(session, batch.chats)
        except (SQLAlchemyError, OSError) as error:
            log.warning("could not record %s sent calls: %s", len(batch.outcomes), error)
        finally:
            if self._open is batch:
                self._open = None
            batch.written.set_result(waiting)
