"""Database fixtures: a test asking for ``database_url`` runs once on SQLite, once on PostgreSQL.

``database_url`` is a database at the newest schema with no rows, migrated once per test
process: on SQLite a copy of a migrated file, on PostgreSQL the process's own database, emptied
before each test. ``empty_database_url`` has no tables at all, for the migrations' tests.

PostgreSQL is TEST_POSTGRES_URL (default below); its user must be allowed to create roles and
databases. When the server is down these tests skip, or fail when REQUIRE_POSTGRES=1.
"""

import sys

# Where PYTHONDONTWRITEBYTECODE is set, every test process (two workers, the bots they start)
# would compile the project and the rewritten tests from source again: ~2.5 s each.
sys.dont_write_bytecode = False

import asyncio
import os
import secrets
import shutil
import socket
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import storage.models  # noqa: F401  (the tables, for SQLModel.metadata)
from storage.db import open_database
from tests.postgres import isolated_schema

DEFAULT_TEST_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's loadgroup, by node id: pytest 9 no longer lets it rename items for their group.
    Only in place of the default ``--dist load``."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    from tests.bot.processes import FORKED

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "forked" if nodeid.startswith(FORKED) else nodeid

    return Scheduling(config, log)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = make_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL))
    try:
        socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2).close()
    except OSError as error:
        reason = f"PostgreSQL unreachable at {url.host}:{url.port or 5432} ({error})"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}, and REQUIRE_POSTGRES=1")
        pytest.skip(f"{reason}; set TEST_POSTGRES_URL, or REQUIRE_POSTGRES=1 to fail instead")
    return url.render_as_string(hide_password=False)


def _run(work: Coroutine[Any, Any, None]) -> None:
    """Runs it to the end on a loop of its own: session fixtures are first asked for from
    inside a test's running loop."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, work).result()


async def _migrated(url: str) -> None:
    engine, _ = await open_database(url)
    await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "coach.db"
    _run(_migrated(f"sqlite+aiosqlite:///{path}"))
    return path


def _admin(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin_execute(url: URL, *statements: str) -> None:
    admin = await asyncpg.connect(_admin(url), timeout=10)
    try:
        for statement in statements:
            await admin.execute(statement)
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A migrated database of this test process, owned by a role of its own that the URL logs
    in as; ``database_url`` empties its tables before each test."""
    server = make_url(postgres_url)
    name, password = f"pytest_{secrets.token_hex(6)}", secrets.token_hex(12)
    url = server.set(username=name, password=password, database=name)
    _run(
        _admin_execute(
            server,
            f"CREATE ROLE {name} LOGIN PASSWORD '{password}'",
            f"CREATE DATABASE {name} OWNER {name}",
        )
    )
    try:
        _run(_migrated(url.render_as_string(hide_password=False)))
        yield url.render_as_string(hide_password=False)
    finally:
        _run(
            _admin_execute(
                server,
                f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                f"DROP ROLE IF EXISTS {name}",
            )
        )


# Every foreign key deletes or clears what points at a deleted row: any order empties them.
_EMPTY_TABLES = [f"DELETE FROM {table.name}" for table in SQLModel.metadata.sorted_tables]


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A SQLite database at the newest schema, with no rows: a copy of the migrated template."""
    path = tmp_path / "coach.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """The URL of a database at the newest schema, with no rows."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    url: str = request.getfixturevalue("postgres_database")
    connection = await asyncpg.connect(_admin(make_url(url)), timeout=10)
    try:
        async with connection.transaction():
            for statement in _EMPTY_TABLES:
                await connection.execute(statement)
    finally:
        await connection.close()
    yield url


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a database without any table."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/coach.db"
        return
    async with isolated_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a database at the newest schema."""
    engine, sessions = await open_database(database_url)
    yield sessions
    await engine.dispose()
