"""The largest chart (12 items, 1,280 px wide, 150 dpi): drawing and PNG encoding inside the
chart worker, and the round trip from the event loop.

    uv run python benchmarks/charts.py [--runs 10]

The chart is the phase checklist's answers for 200 respondents, 12 items of its 20 (stacked
bars with the "don't know" panel beside them), labelled in French. Figures, median of
``--runs`` after one warm-up:

- ``draw+png``: building the figure and encoding it as PNG, timed inside the worker process
  (goal <= 300 ms);
- ``round trip``: ``ChartWorker.draw`` awaited on the event loop — pickling the figures there,
  the drawing, the PNG back; ``start``: the first request, which starts the worker process.

This is a benchmark, not a test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import charts  # noqa: E402
from bot.chart_worker import ChartWorker  # noqa: E402
from flows.content import MODULES  # noqa: E402
from flows.group import ModuleFigures, Response, figures_of, tallies  # noqa: E402
from flows.i18n import translator  # noqa: E402
from flows.model import ModuleId, ScaleKind  # noqa: E402

PEOPLE = 200


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    asyncio.run(benchmark(parser.parse_args().runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
