"""One worker at a time sends what the bot sends on its own, so that Telegram's budget of about
30 messages a second is shared: on PostgreSQL, the worker holding a session advisory lock on a
connection of its own; on SQLite there is one worker. A worker that stops, or loses its
connection, lets the lock go with it, and another takes the turn."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

SENDING_LOCK_KEY = 0x636F616369  # next to the migration lock ("coach" + 1)


class SendingTurn:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.alone = engine.dialect.name != "postgresql"
        self._connection: AsyncConnection | None = None

    async def held(self) -> bool:
        """Whether this worker has the turn: it keeps it while its connection lives, and tries
        to take it when it has not."""
        if self.alone:
            return True
        try:
            if self._connection is not None:
                await self._connection.exec_driver_sql("SELECT 1")
                return True
            self._connection = await self.engine.connect()
            taken = await self._connection.scalar(_LOCK, {"key": SENDING_LOCK_KEY})
            await self._connection.commit()
            if not taken:
                await self._let_go()
            return bool(taken)
        except (SQLAlchemyError, OSError) as error:
            log.warning("the sending turn is lost: %s", error)
            await self._let_go(broken=True)
            return False

    async def release(self) -> None:
        if self._connection is None:
            return
        try:
            await self._connection.execute(_UNLOCK, {"key": SENDING_LOCK_KEY})
            await self._connection.commit()
        except (SQLAlchemyError, OSError):
            await self._let_go(broken=True)
        await self._let_go()

    async def _let_go(self, broken: bool = False) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if broken:
                await connection.invalidate()  # a lock it held ends with it
            await connection.close()
        except (SQLAlchemyError, OSError) as error:
            log.info("closing the sending turn's connection: %s", error)


_LOCK = text("SELECT pg_try_advisory_lock(:key)")
_UNLOCK = text("SELECT pg_advisory_unlock(:key)")
