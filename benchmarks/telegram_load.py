"""People tapping through a module of the coach, and the same load on a bare aiogram echo bot.

    uv run python benchmarks/telegram_load.py [--people 200] [--steps 25] [--seconds 30]
        [--runs 3] [--database sqlite | postgresql+asyncpg://USER@HOST:PORT/DB]
        [--think SECONDS] [--profile coach.prof] [--against CHECKOUT]

One invocation with the defaults takes 2-3 minutes on the 2-core dev machine, with --think 4
about 4.

Processes, all on 127.0.0.1: this one runs the fake Bot API server (tests/fake_telegram) and the
simulated people; the bot under test runs in a process of its own, so the load does not take
its CPU. Each run starts a fresh fake, a fresh bot and, for the coach, a fresh database:

- coach: ``python -m bot run`` (our at-least-once poll loop). The initiative is created
  directly in the database with storage.repository before the bot starts. Each person opens
  its member invite link (``/start CODE``), opens the Phases module (20 questions), taps Begin
  and answers question after question; from the review screen they change a random answer.
  Every measured tap is a callback query whose walkthrough step is saved in the database and
  answered with answerCallbackQuery + editMessageText.
- echo: benchmarks/echo_bot.py, aiogram's own ``start_polling`` without a database. Each person
  sends a text, then taps buttons on the reply; every tap is answered with
  answerCallbackQuery + editMessageText. So both bots get the same updates (taps) and make the
  same calls back.

People act in a closed loop: a person taps again as soon as the bot's edit reached the fake
(--think adds a random pause before each tap, as a reading person would). Warm-up (joining, then
--warmup taps each) is not measured; then all people start their measured taps together and
stop after --steps taps or once --seconds have passed (a tap under way still counts, so slow
replies are never cut off). Reply latency: from the tap being queued for getUpdates to the
bot's editMessageText (or sendMessage) reaching the fake. Throughput: measured taps divided by
the time from that common start to the last reply (with --think it is the offered load, not the
bot's capacity). The median lines are the median of each column over the runs. "per poll":
updates the bot took per getUpdates call. "bot cpu ms" and "fake cpu ms": CPU time per measured
update of the bot's process and of this one (fake server and people); they tell which side
saturates, and suffer less than wall time when other processes share the machine.

In a closed loop without pauses latency and throughput are tied (Little's law): the mean
latency is about people / (updates per second), for the echo bot too.

The fake enforces Telegram's sending limits (30 sends a second, one a second per private chat
after a burst of 3), for both bots alike.

Goals (issues): coach >= 0.55 x the echo bot's updates/s on SQLite, >= 0.40 on PostgreSQL (or
no more than 5 % below main measured the same way), and coach reply p99 <= 50 ms with 200
people. The throughput ratio is read in the closed loop (the bots' capacity). The
latency goal is read with --think, people pausing between taps as readers do: in the closed loop
every reply waits behind the 199 other people's taps, whatever the bot. This is a benchmark,
not a test: it prints figures and exits 0 when every run completed.

    uv run python benchmarks/telegram_load.py --runs 3              # capacity, ratio
    uv run python benchmarks/telegram_load.py --runs 3 --think 4    # reply latency

``--against CHECKOUT`` also runs the coach of another checkout (main's, say, after
``git worktree add ../main-bench main && uv sync --directory ../main-bench``) with its own
``.venv``, interleaved with the others under the same fake and the same load, and prints
coach/that ratio against the "no more than 5 % below" goal.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import dataclasses
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from storage import repository as repo  # noqa: E402
from storage.db import open_database  # noqa: E402
from tests.fake_telegram import DEFAULT_TOKEN, FakeTelegram, SimUser, StoredMessage  # noqa: E402
from tests.postgres import isolated_schema  # noqa: E402

REPLY_TIMEOUT = 30.0
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
MODULE = "phases"
Choose = Callable[[StoredMessage, random.Random], str]


class TimedFake(FakeTelegram):
    """The fake server; it tells a waiting person when the bot's reply reaches their chat."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting: dict[int, asyncio.Future[tuple[float, StoredMessage]]] = {}

    def expect_reply(self, chat_id: int) -> asyncio.Future[tuple[float, StoredMessage]]:
        """Resolves to (arrival time, message) at the bot's next message with buttons there."""
        future = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = future
        return future

    def _store(self, message: StoredMessage) -> StoredMessage:
        stored = super()._store(message)
        if message.from_bot and message.reply_markup is not None:
            future = self._waiting.pop(message.chat_id, None)
            if future is not None and not future.done():
                future.set_result((time.perf_counter(), stored))
        return stored

    def polls(self) -> int:
        return sum(1 for request in self.requests if request.method == "getUpdates")


@dataclass
class Load:
    """What the people do, and what was measured while they did it."""

    opening: str
    choose: Choose
    warmup: int
    steps: int
    seconds: float
    think: float = 0.0
    deadline: float = float("inf")
    latencies: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    stalled: int = 0


@dataclass(frozen=True)
class Figures:
    updates: int
    duration: float
    rate: float
    p50_ms: float
    p99_ms: float
    per_poll: float
    cpu_ms: float
    fake_cpu_ms: float
    stalled: int
    log_problems: int = 0


# What a person taps


def coach_tap(screen: StoredMessage, rng: random.Random) -> str:
    """An answer; on the review screen, a question to change; else Begin; else the module."""
    data = [button.callback_data for row in screen.buttons for button in row]
    steps = [d.split(":") for d in data if d and d.startswith("w:")]
    for act in ("a", "e", "s"):
        found = [":".join(parts) for parts in steps if parts[3] == act]
        if found:
            return rng.choice(found)
    return next(d for d in data if d and d.startswith("m:") and d.endswith(f":{MODULE}"))


def echo_tap(screen: StoredMessage, rng: random.Random) -> str:
    return rng.choice([button.callback_data for row in screen.buttons for button in row])


# The people


async def exchange(
    fake: TimedFake, chat_id: int, action: Coroutine[Any, Any, object]
) -> tuple[StoredMessage, float]:
    """Does the action and waits for the reply; returns it and the latency in seconds."""
    reply = fake.expect_reply(chat_id)
    started = time.perf_counter()
    await action
    arrived, message = await asyncio.wait_for(reply, REPLY_TIMEOUT)
    return message, arrived - started


async def person(fake: TimedFake, user: SimUser, load: Load, barrier: asyncio.Barrier) -> None:
    rng = random.Random(user.id)

    async def tap(screen: StoredMessage) -> tuple[StoredMessage, float]:
        return await exchange(fake, user.id, fake.press(user, screen, load.choose(screen, rng)))

    screen: StoredMessage | None = None
    try:
        screen, _ = await exchange(fake, user.id, fake.send_text(user, load.opening))
        for _ in range(load.warmup):
            screen, _ = await tap(screen)
    except TimeoutError:
        screen = None
    finally:
        await barrier.wait()
    if screen is None:
        load.stalled += 1
        return
    try:
        for _ in range(load.steps):
            if load.think:
                pause = rng.expovariate(1 / load.think)
                await asyncio.sleep(min(pause, load.deadline - time.perf_counter()))
            if time.perf_counter() >= load.deadline:
                break
            screen, latency = await tap(screen)
            load.latencies.append(latency)
            load.finished.append(time.perf_counter())
    except TimeoutError:
        load.stalled += 1


async def measure(fake: TimedFake, people: int, load: Load, pid: int) -> Figures:
    users = [fake.user(first_name=f"Person {n}") for n in range(people)]
    barrier = asyncio.Barrier(people + 1)
    tasks = [asyncio.create_task(person(fake, user, load, barrier)) for user in users]
    try:
        await barrier.wait()
        started, polls = time.perf_counter(), fake.polls()
        cpu, fake_cpu = cpu_seconds(pid), time.process_time()
        load.deadline = started + load.seconds
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
    polls, cpu = fake.polls() - polls, cpu_seconds(pid) - cpu
    fake_cpu = time.process_time() - fake_cpu
    updates = len(load.latencies)
    duration = max(load.finished, default=started) - started
    ordered = sorted(load.latencies) or [0.0]
    return Figures(
        updates=updates,
        duration=duration,
        rate=updates / duration if duration else 0.0,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        per_poll=updates / polls if polls else 0.0,
        cpu_ms=cpu * 1000 / max(1, updates),
        fake_cpu_ms=fake_cpu * 1000 / max(1, updates),
        stalled=load.stalled,
    )


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) a process used so far; 0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def cpu_busy(seconds: float = 1.0) -> float | None:
    """The share of all CPUs busy over `seconds`, from /proc/stat; None where it is missing."""

    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(values), values[3] + values[4]  # all, idle + iowait

    try:
        total, idle = sample()
        await asyncio.sleep(seconds)
        total_after, idle_after = sample()
    except OSError:
        return None
    return 1 - (idle_after - idle) / max(1, total_after - total)


# The bot's process


def _prepare_child() -> None:
    """Runs in the bot's process before exec.

    SIGINT stops it even when this script was started with SIGINT ignored (a background job);
    on Linux it gets SIGTERM if this script dies, even by SIGKILL (PR_SET_PDEATHSIG).
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)


async def start_bot(
    argv: list[str], env: dict[str, str], log: Path, cwd: Path
) -> asyncio.subprocess.Process:
    with log.open("wb") as output:
        return await asyncio.create_subprocess_exec(
            *argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=_prepare_child,
        )


async def wait_until_polling(
    fake: TimedFake, process: asyncio.subprocess.Process, log: Path
) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while fake.polls() == 0:
        if process.returncode is not None:
            raise RuntimeError(f"the bot exited with {process.returncode}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"the bot did not poll within {STARTUP_TIMEOUT:g} s:\n{tail(log)}")
        await asyncio.sleep(0.05)


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    """SIGINT (a profiled bot then writes its profile), SIGKILL if it lingers."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)
    try:
        await asyncio.wait_for(asyncio.shield(process.wait()), STOP_TIMEOUT)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def log_problems(log: Path) -> int:
    """Warnings, errors and tracebacks the bot logged."""
    starts = ("WARNING", "ERROR", "CRITICAL", "Traceback")
    return sum(line.startswith(starts) for line in log.read_text(errors="replace").splitlines())


async def run_bot(
    argv: list[str], env: dict[str, str], people: int, load: Load, log: Path, cwd: Path = ROOT
) -> Figures:
    async with TimedFake() as fake:
        env = env | {"BOT_TOKEN": DEFAULT_TOKEN, "TELEGRAM_API_URL": fake.url}
        process = await start_bot(argv, env, log, cwd)
        try:
            await wait_until_polling(fake, process, log)
            figures = await measure(fake, people, load, process.pid)
        finally:
            await stop_bot(process)
    return dataclasses.replace(figures, log_problems=log_problems(log))


# The coach's database


@contextlib.asynccontextmanager
async def fresh_database(option: str, directory: Path, run: int) -> AsyncIterator[str]:
    """A new SQLite file, or on PostgreSQL a new role whose search_path is its own schema."""
    if option == "sqlite":
        yield f"sqlite+aiosqlite:///{directory}/coach-{run}.db"
        return
    async with isolated_schema(option, prefix="bench") as url:
        yield url


async def create_initiative(url: str) -> str:
    """Migrates the database, creates an initiative and returns its member invite code."""
    engine, sessions = await open_database(url)
    try:
        async with sessions.begin() as session:
            coordinator = await repo.telegram_person(
                session, telegram_id=1, display_name="Coordinator"
            )
            initiative = await repo.create_initiative(
                session, name="Benchmark", issue="Load test.", creator_id=coordinator.id
            )
            member_code, _ = await repo.invite_codes(session, initiative_id=initiative.id)
    finally:
        await engine.dispose()
    return member_code


async def create_initiative_in(checkout: Path, url: str) -> str:
    """create_initiative as another checkout of the coach has it, run with its own Python."""
    script = (
        "import asyncio, sys; sys.path.insert(0, '.');"
        " from benchmarks.telegram_load import create_initiative;"
        " print(asyncio.run(create_initiative(sys.argv[1])))"
    )
    process = await asyncio.create_subprocess_exec(
        venv_python(checkout), "-c", script, url, cwd=checkout, stdout=subprocess.PIPE
    )
    output, _ = await process.communicate()
    if process.returncode:
        raise RuntimeError(f"{checkout} could not create the initiative")
    return output.decode().strip().splitlines()[-1]


def venv_python(checkout: Path) -> str:
    return str(checkout / ".venv" / "bin" / "python")


# Runs


def bot_env(**extra: str) -> dict[str, str]:
    return dict(os.environ) | {"LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"} | extra


async def run_coach(
    args: argparse.Namespace, directory: Path, run: int, checkout: Path = ROOT
) -> Figures:
    """This checkout's coach, or another's (--against) with that checkout's Python."""
    ours = checkout == ROOT
    argv = [sys.executable if ours else venv_python(checkout), "-m", "bot", "run"]
    if args.profile and ours:
        argv[1:1] = ["-m", "cProfile", "-o", str(args.profile)]
    name = "coach" if ours else "against"
    async with fresh_database(args.database, directory, run if ours else -run) as url:
        code = await create_initiative(url) if ours else await create_initiative_in(checkout, url)
        load = Load(f"/start {code}", coach_tap, args.warmup, args.steps, args.seconds, args.think)
        env = bot_env(DATABASE_URL=url)
        log = directory / f"{name}-{run}.log"
        return await run_bot(argv, env, args.people, load, log, cwd=checkout)


async def run_echo(args: argparse.Namespace, directory: Path, run: int) -> Figures:
    argv = [sys.executable, str(ROOT / "benchmarks" / "echo_bot.py")]
    load = Load("/start", echo_tap, args.warmup, args.steps, args.seconds, args.think)
    return await run_bot(argv, bot_env(), args.people, load, directory / f"echo-{run}.log")


COLUMNS = (
    ("updates", 8, "updates", ".0f"),
    ("seconds", 8, "duration", ".2f"),
    ("updates/s", 10, "rate", ".0f"),
    ("p50 ms", 8, "p50_ms", ".1f"),
    ("p99 ms", 8, "p99_ms", ".1f"),
    ("per poll", 9, "per_poll", ".1f"),
    ("bot cpu ms", 11, "cpu_ms", ".2f"),
    ("fake cpu ms", 12, "fake_cpu_ms", ".2f"),
    ("stalled", 8, "stalled", ".0f"),
    ("log", 4, "log_problems", ".0f"),
)
HEADER = "run     bot     " + "".join(f"{title:>{width + 1}}" for title, width, _, _ in COLUMNS)


def row(label: str, bot: str, figures: Figures) -> str:
    cells = (f" {getattr(figures, name):>{width}{spec}}" for _, width, name, spec in COLUMNS)
    return f"{label:<7} {bot:<8}" + "".join(cells)


def median_figures(runs: list[Figures]) -> Figures:
    return Figures(
        **{
            name.name: statistics.median(getattr(run, name.name) for run in runs)
            for name in dataclasses.fields(Figures)
        }
    )


def throughput_ratio(runs: list[Figures], others: list[Figures]) -> float:
    return statistics.median(f.rate for f in runs) / statistics.median(f.rate for f in others)


def verdict(coach: list[Figures], echo: list[Figures], think: float, sqlite: bool) -> str:
    ratio = throughput_ratio(coach, echo)
    p99 = statistics.median(f.p99_ms for f in coach)
    if not think:
        goal = 0.55 if sqlite else 0.40
        met = "met" if ratio >= goal else "missed"
        return (
            f"coach/echo throughput {ratio:.2f} (goal >= {goal}: {met});"
            " reply latency in a closed loop is people / throughput: read it with --think"
        )
    return (
        f"offered load, not capacity: coach/echo {ratio:.2f};"
        f" coach reply p99 {p99:.1f} ms (goal <= 50 ms: {'met' if p99 <= 50 else 'missed'})"
    )


async def benchmark(args: argparse.Namespace) -> bool:
    database = (
        "SQLite" if args.database == "sqlite" else make_url(args.database).get_backend_name()
    )
    print(
        f"{args.people} people; after joining and {args.warmup} warm-up taps each, up to"
        f" {args.steps} measured taps each within {args.seconds:g} s"
        + (f", {args.think:g} s apart on average" if args.think else " (closed loop)")
        + f"; {args.runs} runs; coach on {database}"
    )
    busy = await cpu_busy()
    if busy is not None:
        warning = "  (figures will be noisy: other processes use the CPU)" if busy > 0.1 else ""
        print(f"CPU busy before starting: {busy:.0%} of {os.cpu_count()} cores{warning}")
    print(HEADER, flush=True)
    coach: list[Figures] = []
    echo: list[Figures] = []
    against: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="telegram-load-") as name:
        directory = Path(name)
        for run in range(1, args.runs + 1):
            coach.append(await run_coach(args, directory, run))
            print(row(str(run), "coach", coach[-1]), flush=True)
            if args.against:
                against.append(await run_coach(args, directory, run, args.against))
                print(row(str(run), "against", against[-1]), flush=True)
            echo.append(await run_echo(args, directory, run))
            print(row(str(run), "echo", echo[-1]), flush=True)
    print(row("median", "coach", median_figures(coach)))
    print(row("median", "echo", median_figures(echo)))
    if against:
        print(row("median", "against", median_figures(against)))
    print(verdict(coach, echo, args.think, args.database == "sqlite"))
    if against:
        ratio = throughput_ratio(coach, against)
        met = "met" if ratio >= 0.95 else "missed"
        print(
            f"coach/against throughput {ratio:.2f} against {args.against}"
            f" (goal: no more than 5 % below, >= 0.95: {met})"
        )
    if args.profile:
        print(f"the coach ran under cProfile (slower); last run's profile: {args.profile}")
    return not any(f.stalled for f in coach + echo + against)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--steps", type=int, default=25, help="measured taps per person")
    parser.add_argument(
        "--seconds",
        type=float,
        default=30.0,
        help="people start no measured tap after this (taps under way still count)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause in seconds before each measured tap (exponential); 0: closed loop",
    )
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured taps per person")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--database", default="sqlite", help="'sqlite' (a new file per run) or a PostgreSQL URL"
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="hard limit, seconds")
    parser.add_argument("--profile", type=Path, help="run the coach under cProfile into FILE")
    parser.add_argument(
        "--against",
        type=lambda value: Path(value).resolve(),
        help="also run the coach of this checkout (with its own .venv), interleaved",
    )
    args = parser.parse_args()
    if args.against and not Path(venv_python(args.against)).exists():
        parser.error(f"{args.against} has no .venv: run uv sync --directory {args.against}")
    if args.database != "sqlite" and not args.database.startswith("postgresql+asyncpg://"):
        parser.error("--database must be 'sqlite' or a postgresql+asyncpg:// URL")
    if args.warmup < 3:
        parser.error("--warmup must be at least 3 (open the module, Begin, one answer)")
    return args


async def main() -> int:
    args = parse_args()
    started = time.monotonic()
    try:
        async with asyncio.timeout(args.timeout):
            complete = await benchmark(args)
    except TimeoutError:
        print(f"gave up: the benchmark took more than {args.timeout:g} s", file=sys.stderr)
        return 1
    print(f"took {time.monotonic() - started:.0f} s")
    return 0 if complete else 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(asyncio.run(main()))
    sys.exit(130)
