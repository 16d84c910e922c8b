import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.content import MODULES
from flows.engine import COMMENT_LIMIT
from flows.model import ModuleId
from storage import repository as repo
from storage.db import open_database

ROOT = Path(__file__).resolve().parents[2]


def chat(url: str, lines: list[str | bytes], user: str = "alice") -> subprocess.CompletedProcess:
    payload = b"".join(
        (line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines
    )
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", user],
        input=payload,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def new_initiative(language: str = "1") -> list[str]:
    return [language, "n", "Quartier <b>Nord</b> & co", "Food security for every household."]


def answer_module(number: int, key: str) -> list[str]:
    module = list(MODULES.values())[number - 1]
    return [str(number), "", *([key] * len(module.items)), "f", "m"]


async def stored(url: str, user: str = "alice"):
    engine, sessions = await open_database(url)
    try:
        async with sessions() as session:
            person = await repo.get_or_create_local_person(session, local_user=user)
            assert person.active_initiative_id is not None
            return await repo.all_answers(
                session, person_id=person.id, initiative_id=person.active_initiative_id
            )
    finally:
        await engine.dispose()


async def test_full_walkthrough_in_english(database_url):
    lines = new_initiative("1")
    for number, key in ((1, "4"), (2, "5"), (3, "2"), (4, "3")):
        lines += answer_module(number, key)
    result = chat(database_url, [*lines, "a", "q"])
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "Score 75/100 (mean 4.0 out of 5): strength" in out
    assert "Score 100/100 (mean 5.0 out of 5): strength" in out
    assert "Score 25/100 (mean 2.0 out of 5): to strengthen" in out
    assert "Progress 100%: strength" in out
    assert "Quartier <b>Nord</b> & co" in out
    answers = await stored(database_url)
    assert {m: len(a) for m, a in answers.items()} == {m: len(MODULES[m].items) for m in ModuleId}
    assert {a.value for a in answers[ModuleId.LEADERSHIP].values()} == {2}
    assert "Goodbye" in out


async def test_full_walkthrough_in_french(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/fr.db"
    lines = new_initiative("2")
    for number, key in ((1, "2"), (2, "d"), (3, "3"), (4, "2")):
        lines += answer_module(number, key)
    result = chat(url, [*lines, "a", "q"])
    out = result.stdout.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert result.returncode == 0, result.stderr.decode()
    assert "Des personnes influentes" in out
    assert "Pas d'accord" in out
    assert "cultivez d'abord les conditions préalables" in out
    assert "Score 50/100 (moyenne 3,0 sur 5) : à discuter" in out
    assert "Avancement 50 %" in out
    assert "Pas encore de score" in out
    answers = await stored(url)
    assert {a.value for a in answers[ModuleId.READINESS].values()} == {0}


async def test_quit_in_the_middle_then_resume_at_the_same_question(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/resume.db"
    first = chat(url, [*new_initiative(), "2", "", "4", "5", "q"])
    assert first.returncode == 0
    second = chat(url, ["4", "q"])
    out = second.stdout.decode()
    assert second.returncode == 0
    assert out.index("Readiness · question 3 of 5") < out.index("Goodbye")
    readiness = (await stored(url))[ModuleId.READINESS]
    items = MODULES[ModuleId.READINESS].items
    assert [readiness[item.id].value for item in items[:3]] == [4, 5, 4]
    assert len(readiness) == 3


async def test_end_of_input_mid_question_keeps_state_and_exits_cleanly(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/eof.db"
    first = chat(url, [*new_initiative(), "1", "", "5"])
    assert first.returncode == 0
    assert "Input ended" in first.stdout.decode()
    assert first.stderr.decode() == ""
    second = chat(url, [])
    assert "Preconditions · question 2 of 3" in second.stdout.decode()


async def test_bad_input_gets_a_clear_message_and_loses_nothing(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/bad.db"
    lines = [
        *new_initiative(),
        "1",
        "",
        "7",
        "banana",
        b"\xff\xfe\x1b[2J\x00",
        "c",
        "   ",
        "x" * (COMMENT_LIMIT + 1),
        "Our mayor\tsupports it",
        "4",
        "r",
        "99",
        "q",
    ]
    result = chat(url, lines)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "Please choose one of the options shown." in out
    assert out.count("Please type one of the keys shown.") == 2
    assert "A comment cannot be empty" in out
    assert f"at most {COMMENT_LIMIT} characters; yours has {COMMENT_LIMIT + 1}" in out
    assert "There is no such question in this module." in out
    assert "\x1b" not in out and "\x00" not in out
    champions = (await stored(url))[ModuleId.PRECONDITIONS]["champions"]
    assert (champions.value, champions.comment) == (4, "Our mayor\tsupports it")


def test_a_database_that_cannot_be_opened_gives_one_clear_line(tmp_path):
    result = chat(f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db", ["1"])
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "DATABASE_URL" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["", "x" * 121])
def test_initiative_names_are_checked(tmp_path, name):
    url = f"sqlite+aiosqlite:///{tmp_path}/names.db"
    result = chat(url, ["1", "n", name, "Fine name", "An issue.", "q"])
    out = result.stdout.decode()
    assert ("This cannot be empty." in out) or ("At most 120 characters" in out)
    assert "Initiative “Fine name” created." in out
