"""Building the bot and its dispatcher, and running them by webhook (polling: bot/polling.py)."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.methods import AnswerCallbackQuery, EditMessageText, GetUpdates, SendMessage
from aiogram.methods.base import Response
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chart_requests import DrawCharts
from bot.chart_worker import ChartWorker
from bot.handlers import make_routers
from bot.housekeeping import Housekeeping
from bot.menus import default_menus
from bot.middlewares import (
    Deduplicate,
    Deliver,
    EndPrompts,
    Failures,
    KeepCalls,
    Transaction,
    Who,
)
from bot.round_news import RoundNews
from bot.sender import Sender
from bot.telegram_session import LeanSession
from storage.db import Transactions
from storage.records import DEFAULTS, InitiativeDefaults
from usecases.clock import Clock, SystemClock

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"

# pydantic caches generic classes weakly, so aiogram's Response[X] is rebuilt (4-7 ms) after
# garbage collections; keep the ones every update uses.
_RESPONSE_TYPES = [
    Response[method.__returning__]  # type: ignore[name-defined]
    for method in (GetUpdates, AnswerCallbackQuery, EditMessageText, SendMessage)
]


def build_bot(token: str, api_url: str) -> Bot:
    session = LeanSession(api=TelegramAPIServer.from_base(api_url))
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def build_dispatcher(
    sessions: async_sessionmaker[AsyncSession],
    bot: Bot,
    clock: Clock | None = None,
    defaults: InitiativeDefaults = DEFAULTS,
    charts: ChartWorker | None = None,
    warm_charts: bool = False,
) -> Dispatcher:
    """The dispatcher, its middlewares and routers, and the sender and housekeeping it runs;
    ``warm_charts`` starts the chart worker at startup rather than at the first chart."""
    clock = clock or SystemClock()
    owned, charts = charts is None, charts or ChartWorker()
    database = Transactions(sessions)
    sender = Sender(bot, database, clock)
    housekeeping = Housekeeping(database, clock)
    round_news = RoundNews(database, clock, sender)
    dispatcher = Dispatcher(events_isolation=SimpleEventIsolation())
    dispatcher["clock"] = clock  # handlers read the time from it, as the tests set it
    dispatcher["defaults"] = defaults  # what a new initiative starts with
    for middleware in (
        Deliver(sender),
        Failures(database, sender),
        DrawCharts(sessions, charts, clock),
        Transaction(database, sender.settling),
        Deduplicate(),
        KeepCalls(sender),
        Who(),
    ):
        dispatcher.update.outer_middleware(middleware)
    dispatcher.message.outer_middleware(EndPrompts())
    dispatcher.include_routers(*make_routers())

    warming: list[asyncio.Task[bool]] = []

    async def on_startup() -> None:
        sender.start()
        housekeeping.start()
        round_news.start()
        if warm_charts:
            warming.append(asyncio.create_task(charts.warm(), name="charts"))

    async def on_shutdown() -> None:
        await round_news.stop()
        await housekeeping.stop()
        await sender.stop()
        await asyncio.gather(*warming, return_exceptions=True)
        if owned:
            charts.close()

    dispatcher.startup.register(on_startup)
    dispatcher.shutdown.register(on_shutdown)
    return dispatcher


async def register_commands(bot: Bot) -> None:
    """Everyone's command menu (bot/menus.py), in each language."""
    for menu in default_menus():
        await bot(menu)


def webhook_app(
    dispatcher: Dispatcher, bot: Bot, secret: str | None, webhook_url: str | None
) -> web.Application:
    """Answers Telegram only after the update is handled and committed (or failed: re-sent)."""
    app = web.Application()
    handler = SimpleRequestHandler(
        dispatcher, bot, handle_in_background=False, secret_token=secret
    )
    handler.register(app, path=WEBHOOK_PATH)
    setup_application(app, dispatcher, bot=bot)

    async def on_startup(_: web.Application) -> None:
        await register_commands(bot)
        if webhook_url:
            await bot.set_webhook(
                webhook_url,
                secret_token=secret,
                allowed_updates=dispatcher.resolve_used_update_types(),
            )

    async def on_cleanup(_: web.Application) -> None:
        await bot.session.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app
