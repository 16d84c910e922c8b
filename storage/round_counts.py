"""A closed round's counts (flows.group.Tally per module), stored once at closing; read back
for every figure of the round. A round closed before they were stored is counted from its
answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import cast

from sqlalchemy import Table, insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.group import Response, Tally, tallies
from flows.model import ModuleId
from storage.models import RoundAnswer, RoundCount

ANSWER, PLACED, RESPONDENTS, SIDE = "answer", "placed", "respondents", "p:"


async def store(
    session: AsyncSession,
    *,
    round_id: int,
    modules: Sequence[ModuleId],
    responses: Sequence[Response],
    sides: Mapping[int, str | None] | None = None,
) -> None:
    """The round's counts; with ``sides`` (respondent -> perspective), each perspective's
    answers per item and value too (kind ``p:<perspective>``)."""
    rows = [
        {
            "round_id": round_id,
            "module": str(t.module),
            "kind": kind,
            "key": key,
            "value": v,
            "n": n,
        }
        for t in tallies(modules, responses)
        for kind, key, v, n in _rows(t)
    ]
    by_side: Counter[tuple[str, str, str, int]] = Counter()
    for r in responses:
        said = (sides or {}).get(r.respondent)
        if said is not None:
            by_side[(str(r.module), SIDE + said, r.item_id, r.value)] += 1
    rows += [
        {"round_id": round_id, "module": m, "kind": kind, "key": key, "value": value, "n": n}
        for (m, kind, key, value), n in by_side.items()
    ]
    if rows:
        await (await session.connection()).execute(insert(_TABLE), rows)


def _rows(t: Tally) -> list[tuple[str, str, int, int]]:
    rows = [(RESPONDENTS, "", 0, t.respondents)]
    rows += [(ANSWER, item, v, n) for item, counts in t.counts.items() for v, n in counts.items()]
    rows += [(PLACED, phase, 0, n) for phase, n in t.placed.items()]
    return rows


async def tallies_of(
    session: AsyncSession, *, round_id: int, modules: Sequence[ModuleId]
) -> tuple[Tally, ...]:
    """The counts of each of the round's modules (that the content still knows)."""
    known = [m for m in modules if m in set(ModuleId)]
    found = await session.exec(
        select(RoundCount).where(
            RoundCount.round_id == round_id, ~col(RoundCount.kind).startswith(SIDE)
        )
    )
    rows = found.all()
    if not rows:
        return await _counted(session, round_id, known)
    respondents: dict[str, int] = {}
    counts: dict[str, dict[str, dict[int, int]]] = {}
    placed: dict[str, dict[str, int]] = {}
    for row in rows:
        if row.kind == RESPONDENTS:
            respondents[row.module] = row.n
        elif row.kind == ANSWER:
            counts.setdefault(row.module, {}).setdefault(row.key, {})[row.value] = row.n
        elif row.kind == PLACED:
            placed.setdefault(row.module, {})[row.key] = row.n
    return tuple(
        Tally(m, respondents.get(m, 0), counts.get(m, {}), placed.get(m, {})) for m in known
    )


async def sides_of(
    session: AsyncSession, *, round_id: int
) -> dict[tuple[str, str], dict[str, dict[int, int]]]:
    """Each perspective's answers: (module, item) -> perspective -> value -> count; empty for
    a round closed before perspectives were stored, or where nobody gave one."""
    found = await session.exec(
        select(RoundCount).where(
            RoundCount.round_id == round_id, col(RoundCount.kind).startswith(SIDE)
        )
    )
    sides: dict[tuple[str, str], dict[str, dict[int, int]]] = {}
    for row in found:
        side = sides.setdefault((row.module, row.key), {}).setdefault(row.kind[len(SIDE) :], {})
        side[row.value] = row.n
    return sides


async def _counted(
    session: AsyncSession, round_id: int, modules: Sequence[ModuleId]
) -> tuple[Tally, ...]:
    found = await session.exec(select(RoundAnswer).where(RoundAnswer.round_id == round_id))
    wanted = {str(m) for m in modules}
    responses = [
        Response(a.respondent, ModuleId(a.module), a.item_id, a.value)
        for a in found
        if a.module in wanted
    ]
    return tallies(modules, responses)


_TABLE = cast(Table, RoundCount.__table__)  # type: ignore[attr-defined]
