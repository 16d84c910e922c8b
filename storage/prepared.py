"""The statements of every tap, run on SQLite's own cursor: SQLAlchemy's SQL and types, without
its execution machinery.

SQLAlchemy spends about 60 µs on a statement that SQLite runs in 5 to 10 (its cache key, its
execution context, its result objects), and a tap runs a dozen. ``run`` compiles a Core
statement once per dialect and set of parameter names, with SQLAlchemy's compiler, and runs it
on the sqlite3 connection of the caller's transaction (storage/sqlite.py), converting the
parameters and the rows with the columns' types as SQLAlchemy would; a driver's error becomes
SQLAlchemy's. Elsewhere (PostgreSQL), and whenever a listener watches the engine's statements,
it is ``connection.execute``. Either way the caller reads the same result: rows with named
columns, ``one_or_none``, ``scalar``, ``scalars``, ``rowcount``.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, exc
from sqlalchemy.sql import Executable

from storage.sqlite import LoopThreadConnection

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None


class Result(Protocol):
    """What callers read of a result: SQLAlchemy's CursorResult has it too."""

    @property
    def rowcount(self) -> int: ...

    def __iter__(self) -> Iterator[Any]: ...
    def all(self) -> Sequence[Any]: ...
    def one(self) -> Any: ...
    def one_or_none(self) -> Any: ...
    def first(self) -> Any: ...
    def scalar(self) -> Any: ...
    def scalars(self) -> Any: ...


def run(connection: Connection, statement: Executable, params: Params = None) -> Result:
    """Runs ``statement`` in the connection's transaction (``params``: one set, or a list for
    several rows)."""
    driver = connection.connection.driver_connection
    if isinstance(driver, LoopThreadConnection) and not _watched(connection):
        sets = [params or {}] if params is None or isinstance(params, Mapping) else params
        plan = _plan(connection, statement, frozenset(sets[0]) if sets else frozenset())
        if plan is not None:
            return plan.run(driver.sqlite3_connection, sets, not isinstance(params, Mapping))
    return connection.execute(statement, params)


class _Rows:
    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows, self.rowcount = rows, rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        return self._rows

    def one(self) -> Any:
        if len(self._rows) != 1:
            raise exc.NoResultFound if not self._rows else exc.MultipleResultsFound
        return self._rows[0]

    def one_or_none(self) -> Any:
        if len(self._rows) > 1:
            raise exc.MultipleResultsFound
        return self._rows[0] if self._rows else None

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalars(self) -> list[Any]:
        return [row[0] for row in self._rows]


Processor = Callable[[Any], Any] | None
_MISSING = object()


class _Plan:
    """A statement compiled for SQLite: its SQL, its parameters in order with their defaults
    and converters, its columns' converters and a row type."""

    def __init__(self, compiled: Any, dialect: Any, columns: Sequence[Any]) -> None:
        self.sql: str = compiled.string
        binds = [(name, compiled.binds[name]) for name in compiled.positiontup]
        self.binds = [
            (name, _default(bind), _bind_processor(bind, dialect)) for name, bind in binds
        ]
        self.results = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]
        names = [getattr(column, "key", None) or f"column_{n}" for n, column in enumerate(columns)]
        self.row: Any = namedtuple("Row", names, rename=True)  # type: ignore[misc]
        self.convert = any(self.results)

    def values(self, params: Mapping[str, Any]) -> list[Any]:
        values = []
        for name, default, processor in self.binds:
            value = params.get(name, default)
            if value is _MISSING:
                missing = exc.InvalidRequestError(f"A value is required for parameter {name!r}")
                raise exc.StatementError(str(missing), self.sql, params, missing)
            values.append(value if processor is None or value is None else processor(value))
        return values

    def run(self, db: sqlite3.Connection, sets: Sequence[Mapping[str, Any]], many: bool) -> _Rows:
        try:
            if many and not self.results:
                cursor = db.executemany(self.sql, [self.values(params) for params in sets])
                return _Rows([], cursor.rowcount)
            rows, count = [], 0
            for params in sets:
                cursor = db.execute(self.sql, self.values(params))
                rows.extend(cursor.fetchall())
                count += cursor.rowcount
        except sqlite3.Error as error:
            raise exc.DBAPIError.instance(self.sql, sets, error, sqlite3.Error) from error
        if self.convert:
            rows = [
                tuple(
                    v if p is None or v is None else p(v)
                    for v, p in zip(row, self.results, strict=True)
                )
                for row in rows
            ]
        make = self.row._make
        return _Rows([make(row) for row in rows], count)


_PLANS: dict[tuple[Executable, frozenset[str]], _Plan | None] = {}
_MOST_PLANS = 1000
"""Statements are built once (module constants); a caller building them anew each time would
compile each time, and is kept from filling memory."""


def _plan(connection: Connection, statement: Executable, keys: frozenset[str]) -> _Plan | None:
    found = _PLANS.get((statement, keys), _MISSING)
    if found is _MISSING:
        if len(_PLANS) >= _MOST_PLANS:
            _PLANS.clear()
        found = _PLANS[(statement, keys)] = _compile(connection.dialect, statement, keys)
    return found  # type: ignore[return-value]


def _compile(dialect: Any, statement: Any, keys: frozenset[str]) -> _Plan | None:
    """None for what only SQLAlchemy can run: lists expanded into the SQL, defaults computed in
    Python, a statement whose columns it cannot name."""
    compiled = statement.compile(dialect=dialect, column_keys=sorted(keys))
    if (
        not compiled.positional
        or compiled.post_compile_params
        or compiled.literal_execute_params
        or compiled.insert_prefetch
        or compiled.update_prefetch
        or any(bind.callable is not None for bind in compiled.binds.values())
    ):
        return None
    columns = list(getattr(statement, "exported_columns", ()))
    if len(columns) != len(compiled._result_columns):
        return None
    return _Plan(compiled, dialect, columns)


def _default(bind: Any) -> Any:
    return _MISSING if bind.required else bind.effective_value


def _bind_processor(bind: Any, dialect: Any) -> Processor:
    return bind.type.dialect_impl(dialect).bind_processor(dialect)  # type: ignore[no-any-return]


def _watched(connection: Connection) -> bool:
    """Whether listeners watch its statements (tests, instrumentation): SQLAlchemy runs them."""
    return bool(connection._has_events or connection.engine._has_events)
