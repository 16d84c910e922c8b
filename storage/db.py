"""Opening the database DATABASE_URL names: engine, sessions, one clear line when it fails."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.util import await_
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.migrate import migrate
from storage.sqlite import IN_PLACE, loop_thread_creator

CONNECT_TIMEOUT = 5.0
SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_CHECKPOINT_PAGES = 4000
"""The write-ahead log is copied into the database once it holds this many pages (16 MB), not
SQLite's 1,000: a page written by many commits is copied once, and the commit that checkpoints
(it syncs the file) comes four times less often; under a steady load of taps the checkpoints
took half of the commits' time."""
POOL_SIZE = 10
"""PostgreSQL connections a worker keeps open, and never more: opening one costs more than
waiting for a free one (with overflow, a benchmark run opened and closed about 500)."""
IDLE_BEFORE_PING = 1.0
"""Seconds a pooled PostgreSQL connection sat unused before it is tested again: it may have
outlived a server restart. SQLAlchemy's pre-ping tests every checkout with three round trips
(BEGIN, a ping, ROLLBACK), a fifth of a tap's; a busy connection found dead instead fails its
transaction as invalidated, and the caller tries again (bot/middlewares.py)."""
SUPPORTED_URLS = "sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST/DATABASE"


class DatabaseUnavailable(Exception):
    """The database cannot be opened or migrated; the message is one line for a person to read."""


def default_database_url() -> str:
    path = Path.cwd() / "data" / "coach.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{path}"


def make_engine(url: str | URL, *, connect_timeout: float = CONNECT_TIMEOUT) -> AsyncEngine:
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        engine = create_async_engine(url, async_creator=loop_thread_creator(url), module=IN_PLACE)
        event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
        return engine
    if url.get_driver_name() != "asyncpg":
        return create_async_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=0)
    engine = create_async_engine(
        url, pool_size=POOL_SIZE, max_overflow=0, connect_args={"timeout": connect_timeout}
    )
    _ping_when_idle(engine, IDLE_BEFORE_PING)
    return engine


def _ping_when_idle(engine: AsyncEngine, idle: float) -> None:
    """Long-lived workers outlive server restarts: a connection back from a rest is tested with
    one round trip before use, and replaced when dead."""

    @event.listens_for(engine.sync_engine.pool, "checkin")
    def returned(dbapi_connection: Any, record: Any) -> None:
        record.info["returned"] = time.monotonic()

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def taken(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("returned")  # None: a new connection
        if since is None or time.monotonic() - since < idle:
            return
        try:
            await_(dbapi_connection.driver_connection.fetchrow(";"))
        except Exception as error:  # whatever the driver raises: the pool connects anew
            raise DisconnectionError(f"a pooled connection is dead: {error}") from error


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL with NORMAL sync: no fsync per commit, still never corrupt (sqlite.org/wal.html).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def open_database(
    url: str, *, connect_timeout: float = CONNECT_TIMEOUT
) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    """Connects once to the database, migrates it to the newest schema and returns its engine.

    Raises DatabaseUnavailable, never a driver's error, so that the caller can print one line.
    """
    try:
        engine = make_engine(url, connect_timeout=connect_timeout)
    except Exception as error:  # bad syntax, unknown dialect, missing or synchronous driver
        reason = f"{_reason(error, connect_timeout)} (expected {SUPPORTED_URLS})"
        raise DatabaseUnavailable(_explain("open", url, reason)) from error
    try:
        async with asyncio.timeout(connect_timeout):
            async with engine.connect() as connection:
                await connection.exec_driver_sql("SELECT 1")
    except Exception as error:  # whatever the driver raises: the URL leads to no usable database
        await engine.dispose()
        if engine.dialect.name == "sqlite":
            # aiosqlite stops the thread of a failed connection without waiting; if this loop
            # closed first, the thread would print "Event loop is closed" (aiosqlite PR #389).
            await asyncio.sleep(0.1)
        raise DatabaseUnavailable(
            _explain("open", url, _reason(error, connect_timeout))
        ) from error
    try:
        await migrate(engine)
    except (DBAPIError, OSError) as error:  # refused: read-only, no rights, another app's tables
        await engine.dispose()
        raise DatabaseUnavailable(
            _explain("migrate", url, _reason(error, connect_timeout))
        ) from error
    return engine, make_sessionmaker(engine)


def _explain(verb: str, url: str, reason: str) -> str:
    # The URL as written, its password hidden; the pattern is the one SQLAlchemy parses with.
    shown = re.sub(r"^([\w+]+://[^:/]*:)[^@]*@", r"\1***@", url)
    return f"Cannot {verb} the database set by DATABASE_URL ({shown}): {reason}"


def _reason(error: BaseException, timeout: float) -> str:
    if isinstance(error, DBAPIError) and error.orig is not None:
        error = error.orig
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} s"
    return " ".join(str(error).split()) or type(error).__name__


class Transactions:
    """One way to write: a session in a transaction, committed on exit.

    SQLite has one writer: writers of this process queue in order on a lock rather than in
    SQLite's busy handler's sleeps. PostgreSQL takes them all at once.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.single_process = sessions.kw["bind"].dialect.name == "sqlite"
        """One bot process per SQLite file (README): nothing else writes to it."""
        self._writing = asyncio.Lock()
        """SQLite's writers, in turn."""

    @contextlib.asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncSession]:
        if not self.single_process:
            async with self.sessions.begin() as session:
                yield session
            return
        # SQLite's statements run in place (storage/sqlite.py): a commit has nothing to cancel
        # halfway, so the session is not closed in a task of its own as SQLAlchemy does (two
        # tasks a transaction); its connection goes back to the pool at commit or rollback.
        async with self._writing:
            session = self.sessions()
            async with session.begin():
                yield session

    async def reachable(self, timeout: float = CONNECT_TIMEOUT) -> bool:
        """Whether the database answers at all (to tell an outage from a bug)."""
        try:
            async with asyncio.timeout(timeout), self.sessions() as session:
                await (await session.connection()).exec_driver_sql("SELECT 1")
        except (SQLAlchemyError, OSError, TimeoutError):
            return False
        return True
