"""Which Telegram updates were handled: a redelivered one takes effect once."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import insert_for
from storage.models import ProcessedUpdate, utc_now
from storage.prepared import run


async def record_update(session: AsyncSession, *, update_id: int) -> bool:
    """Records a Telegram update as handled; False when it already was.

    Called last in the update's transaction. With several workers, the second record of one
    update waits for the first transaction and then fails, so an update takes effect once.
    """
    values = {"update_id": update_id, "processed_at": utc_now()}
    statement = _record_statement(session.get_bind().dialect.name)
    result = await session.run_sync(lambda sync: run(sync.connection(), statement, values))
    return bool(result.rowcount == 1)


async def forget_updates(session: AsyncSession, *, before: datetime) -> int:
    """Drops the records of updates handled before ``before``: Telegram redelivers none so old."""
    result = await session.exec(
        delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < before)
    )
    return int(cast(CursorResult[Any], result).rowcount)


@cache
def _record_statement(dialect: str) -> Any:
    table = cast(Table, ProcessedUpdate.__table__)  # type: ignore[attr-defined]
    return insert_for(dialect)(table).on_conflict_do_nothing()
