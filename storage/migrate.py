"""Bringing a database to the newest schema with the Alembic migrations in storage/migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
MIGRATION_LOCK_KEY = 0x636F616368  # "coach": one migrating worker at a time on PostgreSQL


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic configuration; with a connection, commands run on it instead of DATABASE_URL."""
    config = Config(ALEMBIC_INI)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(_upgrade_to_head)


def _upgrade_to_head(connection: Connection) -> None:
    if _is_at_head(connection):
        return
    with _migration_lock(connection):
        command.upgrade(alembic_config(connection), "head")
        if connection.in_transaction():
            connection.commit()


def _is_at_head(connection: Connection) -> bool:
    current = MigrationContext.configure(connection).get_current_heads()
    connection.rollback()
    return set(current) == set(_scripts().get_heads())


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


@contextmanager
def _migration_lock(connection: Connection) -> Iterator[None]:
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()
