"""A tap on "Charts" has its charts drawn before the update's transaction, holding no write
lock while the worker draws (bot/chart_worker.py); the handler, in the transaction, checks the
dashboard again and stores the images with its other calls (bot/handlers/dashboard.py).
A forged button draws nothing: the drawing reads the dashboard through its use case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, TelegramObject, Update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chart_worker import ChartWorker
from bot.keyboards_dashboard import ChartsData
from bot.middlewares import Handler
from flows.i18n import pick_language
from storage import repository as repo
from usecases.clock import Clock
from usecases.dashboard import view
from usecases.rounds import Refused


@dataclass(frozen=True, slots=True)
class Drawn:
    initiative: int
    round_id: int
    language: str
    images: list[bytes] | None
    """None: the worker died or hung."""


def is_chart_request(update: Update) -> bool:
    query = update.callback_query
    return query is not None and (query.data or "").startswith(f"{ChartsData.__prefix__}:")


class DrawCharts(BaseMiddleware):
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], worker: ChartWorker, clock: Clock
    ) -> None:
        self.sessions, self.worker, self.clock = sessions, worker, clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        if is_chart_request(event):
            assert event.callback_query is not None
            data["drawn"] = await self._drawn(event.callback_query)
        return await handler(event, data)

    async def _drawn(self, query: CallbackQuery) -> Drawn | None:
        try:
            asked = ChartsData.unpack(query.data or "")
        except (TypeError, ValueError):
            return None
        async with self.sessions() as session:
            person = await repo.person_of_telegram(session, telegram_id=query.from_user.id)
            if person is None:
                return None
            shown = await view(session, person.id, asked.initiative, self.clock.now())
        if isinstance(shown, Refused) or shown.summary is None or shown.followed.latest is None:
            return None
        language = person.locale or pick_language(query.from_user.language_code)
        images = await self.worker.draw(shown.summary.modules, language)
        return Drawn(asked.initiative, shown.followed.latest.id, language, images)
