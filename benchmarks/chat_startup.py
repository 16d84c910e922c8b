"""Time from launching the terminal chat to its first prompt, for a returning person.

    uv run python benchmarks/chat_startup.py [--runs 5]

A person is created and their language chosen in a fresh SQLite database (so the schema is
current), then ``python -m bot chat`` is launched --runs times, once through ``uv run`` and once
with the venv's interpreter, each timed until the prompt " > " appears on its output. A first
launch of each writes the ``.pyc`` files (into a cache of its own, also where the environment
says not to write bytecode) and is not counted. Goal (issue): median <= 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.5


def launch(argv: list[str], env: dict[str, str], answers: bytes = b"q\n") -> float:
    """Seconds until the first prompt; then types ``answers`` and waits for the exit."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    seen = b""
    while b" > " not in seen:
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            raise SystemExit(f"the chat ended before its first prompt: {seen!r}")
        seen += chunk
    elapsed = time.perf_counter() - started
    process.communicate(answers, timeout=60)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env |= {
            "DATABASE_URL": f"sqlite+aiosqlite:///{directory}/coach.db",
            "PYTHONPYCACHEPREFIX": f"{directory}/pycache",
        }
        chat = ["-m", "bot", "chat", "--user", "returning"]
        commands = {
            "uv run": ["uv", "run", "python", *chat],
            "venv python": [sys.executable, *chat],
        }
        launch(commands["venv python"], env, b"1\nq\n")  # creates the person, picks English
        for name, argv in commands.items():
            launch(argv, env)  # writes the .pyc files
            times = [launch(argv, env) for _ in range(args.runs)]
            median = statistics.median(times)
            verdict = "met" if median <= GOAL else "missed"
            runs = " ".join(f"{t:.3f}" for t in times)
            print(f"{name:12} median {median:.3f} s (goal <= {GOAL} s: {verdict})  runs {runs}")


if __name__ == "__main__":
    main()
