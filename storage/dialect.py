"""The one place that picks a dialect's INSERT, for its ON CONFLICT clauses."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession


def insert_for(dialect: str) -> Any:
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"no upsert for {dialect}")


def dialect_insert(session: AsyncSession | Session, table: Any) -> Any:
    """An INSERT with the dialect's ON CONFLICT clauses."""
    return insert_for(session.get_bind().dialect.name)(table)


def check_length(field: str, text: str, limit: int) -> None:
    # SQLite ignores VARCHAR lengths; checking here makes both databases refuse the same text.
    if len(text) > limit:
        raise ValueError(f"{field} is {len(text)} characters long; the limit is {limit}")
