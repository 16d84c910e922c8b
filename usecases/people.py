"""A person's own settings."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.i18n import LANGUAGES
from storage import repository as repo


async def set_language(session: AsyncSession, person_id: int, language: str) -> bool:
    """Stores a language the coach speaks; False (nothing changed) for any other."""
    if language not in LANGUAGES:
        return False
    await repo.set_locale(session, person_id=person_id, locale=language)
    return True


async def set_blocked(session: AsyncSession, telegram_id: int, blocked: bool) -> None:
    """The person blocked the bot (nothing but tap answers is sent to them), or came back."""
    await repo.set_blocked(session, telegram_id=telegram_id, blocked=blocked)
