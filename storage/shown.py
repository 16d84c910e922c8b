"""What the bot's messages show, read from the calls that made them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import CallStatus, TelegramCall


async def showing(session: AsyncSession, *, screen: str) -> list[tuple[int, int]]:
    """The (chat, message) pairs sent or edited to show ``screen`` and not changed since."""
    rows = await session.exec(
        select(TelegramCall.chat_id, TelegramCall.message_id, TelegramCall.screen)
        .where(
            col(TelegramCall.message_id).in_(
                select(TelegramCall.message_id).where(TelegramCall.screen == screen)
            ),
            col(TelegramCall.status).in_([CallStatus.SENT, CallStatus.PENDING]),
            col(TelegramCall.message_id).is_not(None),
        )
        .order_by(col(TelegramCall.id))
    )
    latest: dict[tuple[int, int], str | None] = {}
    for chat_id, message_id, shown in rows:
        assert message_id is not None
        latest[chat_id, message_id] = shown
    return [key for key, shown in latest.items() if shown == screen]


async def tapped_before(session: AsyncSession, *, origin: str, since: datetime) -> bool:
    """Whether the same tap on the same message asked for calls since ``since``."""
    found = await session.exec(
        select(TelegramCall.id)
        .where(TelegramCall.origin == origin, col(TelegramCall.created_at) >= since)
        .limit(1)
    )
    return found.first() is not None
