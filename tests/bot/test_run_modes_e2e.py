import contextlib
import os
import subprocess
import sys
from multiprocessing.process import BaseProcess
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy.engine import make_url

from bot.__main__ import main as bot_main
from bot.app import WEBHOOK_PATH, build_bot, build_dispatcher, webhook_app
from flows.content import MODULES
from flows.model import ModuleId
from storage import repository as repo
from storage import walks
from storage.db import open_database
from tests.bot import processes
from tests.bot.conftest import Coach, Member
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes
from tests.clock import SystemClock, TestClock
from tests.fake_telegram import DEFAULT_TOKEN
from tests.postgres import as_superuser, end_connections

ROOT = Path(__file__).resolve().parents[2]
ITEMS = MODULES[ModuleId.PRECONDITIONS].items


async def answers_of(coach: Coach, telegram_id: int) -> dict:
    async with coach.sessions() as session:
        person = await repo.telegram_person(session, telegram_id=telegram_id, display_name="x")
        return (
            await walks.all_answers(
                session, person_id=person.id, initiative_id=person.active_initiative_id
            )
        )[ModuleId.PRECONDITIONS]


async def open_preconditions(person: Member, begin: str = "Begin ▶") -> None:
    await person.tap(person.screen.buttons[0][0].text)
    await person.tap(begin)


def edits_to(fake, message, text: str) -> int:
    """How often the bot asked to edit ``message`` into a text holding ``text``."""
    return sum(
        1
        for params in fake.calls("editMessageText")
        if int(params["message_id"]) == message.message_id and text in params["text"]
    )


async def polling_bot(fake, database_url: str) -> BaseProcess:
    """``python -m bot run`` in a process of its own, once it asks for updates."""
    polls = len(fake.calls("getUpdates"))
    env = {
        "BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_URL": fake.url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    process = processes.start(env, ["run"])
    await fake.wait_for(lambda: len(fake.calls("getUpdates")) > polls, timeout=90)
    return process


@pytest.mark.parametrize("clock", [SystemClock()])  # the bot runs in a process of its own
@pytest.mark.usefixtures("forkserver")
async def test_killed_mid_module_and_restarted_shows_the_same_question_and_loses_nothing(
    fake, sqlite_url
):
    fake.set_rate_limits(False)  # a bot of its own process: waiting them out takes real seconds
    process = await polling_bot(fake, sqlite_url)
    observer = Coach(fake, sqlite_url)
    observer.engine, observer.sessions = await open_database(sqlite_url)
    try:
        alice = Member(fake, observer, fake.user(first_name="Alice"))
        await create_initiative(alice)
        await open_preconditions(alice)
        await alice.tap("Agree")
        question = alice.screen
        assert "question 2 of 3" in question.text
        fake.delay("editMessageText", 3)
        tap = await fake.press(alice.user, question, question.button("Disagree").callback_data)
        # Killed while Telegram holds the tap's reply: the answer is committed, the update is
        # not confirmed.
        await fake.wait_for(lambda: edits_to(fake, question, "question 3 of 3") == 1)
        process.kill()
        process.join(10)
        fake.delay("editMessageText", 0)
        stored = await answers_of(observer, alice.user.id)
        assert [stored[item.id].value for item in ITEMS[:2]] == [4, 2]

        process = await polling_bot(fake, sqlite_url)
        await observer.processed(tap["update_id"], timeout=30)
        # Telegram sent the tap again: it is not applied twice, and its reply is made again.
        assert len(await observer.history(alice, ITEMS[1].id)) == 1
        assert edits_to(fake, question, "question 3 of 3") == 2
        assert alice.screen.message_id == question.message_id
        assert "question 3 of 3" in alice.screen.text
        await alice.command("/start")
        assert "question 3 of 3" in alice.text
    finally:
        process.kill()
        process.join(10)
        await observer.engine.dispose()


async def test_a_missing_token_gives_one_line_and_exit_code_2(tmp_path):
    env = {**os.environ, "BOT_TOKEN": "", "PYTHONPATH": str(ROOT)}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/x.db"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, timeout=60
    )
    err = result.stderr.decode()
    assert result.returncode == 2
    assert "BOT_TOKEN" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["run", "webhook"])
@pytest.mark.parametrize("token", ["", "not-a-token", "123:", "123:short", "abc:" + "x" * 30])
def test_a_malformed_token_is_refused_before_anything_starts(
    tmp_path, monkeypatch, capsys, command, token
):
    monkeypatch.setenv("BOT_TOKEN", token)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/x.db")
    assert bot_main([command]) == 2
    err = capsys.readouterr().err
    assert err.startswith("BOT_TOKEN is missing or malformed") and len(err.splitlines()) == 1
    assert not (tmp_path / "x.db").exists()  # refused before the database is opened


SECRET = "s3cret_token-1"


@contextlib.asynccontextmanager
async def webhook_coach(fake, database_url: str, clock: TestClock):
    """The bot as a webhook server on 127.0.0.1; the fake POSTs updates to it."""
    engine, sessions = await open_database(database_url)
    bot = build_bot(DEFAULT_TOKEN, fake.url)
    dispatcher = build_dispatcher(sessions, bot, clock)
    runner = web.AppRunner(webhook_app(dispatcher, bot, SECRET, None))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    await bot.set_webhook(url, secret_token=SECRET)
    try:
        yield Coach(fake, database_url, clock, engine=engine, sessions=sessions, bot=bot), url
    finally:
        await runner.cleanup()
        await engine.dispose()


async def test_webhook_mode_walkthrough(fake, sqlite_url, clock):
    async with webhook_coach(fake, sqlite_url, clock) as (coach, _):
        await walk_by_webhook(fake, coach)
    assert fake.webhook_log and all(attempt.status == 200 for attempt in fake.webhook_log)


async def walk_by_webhook(fake, coach):
    alice = Member(fake, coach, fake.user(first_name="Alice", language_code="fr"))
    carla = Member(fake, coach, fake.user(first_name="Carla"))
    member_code, _ = invite_codes(await create_initiative(carla))
    await alice.command("/start", member_code)
    assert "Bienvenue" in alice.text
    await open_preconditions(alice, "Commencer ▶")
    await alice.tap("Tout à fait d'accord")
    assert "question 2 sur 3" in alice.text


async def test_webhook_refuses_a_request_without_the_secret(fake, sqlite_url, clock):
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 5, "type": "private"},
            "text": "hi",
        },
    }
    async with webhook_coach(fake, sqlite_url, clock) as (_, url), aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 401
    assert fake.calls("sendMessage") == []


@contextlib.asynccontextmanager
async def database_down(url: str):
    """PostgreSQL refuses the test's role and drops its connections, then lets it back in."""
    role = make_url(url).username
    admin = await as_superuser(url)
    try:
        await admin.execute(f"ALTER ROLE {role} NOLOGIN")
        await end_connections(url)
        yield
    finally:
        await admin.execute(f"ALTER ROLE {role} LOGIN")
        await admin.close()


def saw_database_notice(fake) -> bool:
    notice = "cannot reach its database"
    return any(notice in record.answer.get("text", "") for record in fake.callbacks.values())


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_tap_right_after_the_server_dropped_its_connections_is_answered(
    fake, database_url, clock
):
    coach = await Coach(fake, database_url, clock).start()
    try:
        alice = Member(fake, coach, fake.user(first_name="Alice"))
        await create_initiative(alice)
        await open_preconditions(alice)
        await end_connections(database_url)
        await alice.tap("Agree")
        assert "question 2 of 3" in alice.screen.text
        assert (await answers_of(coach, alice.user.id))[ITEMS[0].id].value == 4
        assert not saw_database_notice(fake)
    finally:
        await coach.stop()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_database_down_in_polling_mode_loses_no_answer(fake, database_url, clock):
    coach = await Coach(fake, database_url, clock).start()
    try:
        alice = Member(fake, coach, fake.user(first_name="Alice"))
        await create_initiative(alice)
        await open_preconditions(alice)
        question = alice.screen
        async with database_down(database_url):
            tap = await fake.press(alice.user, question, question.button("Agree").callback_data)
            await fake.wait_for(lambda: saw_database_notice(fake))
        await coach.processed(tap["update_id"], timeout=30)
        assert (await answers_of(coach, alice.user.id))[ITEMS[0].id].value == 4
        assert "question 2 of 3" in alice.screen.text
    finally:
        await coach.stop()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_webhook_answers_after_commit_so_a_failed_update_is_sent_again(
    fake, database_url, clock
):
    fake.webhook_sender.retry_delay = 0.1
    async with webhook_coach(fake, database_url, clock) as (coach, _):
        alice = Member(fake, coach, fake.user(first_name="Alice"))
        await create_initiative(alice)
        await open_preconditions(alice)
        question = alice.screen
        async with database_down(database_url):
            tap = await fake.press(alice.user, question, question.button("Agree").callback_data)
            await fake.wait_for(lambda: [a for a in fake.webhook_log if a.status == 500])
        await coach.processed(tap["update_id"], timeout=30)
        assert (await answers_of(coach, alice.user.id))[ITEMS[0].id].value == 4
        assert saw_database_notice(fake)
