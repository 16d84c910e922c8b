"""The terminal's two ends: whole lines read without blocking the loop, paragraphs wrapped.

Standard input is read when the event loop reports it readable (a TTY or a pipe), so a read is
cancelled at once by Ctrl-C. A regular file is always readable and is read directly; a stream
without a file descriptor (tests give ``io.BytesIO``) is read directly too.
"""

from __future__ import annotations

import asyncio
import os
import re
import textwrap
from collections.abc import Callable
from typing import BinaryIO, TextIO

from flows.text import clean_text

LINE_LIMIT = 8192
"""Bytes in one line: enough for the longest comment (2,000 characters of up to 4 bytes)."""
CHUNK = 65536
LIST_MARKER = re.compile(r"\s*(?:(?:\d+|[a-z])\.\s|[•*-]\s)?\s*")
"""The indentation and list marker a wrapped line's continuation is aligned after."""
KEY_SEPARATOR = " · "
KEY = re.compile(r"\S+\s?:\s")
"""A key and its label, as in ``q: quit`` (or ``q : quitter``, with a narrow no-break space)."""
GLUE = "\x00"
"""Holds a key's words together while a line is wrapped (typed text has no control left)."""


class EndOfInput(Exception):
    """Standard input is closed: everything is already saved."""


class LineTooLong(Exception):
    """A line over LINE_LIMIT bytes was read to its end and dropped whole."""


class LineReader:
    """Whole lines of bytes; a line too long is discarded as it comes, never kept in memory."""

    def __init__(self, stdin: BinaryIO) -> None:
        self.stdin = stdin
        self.buffer = bytearray()
        self.ended = False
        self.dropping = False
        """Inside a line too long: what comes until its line break is dropped."""
        try:
            self.fd: int | None = stdin.fileno()
        except (OSError, ValueError):  # io.BytesIO and other in-memory streams
            self.fd = None
        self.pollable = self.fd is not None

    async def readline(self) -> bytes | None:
        """The next line without its line break; None at the end of input."""
        while True:
            end = self.buffer.find(b"\n")
            if end < 0 and not self.ended:
                if len(self.buffer) > LINE_LIMIT:
                    self.buffer.clear()
                    self.dropping = True
                chunk = await self._read()
                self.ended = not chunk
                self.buffer += chunk
                continue
            if end < 0:  # the last line, which may have no line break
                if not self.buffer and not self.dropping:
                    return None
                end = len(self.buffer)
            line = bytes(self.buffer[:end])
            del self.buffer[: end + 1]
            dropped, self.dropping = self.dropping, False
            if dropped or len(line) > LINE_LIMIT:
                raise LineTooLong
            return line

    async def _read(self) -> bytes:
        if self.fd is None:
            await asyncio.sleep(0)
            return self.stdin.read(CHUNK)
        while True:
            if self.pollable:
                try:
                    await self._readable(self.fd)
                except PermissionError:  # a regular file: always readable, never blocks
                    self.pollable = False
                except NotImplementedError:  # an event loop without readers (Windows)
                    return await asyncio.to_thread(os.read, self.fd, CHUNK)
            try:
                return os.read(self.fd, CHUNK)
            except BlockingIOError:  # a non-blocking descriptor woken for nothing: wait again
                continue

    @staticmethod
    async def _readable(fd: int) -> None:
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        loop.add_reader(fd, _settle, readable)
        try:
            await readable
        finally:
            loop.remove_reader(fd)


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class Console:
    """Paragraphs out, cleaned lines in; ``columns`` gives the width to wrap to, if any."""

    def __init__(
        self,
        stdin: BinaryIO,
        stdout: TextIO,
        echo: bool,
        columns: Callable[[], int] | None = None,
    ) -> None:
        self.reader = LineReader(stdin)
        self.stdout, self.echo, self.columns = stdout, echo, columns

    def say(self, *paragraphs: str) -> None:
        self.stdout.write("\n\n".join(self._wrap(p) for p in paragraphs) + "\n\n")
        self.stdout.flush()

    def newline(self) -> None:
        """Ends a line left open by a prompt (before a goodbye after Ctrl-C)."""
        self.stdout.write("\n")
        self.stdout.flush()

    async def ask(self, prompt: str) -> str:
        """The line typed, cleaned; raises EndOfInput, or LineTooLong (nothing of it is kept)."""
        self.stdout.write(self._wrap(prompt + " >") + " ")
        self.stdout.flush()
        try:
            raw = await self.reader.readline()
        except LineTooLong:
            if self.echo:
                self.stdout.write("\n")
            raise
        if raw is None:
            self.stdout.write("\n")
            raise EndOfInput
        line = clean_text(raw.decode("utf-8", errors="replace"))
        if self.echo:
            self.stdout.write(line + "\n")
        return line

    def _wrap(self, text: str) -> str:
        if self.columns is None:
            return text
        return wrap(text, max(20, self.columns() - 1))


def wrap(text: str, width: int) -> str:
    """Each line fitted to ``width`` between words, its continuation aligned after its marker.

    In a line of keys (``a: summary · q: quit``) each key stays whole with its label.
    """
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        marker = LIST_MARKER.match(line)
        indent = " " * (marker.end() if marker else 0)
        keys = line.split(KEY_SEPARATOR)
        if len(keys) > 1 and all(KEY.match(key) for key in keys):
            line = KEY_SEPARATOR.replace(" ", GLUE, 1).join(
                key.replace(" ", GLUE) if len(key) < width else key for key in keys
            )
        wrapped = textwrap.fill(
            line,
            width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.append(wrapped.replace(GLUE, " "))
    return "\n".join(lines)
