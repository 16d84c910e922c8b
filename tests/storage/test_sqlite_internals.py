"""storage/sqlite.py replaces aiosqlite's worker thread by overriding private members of
``aiosqlite.Connection``, and SQLAlchemy's cursor hops by overriding private members of its
asyncio adapter; pyproject.toml bounds aiosqlite and SQLAlchemy to the minor versions this was
written against. These tests fail when those members change, before anything subtler breaks."""

import inspect
import sqlite3
import threading
from pathlib import Path

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection, AsyncAdapt_dbapi_cursor
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.sqlite import InPlaceConnection, LoopThreadConnection, loop_thread_creator


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
    assert "return self._connection" in inspect.getsource(vars(aiosqlite.Connection)["_conn"].fget)
    assert aiosqlite.OperationalError is sqlite3.OperationalError  # errors map as SQLAlchemy's


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


def test_the_sqlalchemy_members_storage_sqlite_relies_on_are_as_written() -> None:
    made = inspect.getsource(AsyncAdapt_dbapi_cursor.__init__)
    assert "self._make_new_cursor(self._connection)" in made
    assert "self._aenter_cursor(cursor)" in made
    execute = inspect.getsource(AsyncAdapt_dbapi_cursor.execute)
    assert "await_(self._execute_async(operation, parameters))" in execute
    many = inspect.getsource(AsyncAdapt_dbapi_cursor.executemany)
    assert "self._executemany_async(operation, seq_of_parameters)" in many
    assert "if not self._awaitable_cursor_close:" in inspect.getsource(
        AsyncAdapt_dbapi_cursor.close
    )
    assert "self._cursor_cls(self)" in inspect.getsource(AsyncAdapt_dbapi_connection.cursor)
    connect = inspect.getsource(AsyncAdapt_aiosqlite_dbapi.connect)
    assert 'kw.pop("async_creator_fn", None)' in connect


def test_the_sqlalchemy_members_storage_prepared_relies_on_are_as_written() -> None:
    from sqlalchemy import Connection, Engine, bindparam, select
    from sqlalchemy.dialects import sqlite

    compiled = select(bindparam("a"), bindparam("b")).compile(dialect=sqlite.dialect())
    assert compiled.positiontup == ["a", "b"]
    assert len(compiled._result_columns) == 2
    assert Connection._has_events is False and Engine._has_events is False
    assert "self._has_events or self.engine._has_events" in inspect.getsource(
        Connection._exec_single_context
    )


async def test_sqlalchemy_runs_statements_on_sqlite3_cursors_in_place(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/x.db")
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE t (n INTEGER PRIMARY KEY)")
            await connection.exec_driver_sql("INSERT INTO t VALUES (?)", [(1,), (2,)])
            found = await connection.exec_driver_sql("SELECT n FROM t ORDER BY n")
            adapted = (await connection.get_raw_connection()).dbapi_connection
            cursor = adapted.cursor() if adapted is not None else None
        async with engine.connect() as connection:
            kept = await connection.exec_driver_sql("SELECT count(*) FROM t")
    finally:
        await engine.dispose()

    assert isinstance(adapted, InPlaceConnection)
    assert isinstance(getattr(cursor, "_cursor", None), sqlite3.Cursor)
    assert found.scalars().all() == [1, 2]
    assert kept.scalar_one() == 2  # committed
