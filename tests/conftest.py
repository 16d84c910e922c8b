"""Database fixtures: a test asking for ``database_url`` runs once on SQLite, once on PostgreSQL.

PostgreSQL is TEST_POSTGRES_URL (default below). Each test logs in as a role of its own whose
search_path is a schema of its own, so tests never see each other's tables: the URL's user must
be allowed to create roles. When the server is down these tests skip, or fail when
REQUIRE_POSTGRES=1.
"""

import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db import open_database
from tests.postgres import isolated_schema

DEFAULT_TEST_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


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


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/coach.db"
        return
    async with isolated_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a database migrated to the newest schema."""
    engine, sessions = await open_database(database_url)
    yield sessions
    await engine.dispose()
