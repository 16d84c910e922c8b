"""The terminal chat, in this process through its streams, on a real SQLite database.

One database is migrated per session and copied for each test, so that a test costs its own
conversation and nothing else. The one subprocess test is in test_chat_process.py.
"""

import asyncio
import io
import os
import re
import shutil
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat import run_chat
from bot.console import LINE_LIMIT
from flows.content import MODULES
from flows.engine import COMMENT_LIMIT
from flows.model import Answer, ModuleId
from storage import repository as repo
from storage import walks
from storage.db import open_database
from tests.clock import Clock, TestClock
from tests.typography import problems
from usecases import initiatives

Sessions = async_sessionmaker[AsyncSession]
GOODBYE = "Goodbye. Your answers are saved."


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "coach.db"

    async def migrate() -> None:
        engine, _ = await open_database(f"sqlite+aiosqlite:///{path}")
        await engine.dispose()

    asyncio.run(migrate())
    return path


def copy_database(template: Path, directory: Path) -> str:
    for file in template.parent.glob(template.name + "*"):  # with -wal and -shm, if any
        shutil.copy(file, directory / file.name)
    return f"sqlite+aiosqlite:///{directory / template.name}"


@pytest.fixture
async def sessions(migrated_database: Path, tmp_path: Path) -> AsyncIterator[Sessions]:
    engine, made = await open_database(copy_database(migrated_database, tmp_path))
    yield made
    await engine.dispose()


async def chat(
    sessions: Sessions,
    lines: list[str | bytes],
    user: str = "alice",
    columns: Callable[[], int] | None = None,
    clock: Clock | None = None,
) -> str:
    """Everything the chat wrote for these lines, typed one after the other, then end of input."""
    payload = b"".join(
        (line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines
    )
    out = io.StringIO()
    await run_chat(sessions, io.BytesIO(payload), out, user, True, columns, clock)
    return out.getvalue()


def new_initiative(language: str = "1") -> list[str]:
    return [language, "n", "Quartier <b>Nord</b> & co", "Food security for every household."]


def answer_module(number: int, key: str) -> list[str]:
    module = list(MODULES.values())[number - 1]
    return [str(number), "", *([key] * len(module.items)), "f", "m"]


async def stored(sessions: Sessions, user: str = "alice") -> dict[ModuleId, dict[str, Answer]]:
    async with sessions() as session:
        person = await repo.local_person(session, local_user=user)
        assert person.active_initiative_id is not None
        return await walks.all_answers(
            session, person_id=person.id, initiative_id=person.active_initiative_id
        )


async def initiative_names(sessions: Sessions, user: str = "alice") -> list[str]:
    async with sessions() as session:
        person = await repo.local_person(session, local_user=user)
        return [initiative.name for initiative, _ in await initiatives.mine(session, person.id)]


async def test_full_walkthrough_in_english(sessions):
    lines = new_initiative("1")
    for number, key in ((1, "4"), (2, "5"), (3, "2"), (4, "3"), (5, "5")):
        lines += answer_module(number, key)
    out = await chat(sessions, [*lines, "a", "q"])
    assert "Score 75/100 (mean 4.0 out of 5): strength" in out
    assert "Score 100/100 (mean 5.0 out of 5): strength" in out
    assert "Score 25/100 (mean 2.0 out of 5): to strengthen" in out
    assert "Progress 100%. 20 of 20 answered." in out
    assert "Where you place the group: Coordinate" in out
    assert "Quartier <b>Nord</b> & co" in out
    answers = await stored(sessions)
    assert {m: len(a) for m, a in answers.items()} == {m: len(MODULES[m].items) for m in ModuleId}
    assert {a.value for a in answers[ModuleId.LEADERSHIP].values()} == {2}
    assert out.rstrip().endswith(GOODBYE)


async def test_full_walkthrough_in_french(sessions):
    lines = new_initiative("2")
    for number, key in ((1, "2"), (2, "d"), (3, "3"), (4, "2"), (5, "d")):
        lines += answer_module(number, key)
    raw = await chat(sessions, [*lines, "a", "q"])
    assert problems(raw.replace("Quartier <b>Nord</b> & co", "")) == []
    out = raw.replace("\u202f", " ")
    assert "Des personnes influentes" in out
    assert "Pas d'accord" in out
    assert "cultivez d'abord les conditions préalables" in out
    assert "Score 50/100 (moyenne 3,0 sur 5) : à discuter" in out
    assert "Avancement 50 %" in out
    assert "Pas encore de score" in out
    assert "• Échelle de coopération" in out  # to find out, like every other "don't know"
    assert "Au revoir. Vos réponses sont enregistrées." in out
    assert {a.value for a in (await stored(sessions))[ModuleId.READINESS].values()} == {0}


async def test_resuming_names_the_initiative_then_the_same_question(sessions):
    first = await chat(sessions, [*new_initiative(), "2", "", "4", "5", "q"])
    assert first.rstrip().endswith(GOODBYE)
    second = await chat(sessions, ["4", "q"])
    assert second.startswith("Initiative: Quartier <b>Nord</b> & co\n")
    assert second.index("Initiative: Quartier") < second.index("Fit · question 3 of 5")
    readiness = (await stored(sessions))[ModuleId.READINESS]
    items = MODULES[ModuleId.READINESS].items
    assert [readiness[item.id].value for item in items[:3]] == [4, 5, 4]
    assert len(readiness) == 3


async def test_end_of_input_mid_question_keeps_state(sessions):
    first = await chat(sessions, [*new_initiative(), "1", "", "5"])
    assert "Input ended. Your answers are saved" in first
    second = await chat(sessions, [])
    assert "Preconditions · question 2 of 3" in second


async def test_only_the_keys_shown_are_taken(sessions):
    lines = [*new_initiative(), "1", ""]
    lines += ["0", "7", "12", "banana", "-1", b"\xff\xfe\x1b[2J\x00", "x", "q!"]
    out = await chat(sessions, lines)
    assert out.count("Please type one of the keys shown.") == 8
    assert "\x1b" not in out and "\x00" not in out
    assert (await stored(sessions))[ModuleId.PRECONDITIONS] == {}
    assert "Preconditions · question 1 of 3" in out
    assert "question 2 of 3" not in out


async def test_review_takes_only_the_numbers_of_its_questions(sessions):
    out = await chat(sessions, [*new_initiative(), "1", "", "4", "r", "99", "0", "z", "t", "q"])
    assert out.count("There is no such question in this module.") == 2
    assert out.count("Please type one of the keys shown.") == 2
    assert {
        item: a.value for item, a in (await stored(sessions))[ModuleId.PRECONDITIONS].items()
    } == {"champions": 4}


async def test_comments_are_checked_and_saved_whole(sessions):
    lines = [
        *new_initiative(),
        "1",
        "",
        "c",
        "   ",
        "x" * (COMMENT_LIMIT + 1),
        "Our mayor\tsupports it",
        "4",
    ]
    out = await chat(sessions, lines)
    assert "A comment cannot be empty" in out
    assert f"at most {COMMENT_LIMIT} characters; yours has {COMMENT_LIMIT + 1}" in out
    champions = (await stored(sessions))[ModuleId.PRECONDITIONS]["champions"]
    assert (champions.value, champions.comment) == (4, "Our mayor\tsupports it")


@pytest.mark.parametrize("prompt", ["question", "comment"])
async def test_a_line_too_long_is_refused_whole(sessions, prompt):
    too_long = "é" * (LINE_LIMIT // 2 + 1)  # over LINE_LIMIT bytes, under it in characters
    lines = [*new_initiative(), "1", "", *(["c"] if prompt == "comment" else []), too_long]
    out = await chat(sessions, [*lines, "5", too_long + "\n4"])
    message = "That line is too long: nothing of it was saved. A comment can have at most 2,000"
    assert out.count(message) == 2
    answers = (await stored(sessions))[ModuleId.PRECONDITIONS]
    expected = "5" if prompt == "comment" else None  # the comment prompt takes "5" as text
    assert answers["champions"].comment == expected
    assert "é" not in "".join(a.comment or "" for a in answers.values())


async def test_a_line_too_long_at_the_end_of_input_is_refused_too(sessions):
    payload = b"".join(line.encode() + b"\n" for line in [*new_initiative(), "1", ""])
    out = io.StringIO()
    await run_chat(sessions, io.BytesIO(payload + b"x" * (LINE_LIMIT + 1)), out, "alice", True)
    assert "That line is too long" in out.getvalue()
    assert "Input ended" in out.getvalue()


async def test_t_alternates_the_language_of_the_summary(sessions):
    out = await chat(sessions, [*new_initiative(), *answer_module(1, "4")[:-1], "t", "t", "t"])
    after = out[out.index("Summary: The three preconditions") + 1 :]
    french, english = "Synthèse : Les trois conditions préalables", "Summary: The three"
    shown = re.findall(f"{french}|{english}", after.replace("\u202f", " "))
    assert shown == [french, english, french]


async def test_creating_an_initiative_can_be_cancelled_with_a_dot(sessions):
    lines = ["1", "n", ".", "n", "q", ".", "q"]
    out = await chat(sessions, lines)
    assert "Name of the initiative (a single dot cancels) >" in out
    assert "In one sentence, the issue it tackles (a single dot cancels) >" in out
    assert out.count("Cancelled: nothing was created.") == 2
    assert out.count("Which initiative are you answering for?") == 3
    assert await initiative_names(sessions) == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "This cannot be empty."), ("x" * 121, "At most 120 characters, please; this has 121.")],
)
async def test_initiative_names_are_checked_by_the_use_case(sessions, typed, message):
    out = await chat(sessions, ["1", "n", typed, " Fine\t\tname ", "An issue.", "q"])
    assert message in out
    assert "Initiative “Fine name” created." in out
    assert await initiative_names(sessions) == ["Fine name"]


async def test_a_second_user_joins_with_the_member_code_and_answers(sessions):
    ana = await chat(sessions, [*new_initiative(), "k", "q"], user="ana")
    assert "k: invite codes" in ana
    member = re.search(r"Members: (\S+)", ana)
    coach = re.search(r"Coaches: (\S+)", ana)
    assert member and coach
    bea = await chat(
        sessions,
        ["1", "j", "not-a-code", member[1], "k", *answer_module(1, "3")[:-1], "m", "q"],
        user="bea",
    )
    assert "j. Join with an invite code" in bea
    assert "This invite code is not valid, or it was replaced." in bea
    assert bea.count("Invite code (a single dot cancels) >") == 2  # asked again at once
    assert bea.count("Which initiative are you answering for?") == 1
    assert "Welcome to “Quartier <b>Nord</b> & co”! You joined as member." in bea
    assert "k: invite codes" not in bea
    assert "Please type the number of a module, or a letter shown." in bea
    assert {a.value for a in (await stored(sessions, "bea"))[ModuleId.PRECONDITIONS].values()} == {
        3
    }
    assert (await stored(sessions, "ana"))[ModuleId.PRECONDITIONS] == {}
    cleo = await chat(sessions, ["2", "j", coach[1], "q"], user="cleo")
    assert "en tant que coach" in cleo


async def test_a_wrong_invite_code_is_asked_again_until_a_dot_cancels(sessions):
    out = await chat(sessions, ["1", "j", "nope", "still-nope", ".", "q"], user="dan")
    assert out.count("This invite code is not valid, or it was replaced.") == 2
    assert out.count("Which initiative are you answering for?") == 2


async def test_paragraphs_wrap_to_the_terminal_width_between_words(sessions):
    out = await chat(sessions, [*new_initiative(), "1", "", "q"], columns=lambda: 41)
    shown = [line for line in out.splitlines() if " > " not in line]  # typed text is echoed
    assert max(len(line) for line in shown) <= 40
    intro = MODULES[ModuleId.PRECONDITIONS].intro.split()
    assert all(word in out.split() for word in intro[:12])  # no word is cut in two
    assert "a: summary of all modules ·\ni: initiatives" in out  # a key stays with its label
    assert "s: skip · b: back · c: comment · r: review" in out.replace("\n", " ")


async def test_piped_output_is_not_wrapped(sessions):
    out = await chat(sessions, [*new_initiative(), "1", "q"])
    assert max(len(line) for line in out.splitlines()) > 200  # the intro, one line a paragraph


async def test_input_from_a_file_is_read_line_by_line(sessions, tmp_path):
    typed = tmp_path / "typed.txt"
    typed.write_bytes(b"1\nn\nFrom a file\nAn issue.\nq")  # the last line has no line break
    out = io.StringIO()
    with typed.open("rb") as stdin:
        await run_chat(sessions, stdin, out, "alice", True)
    assert "Initiative “From a file” created." in out.getvalue()
    assert out.getvalue().endswith(GOODBYE + "\n\n")


async def test_ctrl_c_stops_a_waiting_read_at_once_with_the_goodbye(sessions):
    read_end, write_end = os.pipe()
    out = io.StringIO()
    with os.fdopen(read_end, "rb", buffering=0) as stdin, os.fdopen(write_end, "wb") as typed:
        task = asyncio.create_task(run_chat(sessions, stdin, out, "alice", True))
        typed.write(b"1\n")
        typed.flush()
        async with asyncio.timeout(5):
            while "Initiative >" not in out.getvalue():
                await asyncio.sleep(0.01)
        task.cancel()  # what asyncio.run does on Ctrl-C
        async with asyncio.timeout(1):
            with pytest.raises(asyncio.CancelledError):
                await task
    assert out.getvalue().endswith("Initiative > \n" + GOODBYE + "\n\n")


# Rounds, tried on one machine: a coordinator opens one, members answer, it closes.

ROUND_OPENED = datetime(2026, 12, 1, 9, 20, tzinfo=UTC)


async def member_code(sessions) -> str:
    async with sessions.begin() as session:  # the codes are made on first use
        carla = await repo.local_person(session, local_user="carla")
        assert carla.active_initiative_id is not None
        code, _ = await repo.invite_codes(session, initiative_id=carla.active_initiative_id)
    return code


async def test_a_round_from_opening_to_results_in_the_terminal(sessions, tmp_path, monkeypatch):
    clock = TestClock(ROUND_OPENED)
    opened = await chat(
        sessions, [*new_initiative("2"), "o", "", "1", "2", "q"], user="carla", clock=clock
    )
    assert problems(opened) == []
    out = opened.replace("\u202f", " ")
    assert "Le tour « 1er décembre 2026 » est ouvert jusqu'au 8 décembre 2026 à 11:00" in out
    assert "c : clore le tour" in out and "o : ouvrir un tour" in out
    code = await member_code(sessions)
    for user, key in (("mia", "4"), ("noa", "5"), ("lou", "2")):
        joined = await chat(
            sessions, ["1", "j", code, "1", "", key, key, key, "f", "q"], user=user, clock=clock
        )
        assert "Round “1er décembre 2026” is open until December 8, 2026 at 11:00" in joined
        assert "o: open a round" not in joined and "c: close the round" not in joined
    assert "Thank you: you answered every module of round" in joined
    progress = await chat(sessions, ["p", "q"], user="carla", clock=clock)
    assert "Conditions préalables : 3 ont fini, 0 en cours, 1 n'a pas commencé" in (
        progress.replace("\u202f", " ")
    )
    closed = await chat(sessions, ["c", "y", "q"], user="carla", clock=clock)
    assert "Le tour « 1er décembre 2026 » est clos." in closed.replace("\u202f", " ")
    results = await chat(sessions, ["r", "q"], user="mia", clock=clock)
    assert "Results of round “1er décembre 2026”, closed on December 1, 2026 at 10:20" in results
    assert "3 respondents" in results
    assert "Group score 67/100; items: 0 strengths, 3 to discuss, 0 to strengthen." in results
    assert "• Influential champions: 67/100, to discuss (3 answers)" in results
    assert "d: dashboard" not in results  # a member's menu
    board = await chat(sessions, ["d", "q"], user="carla", clock=clock)
    out = board.replace("\u202f", " ")
    assert "d : tableau de bord" in out and problems(board) == []
    assert "Tour « 1er décembre 2026 », clos le 1er décembre 2026 à 10:20" in out
    assert "Indicateur : 67/100" in out
    assert "Trop peu de réponses pour classer les désaccords" in out  # 3 answers an item
    monkeypatch.chdir(tmp_path)
    files = await chat(sessions, ["e", "q"], user="carla", clock=clock)
    out = files.replace("\u202f", " ")
    assert "e : les fichiers du dernier tour, dans ./data/exports/" in out
    assert (
        "au moins 5 répondants, pour que personne ne puisse être reconnu : celui-ci en a eu 3"
        in out
    )
    written = sorted(p.name for p in (tmp_path / "data" / "exports").glob("*/*"))
    assert written == ["round-1-figures.csv", "round-1-summary.md"]
    [page] = (tmp_path / "data" / "exports").glob("*/round-1-summary.md")
    assert "Indicateur" in page.read_text() and problems(files) == []
