"""A chart drawing that kills its worker process, in a module that imports nothing heavy: the
worker unpickles it by name, and starts fast."""

import os
import signal


def killed(modules: object, language: str) -> list[bytes]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []
