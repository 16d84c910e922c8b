"""A coach's dashboard of a round 5,000 people answered, and its cost to 50 people tapping.

    uv run python benchmarks/dashboard.py [--runs 2] [--database both | sqlite | URL]
        [--respondents 5000] [--samples 10] [--people 50] [--think 4] [--baseline 30]
        [--dashboards 10] [--over 30] [--coaches 1] [--profile FILE]

For each database a fresh one holds an initiative whose coordinator and ``--respondents`` - 1
members (written in bulk, tests/councils.py) answered every item of every module in two rounds:
values around a leaning per item (agreed, spread or polarised), one answer in 20 "don't know",
a few comments. Each round is closed through the use case (usecases.rounds.close_round), which
stores its snapshot and counts as in production, and counts as announced (its results went out
when it closed); the first is the previous round the trends compare with. Then, per run:

- ``view``: in this process, from a fresh session each time, ``usecases.dashboard.view`` and
  ``bot.render_dashboard.dashboard`` in English and in French, ``--samples`` times after one
  unmeasured ``first``: ``p50``/``p90`` ms (goal: p50 <= 100 ms);
- then the bot in a process of its own (``python -m bot run``) against a fresh fake Bot API
  server (tests/fake_telegram, with Telegram's sending limits), as benchmarks/broadcast.py
  does. ``--people`` people join with the member invite link and tap through the Phases module,
  about one tap every ``--think`` seconds each (exponential pauses); ``--coaches`` join with the
  coach invite link. For ``--baseline`` seconds the people tap alone: ``alone`` p50/p99 ms of
  their taps' replies (tap queued to the bot's edit reaching the fake). Then ``--dashboards``
  dashboards are requested, one every ``--over``/``--dashboards`` seconds, the coaches taking
  turns, each waiting for a view before asking for the next: /dashboard, then a tap on the
  initiative's button in the list. ``during`` p50/p99 ms of the people's taps from the first
  request to the last view (goal: p99 <= 50 ms); ``1st p50``, ``last p50`` and ``max`` ms: the
  tap on the initiative's button to the first and to the last message of the view reaching the
  fake. Telegram lets the bot send a chat a burst of 3 messages, then one a second: the list and
  a view of 3 messages every 3 s to one coach are paced by it, to about 1 s for the first
  message and 3 s for the last (with ``--coaches 10``, each their own chat, about 0.2 and 1 s);
- ``cpu%``: the bot's CPU while the dashboards are requested, ``ms/dash``: its CPU per
  dashboard (the list and the view) beyond what the taps alone cost; ``stall``: people or
  dashboards whose reply never came; ``log``: warnings and errors the bot logged.

The database is made once per database, the people and coaches of each run are new to it.
While the bot runs, this process runs without garbage collection: its pauses would count as
the bot's. With the defaults an invocation takes about 7 minutes on the 2-core dev machine.
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.broadcast import POSTGRES, percentile  # noqa: E402
from benchmarks.telegram_load import (  # noqa: E402
    REPLY_TIMEOUT,
    STARTUP_TIMEOUT,
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
    tail,
    wait_until_polling,
)
from bot.render import HTML  # noqa: E402
from bot.render_dashboard import dashboard  # noqa: E402
from bot.views import split_message  # noqa: E402
from flows.content import MODULES  # noqa: E402
from flows.i18n import translator  # noqa: E402
from storage import rounds as stored_rounds  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.repository import invite_codes  # noqa: E402
from storage.rounds import RoundRecord  # noqa: E402
from tests.councils import answer_everything, council  # noqa: E402
from tests.fake_telegram import DEFAULT_TOKEN, SimUser, StoredMessage  # noqa: E402
from usecases import dashboard as dashboards  # noqa: E402
from usecases import rounds  # noqa: E402
from usecases.clock import SystemClock  # noqa: E402

RESPONDENT_IDS = 7_000_000_000
"""Telegram ids of the respondents written in bulk, far from the fake's own users."""


@dataclass(frozen=True)
class Council:
    url: str
    coordinator: int
    initiative: int
    member_code: str
    coach_code: str
    messages: int
    """How many messages the English view takes."""


@dataclass(frozen=True)
class Figures:
    view_p50: float
    view_p90: float
    view_first: float
    alone_p50: float
    alone_p99: float
    during_p50: float
    during_p99: float
    first_p50: float
    last_p50: float
    last_max: float
    cpu_percent: float
    cpu_ms: float
    stalled: int
    log_problems: int = 0


class CoachFake(TimedFake):
    """Notes when each of the bot's messages (sends and edits) reaches a coach's chat. Its
    update ids follow those of the runs before, as Telegram's do: the bot skips updates it has
    seen."""

    def __init__(self, run: int) -> None:
        super().__init__()
        self._last_update_id = run * 10**6
        self.arrivals: dict[int, list[tuple[float, StoredMessage]]] = {}

    def _store(self, message: StoredMessage) -> StoredMessage:
        stored = super()._store(message)
        if message.from_bot and message.chat_id in self.arrivals:
            self.arrivals[message.chat_id].append((time.perf_counter(), stored))
        return stored


# The database


async def prepare(url: str, args: argparse.Namespace) -> Council:
    """The initiative, its two closed rounds everyone answered, and its invite codes."""
    people = [SimUser(RESPONDENT_IDS + n, f"Person {n}") for n in range(args.respondents)]
    clock, rng = SystemClock(), random.Random(0)
    engine, sessions = await open_database(url)
    try:
        group = await council(sessions, people, clock.now(), modules=list(MODULES))
        await close(sessions, group.coordinator, group.round, rng, clock)
        async with sessions.begin() as session:
            second = await rounds.open_round(
                session,
                group.coordinator,
                group.initiative,
                title="Spring",
                modules=list(MODULES),
                deadline=None,
                now=clock.now(),
            )
        assert isinstance(second, RoundRecord)
        await close(sessions, group.coordinator, second, rng, clock)
        async with sessions.begin() as session:
            member_code, coach_code = await invite_codes(session, initiative_id=group.initiative)
            shown = await dashboards.view(
                session, group.coordinator, group.initiative, clock.now()
            )
        assert not isinstance(shown, rounds.Refused), shown
        messages = len(split_message(dashboard(translator("en"), HTML, shown)))
    finally:
        await engine.dispose()
    return Council(url, group.coordinator, group.initiative, member_code, coach_code, messages)


async def close(sessions, coordinator: int, found: RoundRecord, rng, clock) -> None:
    """Everyone answers the round, then its coordinator closes it."""
    await answer_everything(sessions, found, clock.now(), rng)
    async with sessions.begin() as session:
        closed = await rounds.close_round(session, coordinator, found.initiative_id, clock.now())
        assert isinstance(closed, RoundRecord) and closed.closed_at is not None
        # Its results went out when it closed, long before: the bot does not send them again.
        await stored_rounds.mark_announced(session, round_id=closed.id, now=clock.now())


async def time_view(group: Council, samples: int) -> tuple[float, list[float]]:
    """Seconds to compute and render the view in both languages, from a fresh session: the
    first time, then ``samples`` times."""
    languages = [translator("en"), translator("fr")]
    engine, sessions = await open_database(group.url)
    took = []
    try:
        for _ in range(samples + 1):
            started = time.perf_counter()
            async with sessions() as session:
                now = SystemClock().now()
                shown = await dashboards.view(session, group.coordinator, group.initiative, now)
                assert not isinstance(shown, rounds.Refused), shown
                for tr in languages:
                    dashboard(tr, HTML, shown)
            took.append(time.perf_counter() - started)
    finally:
        await engine.dispose()
    return took[0], took[1:]


# The bot, the people and the coach


@dataclass
class Requests:
    """The coaches' dashboards: when they were asked for, and how long their views took."""

    started: float = 0.0
    ended: float = 0.0
    first: list[float] = field(default_factory=list)
    last: list[float] = field(default_factory=list)
    stalled: int = 0


async def arrived(
    fake: CoachFake, chat: int, since: int, count: int, timeout: float = REPLY_TIMEOUT
) -> list[float]:
    """The arrival times of the ``count`` messages in a coach's chat after the ``since``-th."""
    deadline = time.perf_counter() + timeout
    arrivals = fake.arrivals[chat]
    while len(arrivals) < since + count:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{len(arrivals) - since} of {count} messages came")
        await asyncio.sleep(0.002)
    return [at for at, _ in arrivals[since : since + count]]


async def request(fake: CoachFake, coach: SimUser, group: Council, asked: Requests) -> None:
    """/dashboard, then the initiative's button in the list; notes the seconds from that tap to
    the first and to the last message of the view."""
    since = len(fake.arrivals[coach.id])
    await fake.send_command(coach, "/dashboard")
    await arrived(fake, coach.id, since, 1)
    listed = fake.arrivals[coach.id][since][1]
    buttons = [b for row in listed.buttons for b in row if b.callback_data]
    chosen = next((b for b in buttons if "Quartier Nord" in b.text), buttons[0])
    tapped = time.perf_counter()
    await fake.press(coach, listed, chosen.callback_data)
    view = await arrived(fake, coach.id, since + 1, group.messages)
    asked.first.append(view[0] - tapped)
    asked.last.append(view[-1] - tapped)


async def coach_requests(
    fake: CoachFake, coaches: list[SimUser], group: Council, args: argparse.Namespace
) -> Requests:
    """``--dashboards`` requests, one every ``--over``/``--dashboards`` seconds, the coaches
    taking turns; a coach waits for a view before asking for the next."""
    asked = Requests(started=time.perf_counter())
    every = args.over / args.dashboards

    async def coach_asks(number: int, coach: SimUser) -> None:
        for n in range(number, args.dashboards, len(coaches)):
            await asyncio.sleep(max(0.0, asked.started + n * every - time.perf_counter()))
            try:
                await request(fake, coach, group, asked)
            except TimeoutError:
                asked.stalled += 1

    await asyncio.gather(*(coach_asks(n, coach) for n, coach in enumerate(coaches)))
    asked.ended = time.perf_counter()
    return asked


async def join(fake: CoachFake, coach: SimUser, code: str, log: Path) -> None:
    fake.arrivals[coach.id] = []
    await fake.send_command(coach, "/start", code)
    try:
        await arrived(fake, coach.id, 0, 1, STARTUP_TIMEOUT)
    except TimeoutError as error:
        raise RuntimeError(f"a coach could not join: {error}\n{tail(log)}") from error


async def bot_run(args: argparse.Namespace, group: Council, directory: Path, run: int) -> Figures:
    first_id = 100_000 + run * 10_000  # the people of every run are new to the database
    async with CoachFake(run) as fake:
        tappers = [fake.user(first_id + n, f"Person {n}") for n in range(args.people)]
        coaches = [fake.user(first_id + 9_900 + n, f"Coach {n}") for n in range(args.coaches)]
        argv = [sys.executable, "-m", "bot", "run"]
        if args.profile:
            argv[1:1] = ["-m", "cProfile", "-o", str(args.profile)]
        log = directory / f"bot-{run}.log"
        env = bot_env(DATABASE_URL=group.url, BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_API_URL=fake.url)
        process = await start_bot(argv, env, log)
        try:
            await wait_until_polling(fake, process, log)
            for coach in coaches:
                await join(fake, coach, group.coach_code, log)
            load = Load(f"/start {group.member_code}", coach_tap, 3, 10**6, 10**6, args.think)
            barrier = asyncio.Barrier(len(tappers) + 1)
            tasks = [asyncio.create_task(person(fake, u, load, barrier)) for u in tappers]
            await barrier.wait()
            gc.freeze()  # this process's own pauses would count as the bot's
            gc.disable()
            started, cpu = time.perf_counter(), cpu_seconds(process.pid)
            await asyncio.sleep(args.baseline)
            cpu_alone = cpu_seconds(process.pid) - cpu
            asked = await coach_requests(fake, coaches, group, args)
            cpu_during = cpu_seconds(process.pid) - cpu - cpu_alone
            load.deadline = time.perf_counter()
            await asyncio.wait(tasks, timeout=REPLY_TIMEOUT)
            for task in tasks:
                task.cancel()
        finally:
            gc.enable()
            gc.unfreeze()
            await stop_bot(process)
    return figures(load, asked, started, (cpu_alone, cpu_during))


def figures(
    load: Load,
    asked: Requests,
    started: float,
    cpu: tuple[float, float],
) -> Figures:
    taps = list(zip(load.finished, load.latencies, strict=True))
    alone = [lat for done, lat in taps if started <= done - lat and done <= asked.started]
    during = [lat for done, lat in taps if asked.started <= done - lat and done <= asked.ended]
    alone_rate = cpu[0] / max(1e-9, asked.started - started)
    during_seconds = max(1e-9, asked.ended - asked.started)
    beyond = max(0.0, cpu[1] - alone_rate * during_seconds)
    return Figures(
        view_p50=0.0,
        view_p90=0.0,
        view_first=0.0,
        alone_p50=percentile(alone, 0.5),
        alone_p99=percentile(alone, 0.99),
        during_p50=percentile(during, 0.5),
        during_p99=percentile(during, 0.99),
        first_p50=percentile(asked.first, 0.5),
        last_p50=percentile(asked.last, 0.5),
        last_max=max(asked.last, default=0.0) * 1000,
        cpu_percent=100 * cpu[1] / during_seconds,
        cpu_ms=1000 * beyond / max(1, len(asked.last)),
        stalled=load.stalled + asked.stalled,
    )


async def one_run(args: argparse.Namespace, group: Council, directory: Path, run: int) -> Figures:
    first, took = await time_view(group, args.samples)
    shown = await bot_run(args, group, directory, run)
    return dataclasses.replace(
        shown,
        view_first=first * 1000,
        view_p50=statistics.median(took) * 1000,
        view_p90=percentile(took, 0.9),
        log_problems=log_problems(directory / f"bot-{run}.log"),
    )


# The figures


COLUMNS = (
    ("view p50", 9, "view_p50", ".1f"),
    ("p90", 6, "view_p90", ".1f"),
    ("first", 6, "view_first", ".0f"),
    ("alone p50", 10, "alone_p50", ".1f"),
    ("p99", 6, "alone_p99", ".1f"),
    ("during p50", 11, "during_p50", ".1f"),
    ("p99", 6, "during_p99", ".1f"),
    ("1st p50", 8, "first_p50", ".0f"),
    ("last p50", 9, "last_p50", ".0f"),
    ("max", 6, "last_max", ".0f"),
    ("cpu%", 5, "cpu_percent", ".0f"),
    ("ms/dash", 8, "cpu_ms", ".0f"),
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
            name.name: statistics.median(getattr(run, name.name) for run in runs)
            for name in dataclasses.fields(Figures)
        }
    )


def verdict(shown: Figures) -> str:
    goals = (
        (f"view p50 {shown.view_p50:.1f} ms (goal <= 100)", shown.view_p50 <= 100),
        (f"reply p99 {shown.during_p99:.1f} ms during (goal <= 50)", shown.during_p99 <= 50),
    )
    return "; ".join(f"{text}: {'met' if met else 'missed'}" for text, met in goals)


async def benchmark(args: argparse.Namespace) -> bool:
    databases = {"sqlite": ["sqlite"], "both": ["sqlite", POSTGRES]}.get(
        args.database, [args.database]
    )
    print(
        f"{args.respondents} respondents answered every item in each of two closed rounds;"
        f" view timed {args.samples} times; {args.people} people tapping every"
        f" {args.think:g} s on average, {args.baseline:g} s alone, then {args.dashboards}"
        f" dashboards over {args.over:g} s; {args.runs} runs"
    )
    busy = await cpu_busy()
    if busy is not None:
        warning = "  (figures will be noisy: other processes use the CPU)" if busy > 0.1 else ""
        print(f"CPU busy before starting: {busy:.0%} of {os.cpu_count()} cores{warning}")
    complete = True
    with tempfile.TemporaryDirectory(prefix="dashboard-") as name:
        directory = Path(name)
        for database in databases:
            label = "SQLite" if database == "sqlite" else "PostgreSQL"
            async with fresh_database(database, directory, 0) as url:
                began = time.perf_counter()
                group = await prepare(url, args)
                print(
                    f"{label}: two rounds answered and closed in"
                    f" {time.perf_counter() - began:.0f} s; the English view is"
                    f" {group.messages} message(s)"
                )
                print(HEADER, flush=True)
                runs = []
                for run in range(1, args.runs + 1):
                    shown = await one_run(args, group, directory, run)
                    runs.append(shown)
                    complete = complete and not shown.stalled
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
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--database",
        default="both",
        help=f"'both' (SQLite, then {POSTGRES}), 'sqlite' or a PostgreSQL URL",
    )
    parser.add_argument("--respondents", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=10, help="timed views per run")
    parser.add_argument("--people", type=int, default=50, help="people who tap")
    parser.add_argument("--think", type=float, default=4.0, help="mean seconds between taps")
    parser.add_argument("--baseline", type=float, default=30.0, help="seconds of taps alone")
    parser.add_argument("--dashboards", type=int, default=10, help="dashboards requested")
    parser.add_argument("--coaches", type=int, default=1, help="coaches taking turns")
    parser.add_argument("--over", type=float, default=30.0, help="seconds they are spread over")
    parser.add_argument("--profile", type=Path, help="run the bot under cProfile into FILE")
    args = parser.parse_args()
    if min(args.respondents, args.samples, args.dashboards, args.people, args.coaches) < 1:
        parser.error(
            "--respondents, --samples, --dashboards, --people and --coaches must be at least 1"
        )
    if args.people > 9_900 or args.coaches > 99:
        parser.error("at most 9,900 --people and 99 --coaches")
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
