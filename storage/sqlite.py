"""SQLite through aiosqlite's API, each call made on the event loop's own thread.

aiosqlite hands every call to a worker thread and back: about 70 µs of CPU per hop, and
SQLAlchemy makes three or four hops a statement. A statement on a local SQLite file in WAL mode
takes a few microseconds, so running it in place is cheaper by an order of magnitude (see
benchmarks/engine_step.py). The price: a statement that waits for another process's write lock
(``busy_timeout``) holds the loop while it waits. Within one process writers queue on an
asyncio lock first (storage.db.Transactions), so that only happens when two programs share one
file.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.engine import URL


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
