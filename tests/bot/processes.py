"""The bot in a process of its own, which a test may kill, started in a fraction of a second.

Each one forks from a server process that imported the bot once: a cold start would spend
seconds importing aiogram every time. That server is the one the chart worker forks from too
(one per test process that needs it: the tests that do, ``FORKED``, share one).
"""

import multiprocessing
import os
import sys
from multiprocessing import forkserver
from multiprocessing.process import BaseProcess

_CONTEXT = multiprocessing.get_context("forkserver")
_PRELOAD = ["bot.app", "bot.__main__", "bot.charts"]
FORKED = (
    "tests/bot/test_charts_e2e.py::",
    "tests/bot/test_run_modes_e2e.py::test_killed_mid_module",
)
"""The tests whose bot or chart worker forks from the server (which imports the bot first:
seconds of CPU): tests/conftest.py schedules them on one test process, so one server does."""


def warm() -> None:
    """Starts the forkserver, with the bot and the charts imported."""
    _CONTEXT.set_forkserver_preload(_PRELOAD)
    forkserver.ensure_running()


def _run(env: dict[str, str], argv: list[str]) -> None:
    os.environ.update(env)
    from bot.__main__ import main

    sys.exit(main(argv))


def start(env: dict[str, str], argv: list[str]) -> BaseProcess:
    """``python -m bot *argv`` with these environment variables added."""
    _CONTEXT.set_forkserver_preload(_PRELOAD)
    process = _CONTEXT.Process(target=_run, args=(env, argv), daemon=True)
    process.start()
    return process
