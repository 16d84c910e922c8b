"""The Telegram group each initiative posts its round news in (``group_link``): linking one,
following it when Telegram moves it, unlinking it. Every function works inside the caller's
transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import dialect_insert
from storage.models import GroupLink


def new_join_code() -> str:
    """88 random bits in hexadecimal: no ``_``, so a start payload can add a suffix after it."""
    return secrets.token_hex(11)


@dataclass(frozen=True, slots=True)
class GroupRecord:
    initiative_id: int
    chat_id: int
    thread_id: int | None
    """The forum topic it posts in; None: the General topic, or not a forum."""
    join_code: str


async def of_chat(session: AsyncSession, *, chat_id: int) -> GroupRecord | None:
    return await _one(session, col(GroupLink.chat_id) == chat_id)


async def of_initiative(session: AsyncSession, *, initiative_id: int) -> GroupRecord | None:
    return await _one(session, col(GroupLink.initiative_id) == initiative_id)


async def of_code(session: AsyncSession, *, code: str) -> GroupRecord | None:
    return await _one(session, col(GroupLink.join_code) == code)


async def add(
    session: AsyncSession,
    *,
    initiative_id: int,
    chat_id: int,
    thread_id: int | None,
    linked_by: int,
    now: datetime,
) -> GroupRecord | None:
    """Links the group, with a new join code; None when the initiative or the group already has
    a link (another worker's, a moment ago)."""
    row = {
        "initiative_id": initiative_id,
        "chat_id": chat_id,
        "thread_id": thread_id,
        "join_code": new_join_code(),
        "linked_by": linked_by,
        "linked_at": now,
    }
    inserted = await session.exec(
        dialect_insert(session, GroupLink)
        .values(row)
        .on_conflict_do_nothing()
        .returning(col(GroupLink.initiative_id))
    )
    return None if inserted.first() is None else await of_chat(session, chat_id=chat_id)


async def remove(session: AsyncSession, *, chat_id: int) -> int | None:
    """Unlinks the group; the initiative it posted for, or None when it was not linked. Its join
    code stops working."""
    found = await of_chat(session, chat_id=chat_id)
    if found is not None:
        await session.exec(delete(GroupLink).where(col(GroupLink.chat_id) == chat_id))
    return None if found is None else found.initiative_id


async def replace_code(session: AsyncSession, *, chat_id: int) -> str:
    """A new join code for the group's posts; the old one stops working."""
    code = new_join_code()
    await session.exec(
        update(GroupLink).where(col(GroupLink.chat_id) == chat_id).values(join_code=code)
    )
    return code


async def moved(session: AsyncSession, *, old: int, new: int) -> None:
    """The group became a supergroup with a new id (no topics yet: it posts in General)."""
    if old != new and await of_chat(session, chat_id=new) is None:
        await session.exec(
            update(GroupLink)
            .where(col(GroupLink.chat_id) == old)
            .values(chat_id=new, thread_id=None)
        )


async def to_general(session: AsyncSession, *, chat_id: int) -> None:
    """The forum topic it posted in is gone: it posts in the General topic."""
    await session.exec(
        update(GroupLink).where(col(GroupLink.chat_id) == chat_id).values(thread_id=None)
    )


async def _one(session: AsyncSession, where: ColumnElement[bool]) -> GroupRecord | None:
    found = await session.exec(
        select(
            GroupLink.initiative_id, GroupLink.chat_id, GroupLink.thread_id, GroupLink.join_code
        ).where(where)
    )
    row = found.one_or_none()
    return None if row is None else GroupRecord(*row)
