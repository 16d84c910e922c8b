import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from storage.db import make_engine
from storage.migrate import alembic_config, migrate

REVISIONS = [
    script.revision
    for script in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]


@pytest.fixture
async def engine(empty_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(empty_database_url)
    yield engine
    await engine.dispose()


async def alembic(engine: AsyncEngine, run: Callable[..., None], revision: str) -> None:
    def on(connection: Connection) -> None:
        run(alembic_config(connection), revision)
        connection.commit()

    async with engine.connect() as connection:
        await connection.run_sync(on)


async def schema_differences(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata)
        )


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def rows(engine: AsyncEngine, query: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.exec_driver_sql(query)]


def test_revisions_form_one_line_from_core_to_telegram() -> None:
    assert REVISIONS == [
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
        "0009",
        "0010",
        "0011",
    ]


async def test_upgrading_an_empty_database_gives_the_models_schema(engine: AsyncEngine) -> None:
    await migrate(engine)

    assert await schema_differences(engine) == []
    assert await table_names(engine) == set(SQLModel.metadata.tables) | {"alembic_version"}


async def test_migrating_a_database_at_head_changes_nothing(engine: AsyncEngine) -> None:
    await migrate(engine)
    await migrate(engine)

    assert await rows(engine, "SELECT version_num FROM alembic_version") == [(REVISIONS[-1],)]


async def test_every_revision_upgrades_downgrades_and_upgrades_again(engine: AsyncEngine) -> None:
    for revision, previous in zip(REVISIONS, ["base", *REVISIONS], strict=False):
        await alembic(engine, command.upgrade, revision)
        await alembic(engine, command.downgrade, previous)
        await alembic(engine, command.upgrade, revision)

    assert await schema_differences(engine) == []
    await alembic(engine, command.downgrade, "base")
    assert await table_names(engine) == {"alembic_version"}


CORE_ROWS = [
    "INSERT INTO person (id, telegram_id, local_user, display_name, locale, created_at)"
    " VALUES (1, 4611686018427387904, NULL, 'Ana', 'fr', '2025-03-01 10:00:00+00')",
    "INSERT INTO person (id, telegram_id, local_user, display_name, locale, created_at)"
    " VALUES (2, NULL, 'bea', 'bea', NULL, '2025-03-01 10:05:00+00')",
    "INSERT INTO initiative (id, name, issue, created_by, created_at)"
    " VALUES (1, 'Quartier Nord', 'Less food waste.', 1, '2025-03-01 10:01:00+00')",
    "UPDATE person SET active_initiative_id = 1",
    "INSERT INTO membership VALUES (1, 1, 'coordinator', '2025-03-01 10:01:00+00')",
    "INSERT INTO membership VALUES (2, 1, 'member', '2025-03-01 10:06:00+00')",
    "INSERT INTO walkthrough VALUES (2, 1, 'preconditions', 'urgency', false, false, 3,"
    " '2025-03-01 10:07:00+00')",
    "INSERT INTO answer (id, person_id, initiative_id, round_no, module, item_id, value, comment,"
    " answered_at) VALUES (1, 2, 1, 0, 'preconditions', 'champions', 4, 'Yes, the mayor',"
    " '2025-03-01 10:07:00+00')",
    "INSERT INTO answer_history (id, person_id, initiative_id, round_no, module, item_id, value,"
    " comment, answered_at, recorded_at) VALUES (1, 2, 1, 0, 'preconditions', 'champions', 4,"
    " 'Yes, the mayor', '2025-03-01 10:07:00+00', '2025-03-01 10:07:00+00')",
]
CORE_QUERIES = [
    "SELECT id, telegram_id, local_user, display_name, locale, active_initiative_id"
    " FROM person ORDER BY id",
    "SELECT id, name, issue, created_by FROM initiative",
    "SELECT person_id, initiative_id, role FROM membership ORDER BY person_id",
    "SELECT person_id, module, position, awaiting_comment, version FROM walkthrough",
    "SELECT person_id, item_id, value, comment FROM answer",
    "SELECT person_id, item_id, value, comment FROM answer_history",
]


async def test_rows_written_at_0001_survive_upgrading_and_downgrading(
    engine: AsyncEngine,
) -> None:
    await alembic(engine, command.upgrade, "0001")
    async with engine.begin() as connection:
        for statement in CORE_ROWS:
            await connection.exec_driver_sql(statement)
    before = [await rows(engine, query) for query in CORE_QUERIES]

    await migrate(engine)
    after_upgrade = [await rows(engine, query) for query in CORE_QUERIES]
    telegram_columns = await rows(engine, "SELECT blocked_at, pending, draft FROM person")
    await alembic(engine, command.downgrade, "0001")
    after_downgrade = [await rows(engine, query) for query in CORE_QUERIES]

    assert before[0][0] == (1, 2**62, None, "Ana", "fr", 1)
    assert after_upgrade == before
    assert telegram_columns == [(None, None, None)] * 2
    assert after_downgrade == before


@pytest.mark.parametrize("empty_database_url", ["postgres"], indirect=True)
async def test_on_postgresql_workers_starting_together_migrate_once(
    empty_database_url: str,
) -> None:
    engines = [make_engine(empty_database_url) for _ in range(3)]
    try:
        await asyncio.wait_for(asyncio.gather(*(migrate(engine) for engine in engines)), 10)
        assert await schema_differences(engines[0]) == []
    finally:
        for engine in engines:
            await engine.dispose()


async def test_partial_indexes_hold_the_rows_the_models_say(engine: AsyncEngine) -> None:
    """compare_metadata does not look at an index's WHERE: a migration could leave it out."""
    await migrate(engine)
    dialect = engine.dialect.name
    wanted = {
        (table.name, index.name): _predicate(index.dialect_options[dialect]["where"])
        for table in SQLModel.metadata.tables.values()
        for index in table.indexes
        if index.dialect_options[dialect]["where"] is not None
    }

    def reflected(sync: Connection) -> dict[tuple[str, str], str]:
        return {
            (table, index["name"]): _predicate(
                index.get("dialect_options", {}).get(f"{dialect}_where")
            )
            for table in {table for table, _ in wanted}
            for index in inspect(sync).get_indexes(table)
        }

    async with engine.connect() as connection:
        found = await connection.run_sync(reflected)

    assert wanted == {
        ("telegram_call", "ix_telegram_call_lane"): "status='pending'",
        ("telegram_call", "ix_telegram_call_origin"): "originisnotnull",
        ("telegram_call", "ix_telegram_call_screen"): "screenisnotnull",
        ("assessment_round", "ix_assessment_round_open"): "closed_atisnull",
    }
    assert {key: found.get(key) for key in wanted} == wanted


def _predicate(where: Any) -> str:
    """A WHERE clause as both databases give it back: PostgreSQL adds casts and brackets."""
    text = str(where).replace("::text", "").replace("::character varying", "")
    return "".join(char for char in text.lower() if char not in "() \n")
