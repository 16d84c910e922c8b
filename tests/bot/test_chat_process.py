"""The one test of ``python -m bot chat`` as a process: piped input, then Ctrl-C while it waits."""

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.bot.test_chat import copy_database, migrated_database  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[2]


def read_until(process: subprocess.Popen[bytes], expected: bytes, timeout: float = 30) -> bytes:
    assert process.stdout is not None
    seen, deadline = b"", time.monotonic() + timeout
    while expected not in seen:
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        chunk = os.read(process.stdout.fileno(), 65536) if ready else b""
        assert chunk, f"no {expected!r} in {seen.decode()!r}"
        seen += chunk
    return seen


@contextlib.contextmanager
def ctrl_c_as_in_a_terminal() -> Iterator[None]:
    """A process started meanwhile gets SIGINT's default action, as from a shell in the
    foreground, even when this run ignores it (started in the background: ``pytest &``)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def test_the_chat_runs_piped_and_ctrl_c_says_goodbye_at_once(
    migrated_database,  # noqa: F811
    tmp_path,
):
    env = {
        **os.environ,
        "DATABASE_URL": copy_database(migrated_database, tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    errors = tmp_path / "stderr"
    with errors.open("wb") as stderr, ctrl_c_as_in_a_terminal():
        process = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", "bot", "chat", "--user", "ana"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=tmp_path,
            env=env,
        )
    with process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"1\nn\nQuartier Nord\nFood security.\n")
        process.stdin.flush()
        shown = read_until(process, b"Module > ")
        process.send_signal(signal.SIGINT)  # Ctrl-C, the input still open until the chat is gone
        shown += read_until(process, b"saved.\n\n", timeout=10)
        assert process.wait(timeout=10) == 130
        shown += process.stdout.read()
    err = errors.read_bytes()
    assert b"Initiative \xe2\x80\x9cQuartier Nord\xe2\x80\x9d created." in shown
    assert shown.endswith(b"Module > \nGoodbye. Your answers are saved.\n\n")
    imports = err.decode().splitlines()  # -X importtime: every import, and nothing else
    assert [line for line in imports if not line.startswith("import time:")] == []  # no traceback
    # The schema is current: Alembic is not even imported.
    assert not [line for line in imports if line.split("|")[-1].strip() == "alembic"]
