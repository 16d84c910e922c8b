"""Charts are drawn in a process of their own (about a fifth of a second an image): the event
loop goes on answering taps meanwhile. One worker process, started at the first request from a
forkserver that has imported matplotlib (spawn where there is none) and kept; if it dies, the
request gets None and the next one starts a new process."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from flows.group import ModuleFigures

log = logging.getLogger(__name__)

Draw = Callable[[Sequence[ModuleFigures], str], list[bytes]]
TIMEOUT = 60.0


class ChartWorker:
    def __init__(self, draw: Draw | None = None) -> None:
        self._draw = draw or _draw
        """A module-level function: it is pickled to the worker by name."""
        self._pool: ProcessPoolExecutor | None = None

    async def draw(self, modules: Sequence[ModuleFigures], language: str) -> list[bytes] | None:
        """The round's charts as PNG images; None when the worker died or took too long."""
        pool = self._started()
        try:
            # Submitting may start the process, waiting on the forkserver: not on the loop.
            work = await asyncio.to_thread(pool.submit, self._draw, tuple(modules), language)
            return await asyncio.wait_for(asyncio.wrap_future(work), TIMEOUT)
        except (BrokenProcessPool, TimeoutError):
            log.warning("the chart worker died or hung: started again at the next request")
            self._stop(pool)
            return None

    async def warm(self) -> bool:
        """Starts the process and has it import the drawing; False: it died."""
        return await self.draw((), "en") is not None

    def close(self) -> None:
        """Once the drawing under way, if any, is done."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            if context.get_start_method() == "forkserver":
                context.set_forkserver_preload(["bot.charts"])  # a new worker starts drawn-ready
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=context, initializer=_behind_the_replies
            )
        return self._pool

    def _stop(self, pool: ProcessPoolExecutor) -> None:
        if self._pool is pool:
            self._pool = None
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()  # a hung drawing would otherwise keep the shutdown waiting
        pool.shutdown(wait=False, cancel_futures=True)


def _draw(modules: Sequence[ModuleFigures], language: str) -> list[bytes]:
    """In the worker: matplotlib is imported there, never in the bot's own process."""
    from bot import charts

    return charts.draw(modules, language)


def _behind_the_replies() -> None:
    """The worker yields the CPU to the bot's process: replies to taps come first."""
    if hasattr(os, "nice"):
        os.nice(10)
