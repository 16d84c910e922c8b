"""A closed round's results for every respondent, in their language: queued once, in the
transaction that marks the round announced, and sent by the sender like anything the bot sends
on its own (bot/broadcast.py), tagged with their round (storage/round_calls.py).

A round closed with /close is announced by that update; one whose deadline passed, by the
background loop here, within a minute.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import group_posts
from bot.keyboards_rounds import answer_now
from bot.letters import Letters
from bot.outbox import Outbox
from bot.render import HTML, MODULE_LABELS
from bot.render_rounds import reminder, results
from bot.sender import Sender
from bot.views import text
from flows.i18n import translator
from flows.model import ModuleId
from storage import calls
from storage.db import Transactions
from storage.round_calls import NEWS, REMINDERS, origin
from usecases import reminders, rounds
from usecases.clock import Clock

log = logging.getLogger(__name__)

EVERY = 60.0
Shown = tuple[list[str], InlineKeyboardMarkup]
"""A message's paragraphs and its keyboard."""


def remind(outbox: Outbox, waves: Iterable[reminders.Reminder]) -> None:
    """Each unfinished respondent's reminder, in their language, with a button to answer;
    written once for all who share a language and what they have left."""
    for wave in waves:
        written: dict[tuple[str, tuple[ModuleId, ...]], Shown] = {}
        for chat, language, left in wave.to:
            key = (language or "en", left)
            if key not in written:
                tr = translator(key[0])
                labels = [tr(MODULE_LABELS[m]) for m in left]
                line = reminder(tr, wave.round, wave.initiative, labels)
                written[key] = ([text(line)], answer_now(tr, wave.round, left))
            outbox.show(chat, *written[key])


async def queue(
    session: AsyncSession, outbox: Outbox, at: datetime, tag: str | None = None
) -> None:
    """Stores what the outbox holds, to leave at ``at`` on the bot's own, as ``tag``
    (storage.round_calls.origin, for a round's messages): the sender takes it from there."""
    await calls.add_calls(session, outbox.stored(), now=at, origin=tag)


def tell(outbox: Outbox, news: Iterable[rounds.News], but: int | None = None) -> None:
    """Each respondent's copy of the results, but to chat ``but`` (who already sees them)."""
    for item in news:
        written: dict[str, list[str]] = {}
        for chat, language in item.to:
            if chat != but:
                key = language or "en"
                if key not in written:
                    written[key] = results(translator(key), HTML, item.results)
                outbox.show(chat, written[key])


class RoundNews:
    def __init__(self, database: Transactions, clock: Clock, sender: Sender) -> None:
        self.database, self.clock, self.sender = database, clock, sender
        self._task: asyncio.Task[None] | None = None

    async def announce_due(self) -> int:
        """Announces the rounds whose deadline passed, and sends the reminder waves due; how
        many of both."""
        async with self.database.begin() as session:
            now = self.clock.now()
            news = await rounds.announce(session, now)
            waves = await reminders.due(session, now)
            for item in news:  # each of them may leave now: quiet hours hold them back
                told = functools.partial(tell, news=[item])
                await to_others(
                    session, Outbox(), item.leaves_at, told, NEWS, item.results.round.id
                )
                await group_posts.closed(session, self.sender.bot, item)
            for wave in waves:
                reminded = functools.partial(remind, waves=[wave])
                await to_others(
                    session, Outbox(), wave.leaves_at, reminded, REMINDERS, wave.round.id
                )
                await group_posts.reminded(session, self.sender.bot, wave)
        if news or waves:
            self.sender.wake()
        return len(news) + len(waves)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="round news")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            try:
                await self.announce_due()
            except (SQLAlchemyError, OSError) as error:
                log.warning("could not announce the results of rounds: %s", error)
            except Exception:  # the loop must outlive a bug, and say so
                log.exception("announcing the results of rounds failed")
            await self.clock.sleep(EVERY)


async def to_others(
    session: AsyncSession,
    outbox: Outbox,
    leaves_at: datetime,
    fill: Callable[[Outbox], None],
    kind: str | None = None,
    round_id: int | None = None,
) -> None:
    """What goes to other people: queued on the bot's own, to leave at ``leaves_at`` (now, or
    when quiet hours end), as the ``kind`` of messages of round ``round_id`` when it is about
    one; the sender is woken once ``outbox``'s update is committed."""
    others = Letters()
    fill(others)
    tag = None if kind is None or round_id is None else origin(round_id, kind)
    await queue(session, others, leaves_at, tag)
    outbox.queued = True
