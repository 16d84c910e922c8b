"""The bot in a process of its own, which a test may kill, started in a fraction of a second.

Each one forks from a server process that imported the bot once: a cold start would spend
seconds importing aiogram every time. That server is the one the chart worker forks from too
(one per test process that needs it; the tests that do share one: ``FORKED``, tests/conftest.py).
"""

import multiprocessing
import os
import sys
from multiprocessing import forkserver
from multiprocessing.process import BaseProcess

_CONTEXT = multiprocessing.get_context("forkserver")
_PRELOAD = ["bot.app", "bot.__main__", "bot.charts"]


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
