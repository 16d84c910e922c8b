"""An initiative's settings, on its row (storage/records.py InitiativeDefaults names them)."""

from __future__ import annotations

from dataclasses import fields

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Initiative
from storage.records import InitiativeDefaults, InitiativeRecord
from storage.repository import initiative_record

SETTINGS = frozenset(field.name for field in fields(InitiativeDefaults))


async def change(
    session: AsyncSession, *, initiative_id: int, **values: str | int
) -> InitiativeRecord:
    """Sets these settings (already checked: usecases/settings.py); the initiative as it is
    now."""
    assert set(values) <= SETTINGS, values
    row = await session.get_one(Initiative, initiative_id, populate_existing=True)
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    await session.flush()
    return initiative_record(row)
