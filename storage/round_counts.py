"""A closed round's counts (flows.group.Tally per module), stored once at closing; read back
for every figure of the round. A round closed before they were stored is counted from its
answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, insert
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.group import Response, Tally, tallies
from flows.model import ModuleId
from storage.models import RoundAnswer, RoundCount

ANSWER, PLACED, RESPONDENTS = "answer", "placed", "respondents"


async def store(
    session: AsyncSession,
    *,
    round_id: int,
    modules: Sequence[ModuleId],
    responses: Sequence[Response],
) -> None:
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
    found = await session.exec(select(RoundCount).where(RoundCount.round_id == round_id))
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
        else:
            placed.setdefault(row.module, {})[row.key] = row.n
    return tuple(
        Tally(m, respondents.get(m, 0), counts.get(m, {}), placed.get(m, {})) for m in known
    )


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
