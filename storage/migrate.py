"""Bringing a database to the newest schema with the Alembic migrations in storage/migrations.

Alembic is imported only when the schema is behind: a database already at the newest revision
costs one query against ``alembic_version``, the head being read from the migration files.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
VERSIONS_DIR = Path(__file__).with_name("migrations") / "versions"
MIGRATION_LOCK_KEY = 0x636F616368  # "coach": one migrating worker at a time on PostgreSQL
_ASSIGNMENT = re.compile(r"(?P<name>revision|down_revision)\s*(?::[^=]*)?=(?P<value>.*)")


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic configuration; with a connection, commands run on it instead of DATABASE_URL."""
    from alembic.config import Config

    config = Config(ALEMBIC_INI)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head_revisions(directory: Path = VERSIONS_DIR) -> frozenset[str]:
    """The revisions no other revision follows, read from the files as Alembic would list them."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in directory.glob("*.py"):
        found = _assignments(path.read_text(encoding="utf-8"))
        if isinstance(found.get("revision"), str):
            revisions.add(found["revision"])
            down = found.get("down_revision")
            followed.update((down,) if isinstance(down, str) else down or ())
    return frozenset(revisions - followed)


def _assignments(source: str) -> dict[str, Any]:
    """The module-level ``revision`` and ``down_revision`` constants of a migration file.

    Read line by line rather than parsed whole: a big migration parses in milliseconds.
    """
    found: dict[str, Any] = {}
    lines = source.splitlines()
    for number, line in enumerate(lines):
        assignment = _ASSIGNMENT.match(line)
        if assignment is None:
            continue
        value = assignment["value"]
        for following in [*lines[number + 1 : number + 20], None]:
            try:
                found[assignment["name"]] = ast.literal_eval(value.strip())
                break
            except SyntaxError:  # a tuple over several lines
                if following is None:
                    raise
                value += "\n" + following
    return found


async def migrate(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(_upgrade_to_head)


def current_revisions(connection: Connection) -> frozenset[str]:
    """What ``alembic_version`` holds; nothing when the table does not exist yet."""
    try:
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        current = frozenset(rows)
    except DBAPIError:  # no such table: a new database, or one Alembic never touched
        current = frozenset()
    connection.rollback()
    return current


def _upgrade_to_head(connection: Connection) -> None:
    if current_revisions(connection) == head_revisions():
        return
    from alembic import command

    with _migration_lock(connection):
        command.upgrade(alembic_config(connection), "head")
        if connection.in_transaction():
            connection.commit()


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
