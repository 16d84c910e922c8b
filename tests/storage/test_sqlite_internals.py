"""storage/sqlite.py replaces aiosqlite's worker thread by overriding private members of
``aiosqlite.Connection``; pyproject.toml bounds aiosqlite to the minor version this was written
against. These tests fail when those members change, before anything subtler breaks."""

import inspect
import threading
from pathlib import Path

import aiosqlite
from sqlalchemy.engine import make_url

from storage.sqlite import LoopThreadConnection, loop_thread_creator


def test_the_private_members_storage_sqlite_relies_on_are_as_written() -> None:
    init = inspect.signature(aiosqlite.Connection.__init__).parameters
    assert list(init)[:3] == ["self", "connector", "iter_chunk_size"]
    queued = "self._tx.put_nowait((future, "
    for name in ("_execute", "_connect", "stop"):
        assert queued in inspect.getsource(getattr(aiosqlite.Connection, name)), name
    execute = inspect.getsource(aiosqlite.Connection._execute)
    assert "if not self._running or not self._connection:" in execute
    awaiting = inspect.getsource(aiosqlite.Connection.__await__)
    assert "self._thread.start()" in awaiting and "self._connect()" in awaiting
    assert "self._connection = await future" in inspect.getsource(aiosqlite.Connection._connect)


async def test_a_loop_thread_connection_runs_statements_without_a_thread(tmp_path: Path) -> None:
    threads = threading.active_count()
    connect = loop_thread_creator(make_url(f"sqlite+aiosqlite:///{tmp_path}/x.db"))

    connection = await connect()
    try:
        assert isinstance(connection, LoopThreadConnection)
        cursor = await connection.execute("SELECT 40 + 2")
        assert await cursor.fetchone() == (42,)
        assert threading.active_count() == threads
    finally:
        await connection.close()
