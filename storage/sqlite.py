"""SQLite through aiosqlite's API, each call made on the event loop's own thread.

aiosqlite hands every call to a worker thread and back: about 70 µs of CPU per hop, and
SQLAlchemy makes three or four hops a statement. A statement on a local SQLite file in WAL mode
takes a few microseconds, so running it in place is cheaper by an order of magnitude (see
benchmarks/engine_step.py). SQLAlchemy's adapter for asyncio drivers also leaves its greenlet
for each cursor call, through the event loop's task and back: here a statement does so once
and commits not at all (``IN_PLACE``).

The price: a statement that waits for another process's write lock (``busy_timeout``) holds
the loop while it waits. Within one process writers queue on an asyncio lock first
(storage.db.Transactions), so that only happens when two programs share one file.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
from collections.abc import Callable, Generator
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine import URL
from sqlalchemy.util import await_


class _RunNow:
    """Stands for aiosqlite's queue to its worker thread: runs each call as it is queued."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:
            if future is not None:
                future.set_exception(error)
        else:
            if future is not None:
                future.set_result(result)


class LoopThreadConnection(aiosqlite.Connection):
    """An ``aiosqlite.Connection`` without its thread: every call completes before it returns."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, aiosqlite.Connection]:
        return self._connect().__await__()  # no worker thread to start

    @property
    def sqlite3_connection(self) -> sqlite3.Connection:
        """The connection itself, for statements run straight on it (storage/prepared.py)."""
        return self._conn

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def loop_thread_creator(url: URL) -> Callable[[], Any]:
    """``async_creator`` for ``create_async_engine``: connects as the aiosqlite dialect would."""
    args, kwargs = url.get_dialect()().create_connect_args(url)

    async def connect() -> aiosqlite.Connection:
        return await LoopThreadConnection(partial(sqlite3.connect, *args, **kwargs))

    return connect


class InPlaceCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's cursor on a loop-thread connection: a sqlite3 cursor, made and closed
    directly; a statement still leaves the greenlet once, as SQLAlchemy checks it does."""

    __slots__ = ()
    _awaitable_cursor_close = False

    def _make_new_cursor(self, connection: Any) -> Any:
        return connection._conn.cursor()

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        cursor: sqlite3.Cursor = self._cursor  # type: ignore[assignment]
        result = cursor.execute(operation, () if parameters is None else parameters)
        if cursor.description:
            self._rows = collections.deque(cursor.fetchall())
        return result

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        cursor: sqlite3.Cursor = self._cursor  # type: ignore[assignment]
        return cursor.executemany(operation, seq_of_parameters)


class InPlaceConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's connection on a loop-thread connection: commits and rollbacks in place."""

    __slots__ = ()
    _cursor_cls = InPlaceCursor

    def commit(self) -> None:
        self._end(sqlite3.Connection.commit)

    def rollback(self) -> None:
        self._end(sqlite3.Connection.rollback)

    def _end(self, how: Callable[[sqlite3.Connection], None]) -> None:
        if self._connection._connection:  # not closed
            try:
                how(self._connection._conn)
            except Exception as error:
                self._handle_exception(error)


class _InPlaceDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *args: Any, **kwargs: Any) -> InPlaceConnection:
        connect = kwargs.pop("async_creator_fn")  # always given: loop_thread_creator's
        return InPlaceConnection(self, await_(connect(*args, **kwargs)))


IN_PLACE = _InPlaceDBAPI(aiosqlite, sqlite3)
"""The DBAPI module SQLAlchemy is given for SQLite (``create_async_engine(module=...)``)."""
