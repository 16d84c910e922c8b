"""The largest chart (12 items, 1,280 px wide, 150 dpi): drawing and PNG encoding inside the
chart worker, and the round trip from the event loop.

    uv run python benchmarks/charts.py [--runs 10] [--taps] [--people 50] [--think 4]

The chart is the phase checklist's answers for 200 respondents, 12 items of its 20 (stacked
bars with the "don't know" panel beside them), labelled in French. Figures, median of
``--runs`` after one warm-up:

- ``draw+png``: building the figure and encoding it as PNG, timed inside the worker process
  (goal <= 300 ms);
- ``round trip``: ``ChartWorker.draw`` awaited on the event loop — pickling the figures there,
  the drawing, the PNG back; ``start``: the first request, which starts the worker process.

With ``--taps``, then: the bot in a process of its own against the fake Bot API (as
benchmarks/broadcast.py runs it), ``--people`` people tapping through a module about one tap
every ``--think`` seconds while ten coaches each ask for the charts of a closed round (the
preconditions of 12 respondents: 3 images, one album), one every 3 s over 30 s. Figures: the
taps' reply ``p50``/``p99`` during those 30 s (goal: p99 <= 50 ms) and each chart request's
time from the tap to its album reaching the fake; ``--charts 0`` gives the same taps without
a chart, for comparison. The bot warms its chart worker at startup.

This is a benchmark, not a test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.telegram_load import (  # noqa: E402
    REPLY_TIMEOUT,
    Load,
    TimedFake,
    bot_env,
    coach_tap,
    log_problems,
    person,
    start_bot,
    stop_bot,
    wait_until_polling,
)
from bot import charts  # noqa: E402
from bot.chart_worker import ChartWorker  # noqa: E402
from flows.content import MODULES  # noqa: E402
from flows.engine import AnswerItem, Start  # noqa: E402
from flows.group import ModuleFigures, Response, figures_of, tallies  # noqa: E402
from flows.i18n import translator  # noqa: E402
from flows.model import ModuleId, ScaleKind  # noqa: E402
from storage import repository as repo  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import Role  # noqa: E402
from tests.councils import council  # noqa: E402
from tests.fake_telegram import DEFAULT_TOKEN, SimUser  # noqa: E402
from usecases import rounds, walkthrough  # noqa: E402
from usecases.clock import SystemClock  # noqa: E402

PEOPLE = 200
PRE = ModuleId.PRECONDITIONS


def phases(people: int = PEOPLE) -> ModuleFigures:
    pick = random.Random(12)
    module = MODULES[ModuleId.PHASES]
    responses = [
        Response(r, module.id, item.id, pick.choice([c.value for c in module.scale.choices]))
        for r in range(1, people + 1)
        for item in module.items
    ]
    (shown,) = [figures_of(t, 3) for t in tallies([module.id], responses)]
    return shown


def largest(modules: Sequence[ModuleFigures], language: str) -> list[bytes]:
    """The answers chart of the module's first 12 items, as PNG: what the worker times."""
    (figures,) = modules
    twelve = dataclasses.replace(figures, items=figures.items[: charts.ITEMS_AT_ONCE])
    (chart,) = charts.answers(translator(language), twelve)
    return [charts.png(chart)]


def timed(modules: Sequence[ModuleFigures], language: str) -> list[bytes]:
    """``largest``, with the time it took inside the worker in milliseconds as the first
    "image" (8 bytes, text)."""
    start = time.perf_counter()
    images = largest(modules, language)
    took = (time.perf_counter() - start) * 1000
    return [f"{took:.3f}".encode(), *images]


async def benchmark(runs: int) -> None:
    figures = phases()
    items = [f for f in figures.items if f.distribution]
    assert len(items) == 20 and figures.module.scale.kind is ScaleKind.CHECKLIST
    worker = ChartWorker(draw=timed)
    try:
        began = time.perf_counter()
        first = await worker.draw([figures], "fr")
        start = (time.perf_counter() - began) * 1000
        assert first is not None
        inside, trips = [], []
        for _ in range(runs):
            began = time.perf_counter()
            done = await worker.draw([figures], "fr")
            trips.append((time.perf_counter() - began) * 1000)
            assert done is not None
            inside.append(float(done[0].decode()))
        png = done[1]
        width, height = int.from_bytes(png[16:20]), int.from_bytes(png[20:24])
    finally:
        worker.close()
    goal = "ok" if statistics.median(inside) <= 300 else "over the 300 ms goal"
    print(f"largest chart: 12 items, {width}x{height} px, {len(png) // 1024} KiB, 150 dpi")
    print(
        f"draw+png in the worker: median {statistics.median(inside):.0f} ms "
        f"(min {min(inside):.0f}, max {max(inside):.0f}) over {runs} runs: {goal}"
    )
    print(
        f"round trip from the event loop: median {statistics.median(trips):.0f} ms "
        f"(max {max(trips):.0f}); start: first request {start:.0f} ms"
    )


async def prepare(url: str, fake: TimedFake, coaches: int) -> tuple[int, str, list[SimUser]]:
    """A closed round of 12 respondents, ``coaches`` coaches following it; the initiative, its
    member invite code and the coaches."""
    respondents = [fake.user(first_name=f"Respondent {n}") for n in range(12)]
    following = [fake.user(first_name=f"Coach {n}") for n in range(coaches)]
    engine, sessions = await open_database(url)
    now = SystemClock().now()
    try:
        group = await council(sessions, respondents, now)
        pick = random.Random(3)
        async with sessions.begin() as session:
            for user in respondents:
                found = await repo.person_of_telegram(session, telegram_id=user.id)
                assert found is not None
                await walkthrough.step(session, found.id, group.initiative, PRE, Start(), now)
                for item in MODULES[PRE].items:
                    event = AnswerItem(item.id, pick.randint(1, 5))
                    await walkthrough.step(session, found.id, group.initiative, PRE, event, now)
            await rounds.close_round(session, group.coordinator, group.initiative, now)
            for user in following:
                coach = await repo.telegram_person(
                    session, telegram_id=user.id, display_name=user.first_name, language="fr"
                )
                await repo.join_as(
                    session, person_id=coach.id, initiative=group.initiative, offered=Role.COACH
                )
            code, _ = await repo.invite_codes(session, initiative_id=group.initiative)
    finally:
        await engine.dispose()
    return group.initiative, code, following


async def chart_request(fake: TimedFake, coach: SimUser, initiative: int) -> float:
    """Seconds from the tap on "Charts" to its album reaching the fake."""
    started = time.perf_counter()
    await fake.press_raw(coach, 1, f"dbc:{initiative}")
    while len(fake.photos(coach.id)) < 3:
        if time.perf_counter() - started > REPLY_TIMEOUT:
            raise TimeoutError("no charts")
        await asyncio.sleep(0.005)
    return time.perf_counter() - started


async def with_taps(people: int, think: float, charts_asked: int = 10) -> None:
    async with TimedFake() as fake:
        with tempfile.TemporaryDirectory(prefix="charts-") as name:
            directory = Path(name)
            url = f"sqlite+aiosqlite:///{directory}/coach.db"
            initiative, code, coaches = await prepare(url, fake, 10)
            tappers = [fake.user(first_name=f"Person {n}") for n in range(people)]
            log = directory / "bot.log"
            env = bot_env(DATABASE_URL=url, BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_API_URL=fake.url)
            process = await start_bot([sys.executable, "-m", "bot", "run"], env, log)
            try:
                await wait_until_polling(fake, process, log)
                load = Load(f"/start {code}", coach_tap, 3, 10**6, 10**6, think)
                barrier = asyncio.Barrier(people + 1)
                tasks = [asyncio.create_task(person(fake, u, load, barrier)) for u in tappers]
                await barrier.wait()
                await asyncio.sleep(5)  # the taps settle
                began = time.perf_counter()
                requests = []
                for coach in coaches[:charts_asked]:
                    requests.append(asyncio.create_task(chart_request(fake, coach, initiative)))
                    await asyncio.sleep(3)
                await asyncio.sleep(3 * (len(coaches) - charts_asked))
                trips = await asyncio.gather(*requests)
                ended = time.perf_counter()
                load.deadline = ended
                await asyncio.wait(tasks, timeout=REPLY_TIMEOUT)
            finally:
                await stop_bot(process)
            problems = log_problems(log)
    taps = zip(load.finished, load.latencies, strict=True)
    during = sorted(lat for done, lat in taps if began <= done - lat and done <= ended)
    p50, p99 = (during[min(len(during) - 1, int(len(during) * q))] * 1000 for q in (0.5, 0.99))
    goal = "met" if p99 <= 50 else "missed"
    print(
        f"{people} people tapping (every {think:g} s), {charts_asked} chart requests over 30 s: "
        f"{len(during)} taps, reply p50 {p50:.1f} ms, p99 {p99:.1f} ms (goal <= 50: {goal}); "
        f"stalled {load.stalled}; log problems {problems}"
    )
    print(
        "chart requests, tap to album: "
        + " ".join(f"{t * 1000:.0f}" for t in trips)
        + f" ms (median {statistics.median(trips or [0]) * 1000:.0f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--taps", action="store_true", help="then 50 people tap meanwhile")
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--think", type=float, default=4.0)
    parser.add_argument("--charts", type=int, default=10, help="chart requests (0: a baseline)")
    args = parser.parse_args()
    asyncio.run(benchmark(args.runs))
    if args.taps:
        asyncio.run(with_taps(args.people, args.think, min(args.charts, 10)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
