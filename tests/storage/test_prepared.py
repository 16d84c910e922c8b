"""storage/prepared.py runs the answer path's statements on SQLite's cursor: what callers read
is what SQLAlchemy would have given them, errors included."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import CursorResult, event, insert, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import calls
from storage.db import open_database
from storage.models import ProcessedUpdate, utc_now
from storage.prepared import run

Sessions = async_sessionmaker[AsyncSession]
NOW = utc_now()
UPDATES = ProcessedUpdate.__table__  # type: ignore[attr-defined]


def _rows(now: Any) -> list[dict[str, Any]]:
    base = {"method": "editMessageText", "params": "{}", "status": "pending", "attempts": 0}
    base |= {"message_id": 7, "digest": "d", "screen": None, "update_id": 1, "origin": None}
    base |= {"not_before": now, "created_at": now}
    return [
        base | {"chat_id": 5, "claimed_until": now + timedelta(seconds=15)},
        base | {"chat_id": 5, "claimed_until": None, "digest": "e"},
        base | {"chat_id": 6, "claimed_until": None},
    ]


async def test_rows_ids_and_counts_read_as_sqlalchemy_gives_them(sessionmaker: Sessions) -> None:
    def work(sync: Session) -> tuple[Any, ...]:
        connection = sync.connection()
        ids = list(run(connection, calls._INSERT, _rows(NOW)).scalars())
        key = {"b_chat": 5, "b_message": 7}
        latest = run(connection, calls._LATEST, key).one_or_none()
        expected = connection.execute(calls._LATEST, key).one_or_none()
        postponed = [{"b_id": n, "not_before": NOW} for n in ids]
        moved = run(connection, calls._POSTPONE, postponed).rowcount
        again = connection.execute(calls._POSTPONE, postponed).rowcount
        missing = run(connection, calls._QUEUED, {"chat_id": 99}).scalar()
        return ids, latest, expected, (moved, again), missing

    async with sessionmaker.begin() as session:
        ids, latest, expected, moved, missing = await session.run_sync(work)

    assert ids == sorted(ids) and len(ids) == 3
    assert tuple(latest) == tuple(expected) and latest._fields == expected._fields
    assert latest.id == ids[1] and latest.digest == "e" and latest.queued is True
    assert latest.claimed_until is None
    assert moved[0] == moved[1]  # 3 on SQLite; asyncpg does not count a list's rows (-1)
    assert missing is False


async def test_datetimes_come_back_aware_as_stored(sessionmaker: Sessions) -> None:
    def work(sync: Session) -> Any:
        connection = sync.connection()
        run(connection, calls._INSERT_ONLY, _rows(NOW)[:1])
        claimed = select(calls.TABLE.c.not_before, calls.TABLE.c.claimed_until)
        return run(connection, claimed).one()

    async with sessionmaker.begin() as session:
        found = await session.run_sync(work)

    assert found.not_before == NOW and found.not_before.utcoffset() == timedelta(0)
    assert found.claimed_until == NOW + timedelta(seconds=15)


async def test_a_driver_error_is_sqlalchemys_and_the_transaction_rolls_back(
    sessionmaker: Sessions,
) -> None:
    twice = [{"update_id": 1, "processed_at": NOW}] * 2
    with pytest.raises(IntegrityError) as raised:
        async with sessionmaker.begin() as session:
            await session.run_sync(lambda sync: run(sync.connection(), insert(UPDATES), twice))
    async with sessionmaker() as session:
        kept = await session.run_sync(
            lambda sync: run(sync.connection(), select(UPDATES.c.update_id)).all()
        )

    assert "unique" in str(raised.value.orig).lower()
    assert kept == []


async def test_a_missing_parameter_is_refused(sessionmaker: Sessions) -> None:
    with pytest.raises(StatementError):
        async with sessionmaker.begin() as session:
            await session.run_sync(lambda sync: run(sync.connection(), calls._LATEST, {}))


async def test_on_sqlite_the_statements_skip_sqlalchemys_execution(sqlite_url: str) -> None:
    engine, sessions = await open_database(sqlite_url)
    seen: list[str] = []
    try:
        async with sessions.begin() as session:
            direct = await session.run_sync(
                lambda sync: run(sync.connection(), calls._QUEUED, {"chat_id": 1})
            )

        def watch(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
            seen.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", watch)
        async with sessions.begin() as session:
            watched = await session.run_sync(
                lambda sync: run(sync.connection(), calls._QUEUED, {"chat_id": 1})
            )
            expanded = await session.run_sync(
                lambda sync: run(sync.connection(), calls._RELEASE, {"ids": [1, 2]})
            )
    finally:
        await engine.dispose()

    assert not isinstance(direct, CursorResult) and direct.scalar() is False
    assert isinstance(watched, CursorResult)  # a listener sees every statement
    assert isinstance(expanded, CursorResult)  # a list spelled out in the SQL: SQLAlchemy's
    assert any("telegram_call" in statement for statement in seen)
