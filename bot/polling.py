"""Long polling that confirms an update only once it is handled, and never lets a slow update
(a chart being drawn) hold back the others.

A batch is handled concurrently and the next ``getUpdates`` waits for it, as aiogram does, but
not for a slow update nor for the updates of its person queued behind it (event isolation).
While those run, the next ``getUpdates`` confirms only what comes before the oldest of them:
Telegram hands it out again at once, so the loop asks again every ``REPOLL`` seconds and a tap
waits no longer than that. A crash re-fetches whatever was not finished. When the database or
Telegram is unreachable, the first update that could not be handled and everything after it
stay unconfirmed and are fed again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.chart_requests import is_chart_request
from bot.middlewares import HandleLater

log = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)
REPOLL = 0.02
"""How long a new update may wait while an older one is still running."""


async def poll(
    dispatcher: Dispatcher,
    bot: Bot,
    timeout: int = 30,
    slow: Callable[[Update], bool] = is_chart_request,
    backoff: BackoffConfig = BACKOFF,
) -> None:
    allowed = dispatcher.resolve_used_update_types()
    await bot.delete_webhook(drop_pending_updates=False)
    await dispatcher.emit_startup(bot=bot)
    polling = _Polling(dispatcher, bot, slow, backoff)
    try:
        await polling.run(timeout, allowed)
    finally:
        await polling.cancel()
        await dispatcher.emit_shutdown(bot=bot)


@dataclass(frozen=True, slots=True)
class _Fed:
    task: asyncio.Task[Any]
    sender: int | None
    slow: bool


class _Polling:
    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        slow: Callable[[Update], bool],
        backoff: BackoffConfig,
    ) -> None:
        self.dispatcher, self.bot, self.is_slow = dispatcher, bot, slow
        self.backoff = Backoff(backoff)
        self.offset: int | None = None
        self.fed: dict[int, _Fed] = {}
        """Updates fetched and not confirmed yet, by id."""

    async def run(self, timeout: int, allowed: list[str]) -> None:
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=self.offset,
                    timeout=0 if self.fed else timeout,
                    allowed_updates=allowed,
                    request_timeout=timeout + 10,
                )
            except Exception as error:  # network, flood control, Telegram restarting
                log.warning("getUpdates failed: %s", error)
                await self.backoff.asleep()
                continue
            self.backoff.reset()
            for update in updates:
                if update.update_id not in self.fed:
                    self._start(update)
            if batch := self._batch():
                await asyncio.wait(batch)
            if running := [fed.task for fed in self.fed.values() if not fed.task.done()]:
                await asyncio.wait(running, timeout=REPOLL, return_when=asyncio.FIRST_COMPLETED)
            if self._advance():
                await self.backoff.asleep()

    def _start(self, update: Update) -> None:
        user = getattr(update.event, "from_user", None)
        task = asyncio.create_task(self.dispatcher.feed_update(self.bot, update))
        self.fed[update.update_id] = _Fed(task, user and user.id, self.is_slow(update))

    def _batch(self) -> list[asyncio.Task[Any]]:
        """The running updates the next poll waits for: not the slow ones, nor the ones their
        people sent after them."""
        running = [fed for fed in self.fed.values() if not fed.task.done()]
        behind = {fed.sender for fed in running if fed.slow}
        return [
            fed.task
            for fed in running
            if not fed.slow and (fed.sender is None or fed.sender not in behind)
        ]

    def _advance(self) -> bool:
        """Moves the offset past the finished updates before the oldest unfinished one; True
        when one had to be left for later (it and the ones after it are fed again)."""
        for update_id in sorted(self.fed):
            task = self.fed[update_id].task
            if not task.done():
                return False
            outcome = task.exception() if not task.cancelled() else None
            if isinstance(outcome, HandleLater):
                self.offset = update_id
                for later in [other for other in self.fed if other >= update_id]:
                    if self.fed[later].task.done():
                        del self.fed[later]
                return True
            if outcome is not None:
                log.error("update %s failed", update_id, exc_info=outcome)
            del self.fed[update_id]
            self.offset = update_id + 1
        return False

    async def cancel(self) -> None:
        tasks = [fed.task for fed in self.fed.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
