"""A PostgreSQL database of one's own: a new role whose search_path is a new schema; and the
server's superuser, to end a role's connections as a restart would."""

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator

import asyncpg
from sqlalchemy.engine import make_url


@contextlib.asynccontextmanager
async def isolated_schema(server_url: str, prefix: str = "pytest") -> AsyncIterator[str]:
    """Yields a URL that sees only its own empty schema; drops both afterwards.

    The URL's user must be allowed to create roles.
    """
    server = make_url(server_url)
    name, password = f"{prefix}_{secrets.token_hex(6)}", secrets.token_hex(12)
    admin_url = server.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_url, timeout=10)
    try:
        await admin.execute(
            f"CREATE ROLE {name} LOGIN PASSWORD '{password}';"
            f" CREATE SCHEMA {name} AUTHORIZATION {name};"
            f" ALTER ROLE {name} SET search_path = {name}"
        )
        yield server.set(username=name, password=password).render_as_string(hide_password=False)
    finally:
        await admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE; DROP ROLE IF EXISTS {name}")
        await admin.close()


async def as_superuser(url: str) -> asyncpg.Connection:
    """A connection to the URL's database as postgres (trust authentication on test servers)."""
    admin = make_url(url).set(drivername="postgresql", username="postgres", password=None)
    return await asyncpg.connect(admin.render_as_string(False))


async def end_connections(url: str, *, pid: int | None = None) -> None:
    """Ends the server processes of the URL's role (only ``pid``, if given), as a restart
    would, and waits until they are gone."""
    role = make_url(url).username
    which = "usename = $1" + ("" if pid is None else " AND pid = $2")
    keys = (role,) if pid is None else (role, pid)
    admin = await as_superuser(url)
    try:
        await admin.execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {which}", *keys
        )
        while await admin.fetchval(f"SELECT count(*) FROM pg_stat_activity WHERE {which}", *keys):
            await asyncio.sleep(0.01)
    finally:
        await admin.close()
