"""Background work: forgetting what no redelivery or report needs any more."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from storage import due, updates
from storage.db import Transactions
from usecases.clock import Clock

log = logging.getLogger(__name__)

MEMORY = timedelta(days=2)
"""Telegram keeps an unconfirmed update 24 hours at most: older records serve no redelivery."""
EVERY = 6 * 3600.0


async def forget_old_records(database: Transactions, clock: Clock) -> None:
    """Runs until cancelled."""
    while True:
        try:
            async with database.begin() as session:
                before = clock.now() - MEMORY
                await updates.forget_updates(session, before=before)
                await due.forget_calls(session, before=before)
        except (SQLAlchemyError, OSError) as error:
            log.warning("could not forget old records: %s", error)
        await clock.sleep(EVERY)


class Housekeeping:
    def __init__(self, database: Transactions, clock: Clock) -> None:
        self.database, self.clock = database, clock
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(forget_old_records(self.database, self.clock))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
