"""One engine step, and one step through the use case with storage (load, apply, save in one
transaction: usecases.walkthrough.step).

    uv run python benchmarks/engine_step.py [--steps N] [--postgres URL]

Prints p50/p99 per kind. Goals: engine step p50 <= 50 µs; with SQLite storage p50 <= 2 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.content import MODULES  # noqa: E402
from flows.engine import AnswerItem, Back, Start, apply  # noqa: E402
from flows.model import ModuleId, WalkState  # noqa: E402
from storage import repository as repo  # noqa: E402
from storage.db import open_database  # noqa: E402
from usecases import walkthrough  # noqa: E402
from usecases.clock import SystemClock  # noqa: E402

MODULE = MODULES[ModuleId.PHASES]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50 * 1e6:9.1f} µs   p99 {p99 * 1e6:9.1f} µs   (n={len(ordered)})"


def engine_steps(steps: int) -> list[float]:
    """Answer, then go back, over and over: every step is a real transition with a change."""
    state = apply(WalkState(MODULE.id), {}, Start()).state
    answers: dict = {}
    samples = []
    for number in range(steps):
        event = AnswerItem(state.position, 1 + number % 3) if number % 2 == 0 else Back()
        started = time.perf_counter()
        step = apply(state, answers, event)
        samples.append(time.perf_counter() - started)
        state, answers = step.state, dict(step.answers)
    return samples


async def storage_steps(url: str, steps: int) -> list[float]:
    engine, sessions = await open_database(url)
    try:
        async with sessions.begin() as session:
            person = await repo.local_person(session, local_user="bench")
            initiative = await repo.create_initiative(
                session, name="Bench", issue="Benchmark.", creator_id=person.id
            )
        person_id, initiative_id = person.id, initiative.id
        samples, position = [], "intro"
        for number in range(steps):
            event = AnswerItem(position, 1 + number % 3) if number % 2 == 0 else Back()
            if position == "intro":
                event = Start()
            started = time.perf_counter()
            async with sessions.begin() as session:
                step = await walkthrough.step(
                    session, person_id, initiative_id, MODULE.id, event, SystemClock().now()
                )
            samples.append(time.perf_counter() - started)
            position = step.state.position
        return samples
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        ),
        help="PostgreSQL URL ('' to skip)",
    )
    args = parser.parse_args()
    engine_steps(2000)
    print(f"engine step           {percentiles(engine_steps(args.steps * 10))}")
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{directory}/bench.db"
        print(f"step + SQLite         {percentiles(asyncio.run(storage_steps(url, args.steps)))}")
    if args.postgres:
        samples = asyncio.run(storage_steps(args.postgres, args.steps))
        print(f"step + PostgreSQL     {percentiles(samples)}")


if __name__ == "__main__":
    main()
