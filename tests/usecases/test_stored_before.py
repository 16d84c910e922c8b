"""A database written before the five conditions module existed: a member stopped in the middle
of the phases, and on a leadership question that has since gone. Nothing they answered is lost,
the phases resume on the same question, and the new module starts empty."""

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Connection

from flows.content import MODULES
from flows.engine import AnswerItem, IntroScreen, QuestionScreen, Resume, Start
from flows.model import ModuleId
from storage.db import make_engine, open_database
from storage.migrate import alembic_config
from usecases import walkthrough
from usecases.walkthrough import AtStep

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

PHASES = MODULES[ModuleId.PHASES].items
BEFORE = "0005"
"""The newest revision when the conditions module came: its content needs no schema change."""
# Answers' ids are left to the database: the bot adds answers after them (on PostgreSQL an
# explicit id would leave the sequence behind).
ROWS = [
    "INSERT INTO person (id, telegram_id, local_user, display_name, locale, created_at)"
    " VALUES (1, NULL, 'carla', 'carla', 'fr', '2026-11-20 10:00:00+00')",
    "INSERT INTO person (id, telegram_id, local_user, display_name, locale, created_at)"
    " VALUES (2, NULL, 'zoe', 'zoe', 'fr', '2026-11-20 10:05:00+00')",
    "INSERT INTO initiative (id, name, issue, created_by, created_at)"
    " VALUES (1, 'Quartier Nord', 'Alimentation pour tous.', 1, '2026-11-20 10:01:00+00')",
    "UPDATE person SET active_initiative_id = 1",
    "INSERT INTO membership VALUES (1, 1, 'coordinator', '2026-11-20 10:01:00+00')",
    "INSERT INTO membership VALUES (2, 1, 'member', '2026-11-20 10:06:00+00')",
    "INSERT INTO walkthrough VALUES (2, 1, 'leadership', 'a_principle_since_removed', false,"
    " false, 2, '2026-11-20 10:10:00+00')",
    f"INSERT INTO walkthrough VALUES (2, 1, 'phases', '{PHASES[3].id}', false, false, 4,"
    " '2026-11-20 10:20:00+00')",
    *(
        "INSERT INTO answer (person_id, initiative_id, round_no, module, item_id, value, comment,"
        f" answered_at) VALUES (2, 1, 0, 'phases', '{item.id}', 3, NULL,"
        " '2026-11-20 10:15:00+00')"
        for item in PHASES[:3]
    ),
    "INSERT INTO answer (person_id, initiative_id, round_no, module, item_id, value, comment,"
    " answered_at) VALUES (2, 1, 0, 'leadership', 'complexity_lens', 4, 'Oui',"
    " '2026-11-20 10:09:00+00')",
]
ZOE = 2


async def stored_before_the_change(url: str) -> None:
    engine = make_engine(url)

    def upgrade(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), BEFORE)
        connection.commit()

    async with engine.connect() as connection:
        await connection.run_sync(upgrade)
    async with engine.begin() as connection:
        for statement in ROWS:
            await connection.exec_driver_sql(statement)
    await engine.dispose()


async def test_a_walk_stopped_mid_phases_resumes_and_the_new_module_starts_empty(
    empty_database_url: str,
) -> None:
    await stored_before_the_change(empty_database_url)
    engine, sessions = await open_database(empty_database_url)  # migrates to the newest schema
    try:
        async with sessions.begin() as session:
            place = await walkthrough.where(session, ZOE, NOW)
            menu = await walkthrough.modules(session, ZOE, NOW)
            moved = await walkthrough.step(session, ZOE, 1, ModuleId.LEADERSHIP, Resume(), NOW)
            new = await walkthrough.step(session, ZOE, 1, ModuleId.CONDITIONS, Start(), NOW)
        async with sessions.begin() as session:
            fourth = PHASES[3].id
            after = await walkthrough.step(
                session, ZOE, 1, ModuleId.PHASES, AnswerItem(fourth, 2), NOW
            )
            summaries = await walkthrough.summaries(session, ZOE, 1, NOW)
    finally:
        await engine.dispose()

    assert isinstance(place, AtStep) and isinstance(place.step.screen, QuestionScreen)
    assert place.step.screen.item == PHASES[3] and place.step.screen.number == 4
    assert menu is not None and menu.progress == {
        ModuleId.PRECONDITIONS: 0,
        ModuleId.READINESS: 0,
        ModuleId.LEADERSHIP: 1,
        ModuleId.PHASES: 3,
        ModuleId.CONDITIONS: 0,
    }
    assert isinstance(moved.screen, IntroScreen)  # the question it stood on is gone
    assert moved.answers["complexity_lens"].comment == "Oui"
    assert isinstance(new.screen, QuestionScreen) and new.screen.item.id == "common_agenda"
    assert new.screen.total == 11 and new.answers == {}
    assert isinstance(after.screen, QuestionScreen) and after.screen.item == PHASES[4]
    assert [after.answers[item.id].value for item in PHASES[:4]] == [3, 3, 3, 2]
    assert summaries is not None
    by_module = {s.module.id: s for s in summaries}
    assert by_module[ModuleId.CONDITIONS].score is None
    assert by_module[ModuleId.PHASES].answered == 4
