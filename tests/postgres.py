"""A PostgreSQL database of one's own: a new role whose search_path is a new schema."""

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
