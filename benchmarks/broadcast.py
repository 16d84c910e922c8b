"""A reminder to 2,000 respondents against Telegram's sending limits, while 50 people tap.

    uv run python benchmarks/broadcast.py [--runs 3] [--database both | sqlite | URL]
        [--respondents 2000] [--people 50] [--think 4] [--baseline 30] [--profile FILE]

Each run starts a fresh fake Bot API server (tests/fake_telegram, enforcing Telegram's limits:
30 sends a second in all, one a second per private chat after a burst of 3, 429 with
``retry_after`` beyond), a fresh database and the bot in a process of its own
(``python -m bot run``, as benchmarks/telegram_load.py does). The database holds one initiative
with a round open: its coordinator and the respondents but the tapping people, written in bulk;
no quiet hours, no automatic reminders. The tapping people join with the member invite link
through the bot, open the Phases module (not in the round) and tap through it, about one tap
every ``--think`` seconds each (exponential pauses), through the real dispatcher.

For ``--baseline`` seconds they tap alone; then the coordinator sends /remind, and every
respondent (the coordinator and the tapping people too) is reminded while they go on tapping.
Figures, per run and their median:

- ``msg/s``: reminders that reached the fake, first to last, per second (Telegram allows 30;
  goal >= 27), ``secs`` that broadcast's length;
- ``lost`` (goal 0): respondents without a reminder once no more came for 15 s;
  ``dup`` (goal 0): reminders beyond one per respondent; ``429``: refusals the fake answered;
- ``p50``/``p99`` ms of the taps' replies (tap queued to the bot's edit reaching the fake),
  ``alone`` before /remind and ``during`` the broadcast, from /remind to the last reminder
  (goal: p99 during <= 50 ms);
- ``cpu%``: the bot process's CPU during the broadcast, ``ms/msg``: its CPU per reminder
  beyond what the taps alone cost; ``stall``: people whose reply never came;
  ``log``: warnings and errors the bot logged.

The 429s of the 50 people joining at once, before, are not counted. While it measures, this
process (the fake and the people) runs without garbage collection: its pauses would count as
the bot's.

This is a benchmark, not a test: it prints figures and exits 0 when every run completed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import update  # noqa: E402

from benchmarks.telegram_load import (  # noqa: E402
    REPLY_TIMEOUT,
    Load,
    TimedFake,
    bot_env,
    coach_tap,
    cpu_busy,
    cpu_seconds,
    fresh_database,
    log_problems,
    person,
    start_bot,
    stop_bot,
    wait_until_polling,
)
from storage.db import open_database  # noqa: E402
from storage.models import Initiative  # noqa: E402
from storage.repository import invite_codes  # noqa: E402
from tests.councils import council  # noqa: E402
from tests.fake_telegram import DEFAULT_TOKEN, SimUser, StoredMessage  # noqa: E402
from usecases.clock import SystemClock  # noqa: E402

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REMINDER = "Reminder: round"
QUIET = 15.0
"""Seconds without a new reminder after which the broadcast is over."""


class BroadcastFake(TimedFake):
    """Notes when each reminder arrives; a reminder is no reply to a tap."""

    def __init__(self) -> None:
        super().__init__()
        self.reminders: list[tuple[float, int]] = []

    def _store(self, message: StoredMessage) -> StoredMessage:
        if message.from_bot and not message.edited and message.text.startswith(REMINDER):
            self.reminders.append((time.perf_counter(), message.chat_id))
            return super(TimedFake, self)._store(message)
        return super()._store(message)


@dataclass(frozen=True)
class Figures:
    rate: float
    seconds: float
    lost: int
    duplicated: int
    refused: int
    alone_p50: float
    alone_p99: float
    during_p50: float
    during_p99: float
    cpu_percent: float
    cpu_ms: float
    stalled: int
    log_problems: int = 0


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples) or [0.0]
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


async def prepare(
    url: str, fake: BroadcastFake, args: argparse.Namespace
) -> tuple[list[SimUser], str]:
    """Every respondent, the council in the database but the tapping people (the last ones),
    and the member invite code they join with."""
    people = [fake.user(first_name=f"Person {n}") for n in range(args.respondents)]
    engine, sessions = await open_database(url)
    try:
        group = await council(
            sessions, people[: args.respondents - args.people], SystemClock().now()
        )
        async with sessions.begin() as session:
            await session.exec(
                update(Initiative)
                .where(Initiative.id == group.initiative)  # type: ignore[arg-type]
                .values(quiet_hours="", reminder_every=0)
            )
            member_code, _ = await invite_codes(session, initiative_id=group.initiative)
    finally:
        await engine.dispose()
    return people, member_code


async def broadcast_over(fake: BroadcastFake, respondents: int, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.5)
        if len({chat for _, chat in fake.reminders}) >= respondents:
            return
        if fake.reminders and time.perf_counter() - fake.reminders[-1][0] > QUIET:
            return


async def one_run(args: argparse.Namespace, database: str, directory: Path, run: int) -> Figures:
    async with BroadcastFake() as fake, fresh_database(database, directory, run) as url:
        people, code = await prepare(url, fake, args)
        tappers = people[args.respondents - args.people :]
        argv = [sys.executable, "-m", "bot", "run"]
        if args.profile:
            argv[1:1] = ["-m", "cProfile", "-o", str(args.profile)]
        log = directory / f"bot-{run}.log"
        env = bot_env(DATABASE_URL=url, BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_API_URL=fake.url)
        process = await start_bot(argv, env, log)
        try:
            await wait_until_polling(fake, process, log)
            load = Load(f"/start {code}", coach_tap, 3, 10**6, 10**6, args.think)
            barrier = asyncio.Barrier(len(tappers) + 1)
            tasks = [asyncio.create_task(person(fake, u, load, barrier)) for u in tappers]
            await barrier.wait()
            gc.freeze()  # this process's own pauses would count as the bot's
            gc.disable()
            started, cpu = time.perf_counter(), cpu_seconds(process.pid)
            await asyncio.sleep(args.baseline)
            reminded_at, cpu_alone = time.perf_counter(), cpu_seconds(process.pid) - cpu
            joined = len(fake.rate_limited)  # 429s of 50 people joining at once are not its
            await fake.send_command(people[0], "/remind")
            await broadcast_over(fake, args.respondents, args.timeout)
            ended, cpu_during = time.perf_counter(), cpu_seconds(process.pid) - cpu - cpu_alone
            load.deadline = ended
            await asyncio.wait(tasks, timeout=REPLY_TIMEOUT)
            for task in tasks:
                task.cancel()
        finally:
            gc.enable()
            await stop_bot(process)
        shown = figures(fake, load, args, (started, reminded_at, ended), (cpu_alone, cpu_during))
        return dataclasses.replace(shown, refused=len(fake.rate_limited) - joined)


def figures(
    fake: BroadcastFake,
    load: Load,
    args: argparse.Namespace,
    times: tuple[float, float, float],
    cpu: tuple[float, float],
) -> Figures:
    started, reminded_at, ended = times
    arrivals = [at for at, _ in fake.reminders]
    first, last = (min(arrivals), max(arrivals)) if arrivals else (ended, ended)
    counts = Counter(chat for _, chat in fake.reminders)
    taps = list(zip(load.finished, load.latencies, strict=True))
    alone = [lat for done, lat in taps if started <= done - lat and done <= reminded_at]
    during = [lat for done, lat in taps if reminded_at <= done - lat and done <= last]
    seconds = last - first
    alone_rate = cpu[0] / (reminded_at - started)
    during_seconds = max(1e-9, ended - reminded_at)
    return Figures(
        rate=(len(arrivals) - 1) / seconds if seconds > 0 else 0.0,
        seconds=seconds,
        lost=args.respondents - len(counts),
        duplicated=sum(n - 1 for n in counts.values()),
        refused=len(fake.rate_limited),
        alone_p50=percentile(alone, 0.5),
        alone_p99=percentile(alone, 0.99),
        during_p50=percentile(during, 0.5),
        during_p99=percentile(during, 0.99),
        cpu_percent=100 * cpu[1] / during_seconds,
        cpu_ms=1000 * max(0.0, cpu[1] - alone_rate * during_seconds) / max(1, len(arrivals)),
        stalled=load.stalled,
    )


COLUMNS = (
    ("msg/s", 7, "rate", ".1f"),
    ("secs", 6, "seconds", ".1f"),
    ("lost", 5, "lost", ".0f"),
    ("dup", 4, "duplicated", ".0f"),
    ("429", 5, "refused", ".0f"),
    ("alone p50", 10, "alone_p50", ".1f"),
    ("p99", 6, "alone_p99", ".1f"),
    ("during p50", 11, "during_p50", ".1f"),
    ("p99", 6, "during_p99", ".1f"),
    ("cpu%", 6, "cpu_percent", ".0f"),
    ("ms/msg", 7, "cpu_ms", ".2f"),
    ("stall", 6, "stalled", ".0f"),
    ("log", 4, "log_problems", ".0f"),
)
HEADER = "run      db         " + "".join(
    f"{title:>{width + 1}}" for title, width, _, _ in COLUMNS
)


def row(label: str, database: str, shown: Figures) -> str:
    cells = (f" {getattr(shown, name):>{width}{spec}}" for _, width, name, spec in COLUMNS)
    return f"{label:<8} {database:<10}" + "".join(cells)


def median(runs: list[Figures]) -> Figures:
    return Figures(
        **{
            field.name: statistics.median(getattr(run, field.name) for run in runs)
            for field in dataclasses.fields(Figures)
        }
    )


def verdict(shown: Figures) -> str:
    goals = (
        (f"{shown.rate:.1f} msg/s (goal >= 27)", shown.rate >= 27),
        (f"lost {shown.lost:.0f}, duplicated {shown.duplicated:.0f} (goal 0)", not shown.lost),
        (f"reply p99 {shown.during_p99:.1f} ms during (goal <= 50)", shown.during_p99 <= 50),
    )
    return "; ".join(f"{text}: {'met' if met else 'missed'}" for text, met in goals)


async def benchmark(args: argparse.Namespace) -> bool:
    databases = {"sqlite": ["sqlite"], "both": ["sqlite", POSTGRES]}.get(
        args.database, [args.database]
    )
    print(
        f"{args.respondents} respondents reminded at once, {args.people} of them tapping every"
        f" {args.think:g} s on average, {args.baseline:g} s alone first; {args.runs} runs"
    )
    busy = await cpu_busy()
    if busy is not None:
        warning = "  (figures will be noisy: other processes use the CPU)" if busy > 0.1 else ""
        print(f"CPU busy before starting: {busy:.0%} of {os.cpu_count()} cores{warning}")
    print(HEADER, flush=True)
    complete = True
    with tempfile.TemporaryDirectory(prefix="broadcast-") as name:
        directory = Path(name)
        for database in databases:
            label = "SQLite" if database == "sqlite" else "PostgreSQL"
            runs = []
            for run in range(1, args.runs + 1):
                shown = await one_run(args, database, directory, run)
                log = directory / f"bot-{run}.log"
                shown = dataclasses.replace(shown, log_problems=log_problems(log))
                runs.append(shown)
                complete = complete and shown.seconds > 0
                print(row(str(run), label, shown), flush=True)
            print(row("median", label, median(runs)))
            print(f"  {label}: {verdict(median(runs))}", flush=True)
    if args.profile:
        print(f"the bot ran under cProfile (slower); last run's profile: {args.profile}")
    return complete


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--database",
        default="both",
        help=f"'both' (SQLite, then {POSTGRES}), 'sqlite' or a PostgreSQL URL",
    )
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--people", type=int, default=50, help="respondents who tap")
    parser.add_argument("--think", type=float, default=4.0, help="mean seconds between taps")
    parser.add_argument("--baseline", type=float, default=30.0, help="seconds of taps alone")
    parser.add_argument("--timeout", type=float, default=300.0, help="longest broadcast, s")
    parser.add_argument("--profile", type=Path, help="run the bot under cProfile into FILE")
    args = parser.parse_args()
    if not 0 < args.people < args.respondents:
        parser.error("--people must be more than 0 and fewer than --respondents")
    return args


async def main() -> int:
    args = parse_args()
    started = time.monotonic()
    random.seed(0)
    complete = await benchmark(args)
    print(f"took {time.monotonic() - started:.0f} s")
    return 0 if complete else 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(asyncio.run(main()))
    sys.exit(130)
