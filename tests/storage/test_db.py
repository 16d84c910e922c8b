import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import select

from storage import db
from storage.calls import NewCall, add_calls
from storage.db import (
    POOL_SIZE,
    SQLITE_CHECKPOINT_PAGES,
    DatabaseUnavailable,
    Transactions,
    default_database_url,
    make_engine,
    make_sessionmaker,
    open_database,
)
from storage.models import Membership, Role, TelegramCall, utc_now
from tests.postgres import end_connections


def test_default_database_url_is_a_file_under_data_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    assert default_database_url() == f"sqlite+aiosqlite:///{tmp_path}/data/coach.db"
    assert (tmp_path / "data").is_dir()


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/coach.db")
    try:
        async with engine.connect() as connection:
            settings = [
                (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "wal_autocheckpoint")
            ]
    finally:
        await engine.dispose()

    assert settings == ["wal", 1, 5000, SQLITE_CHECKPOINT_PAGES]


async def test_open_database_migrates_and_foreign_keys_stay_enforced(
    empty_database_url: str,
) -> None:
    engine, sessions = await open_database(empty_database_url)
    try:
        async with sessions() as session:
            session.add(Membership(person_id=404, initiative_id=404, role=Role.MEMBER))
            with pytest.raises(IntegrityError):
                await session.flush()
    finally:
        await engine.dispose()


async def test_opening_a_migrated_database_again_is_quick(empty_database_url: str) -> None:
    engine, _ = await open_database(empty_database_url)
    await engine.dispose()

    started = time.perf_counter()
    engine, _ = await open_database(empty_database_url)
    await engine.dispose()

    assert time.perf_counter() - started < 1


async def test_a_missing_directory_is_reported_in_one_line() -> None:
    url = "sqlite+aiosqlite:////nonexistent/x.db"

    with pytest.raises(DatabaseUnavailable) as raised:
        await open_database(url)

    assert str(raised.value) == (
        "Cannot open the database set by DATABASE_URL (sqlite+aiosqlite:////nonexistent/x.db):"
        " unable to open database file"
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("not a url", "Could not parse SQLAlchemy URL"),
        ("nosuch://x", "Can't load plugin: sqlalchemy.dialects:nosuch"),
        ("sqlite:///coach.db", "requires an async driver"),
        ("postgresql://u@h/db", "No module named"),
        ("postgresql+asyncpg://h:port/db", "invalid literal for int()"),
    ],
)
async def test_a_url_naming_no_usable_driver_is_reported(url: str, reason: str) -> None:
    with pytest.raises(DatabaseUnavailable) as raised:
        await open_database(url)

    message = str(raised.value)
    assert message.startswith(f"Cannot open the database set by DATABASE_URL ({url}): ")
    assert reason in message
    assert "sqlite+aiosqlite:///" in message.split(": ", 1)[1]
    assert "\n" not in message


async def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("shopping list\n" * 100)

    with pytest.raises(DatabaseUnavailable, match="file is not a database"):
        await open_database(f"sqlite+aiosqlite:///{tmp_path}/notes.db")


async def test_a_closed_postgresql_port_is_reported_with_the_password_hidden() -> None:
    url = "postgresql+asyncpg://coach:s3cret@127.0.0.1:1/coach"

    with pytest.raises(DatabaseUnavailable) as raised:
        await open_database(url)

    message = str(raised.value)
    assert message.startswith(
        "Cannot open the database set by DATABASE_URL"
        " (postgresql+asyncpg://coach:***@127.0.0.1:1/coach): "
    )
    assert "Connect call failed" in message
    assert "s3cret" not in message


async def test_a_postgresql_server_that_never_answers_fails_within_the_connect_timeout() -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def stay_silent(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(stay_silent, "127.0.0.1", 0)
    url = f"postgresql+asyncpg://coach@127.0.0.1:{server.sockets[0].getsockname()[1]}/coach"
    started = time.perf_counter()
    try:
        with pytest.raises(DatabaseUnavailable, match="no answer within 0.3 s"):
            await open_database(url, connect_timeout=0.3)
    finally:
        server.close()
        for writer in accepted:
            writer.close()
            await writer.wait_closed()
        await server.wait_closed()

    assert time.perf_counter() - started < 2


async def test_a_missing_postgresql_database_is_reported(postgres_url: str) -> None:
    url = make_url(postgres_url).set(database="no_such_database").render_as_string(False)

    with pytest.raises(DatabaseUnavailable, match='database "no_such_database" does not exist'):
        await open_database(url)


async def test_a_database_holding_another_apps_tables_cannot_be_migrated(
    empty_database_url: str,
) -> None:
    engine = make_engine(empty_database_url)
    async with engine.begin() as connection:
        await connection.exec_driver_sql("CREATE TABLE person (nickname TEXT)")
    await engine.dispose()

    with pytest.raises(DatabaseUnavailable) as raised:
        await open_database(empty_database_url)

    assert str(raised.value).startswith("Cannot migrate the database set by DATABASE_URL (")
    assert "person" in str(raised.value)


async def test_the_write_ahead_log_stays_bounded_under_steady_writes(tmp_path: Path) -> None:
    engine, sessions = await open_database(f"sqlite+aiosqlite:///{tmp_path}/coach.db")
    try:
        for update_id in range(3000):  # about 24 MB of calls, one transaction each
            async with sessions.begin() as session:
                call = NewCall(update_id, "sendMessage", "x" * 8000)
                await add_calls(session, [call], now=utc_now(), update_id=update_id)
        wal = (tmp_path / "coach.db-wal").stat().st_size
    finally:
        await engine.dispose()

    page = 4096  # SQLite's default
    assert wal < (SQLITE_CHECKPOINT_PAGES + 100) * page  # checkpoints let the log start over


async def test_a_burst_of_transactions_reuses_a_fixed_set_of_connections(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    opened = 0

    def count(*_: object) -> None:
        nonlocal opened
        opened += 1

    event.listen(engine.sync_engine, "connect", count)
    transactions = Transactions(make_sessionmaker(engine))

    async def one() -> None:
        async with transactions.begin() as session:
            await (await session.connection()).exec_driver_sql("SELECT 1")
            await asyncio.sleep(0.001)

    try:
        for _ in range(3):
            await asyncio.gather(*(one() for _ in range(4 * POOL_SIZE)))
    finally:
        await engine.dispose()

    assert 1 <= opened <= POOL_SIZE


async def test_a_transaction_gives_its_connection_back_whether_it_commits_or_fails(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    transactions = Transactions(make_sessionmaker(engine))
    pool = engine.sync_engine.pool
    try:
        async with transactions.begin() as session:
            await add_calls(session, [NewCall(5, "sendMessage", "{}")], now=utc_now())
            held = pool.checkedout()  # type: ignore[attr-defined]
        with pytest.raises(ValueError):
            async with transactions.begin() as session:
                await add_calls(session, [NewCall(6, "sendMessage", "{}")], now=utc_now())
                raise ValueError("a handler failed")
        left = pool.checkedout()  # type: ignore[attr-defined]
        async with transactions.begin() as session:
            kept = await session.exec(select(TelegramCall.chat_id))
            chats = kept.all()
    finally:
        await engine.dispose()

    assert (held, left) == (1, 0)
    assert chats == [5]


async def _backend(transactions: Transactions) -> int:
    async with transactions.begin() as session:
        found = await (await session.connection()).exec_driver_sql("SELECT pg_backend_pid()")
        return int(found.scalar_one())


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_connection_back_from_a_rest_is_tested_and_replaced_when_dead(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "IDLE_BEFORE_PING", 0.0)
    engine = make_engine(database_url)
    transactions = Transactions(make_sessionmaker(engine))
    try:
        first = await _backend(transactions)
        await end_connections(database_url, pid=first)
        second = await _backend(transactions)
    finally:
        await engine.dispose()

    assert second != first


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_busy_connection_found_dead_fails_as_invalidated_then_the_pool_connects_anew(
    database_url: str,
) -> None:
    engine = make_engine(database_url)  # used again at once: not tested before use
    transactions = Transactions(make_sessionmaker(engine))
    try:
        first = await _backend(transactions)
        await end_connections(database_url, pid=first)
        with pytest.raises(DBAPIError) as failed:
            await _backend(transactions)
        second = await _backend(transactions)
    finally:
        await engine.dispose()

    assert failed.value.connection_invalidated
    assert second != first
