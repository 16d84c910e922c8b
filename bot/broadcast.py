"""What the bot sends on its own (round news, reminders, results), one worker at a time.

A loop claims, a few times a second, the calls that will leave within the next fraction of a
second (bot/pacing.py), and each leaves at its turn: a worker killed in the middle of a
broadcast leaves only those few claimed, and whoever takes up after it counts them as unknown,
never sends them again. A 429 puts its call back at its ``retry_after``, claimed by no one, and
holds the broadcast as long. On PostgreSQL only the worker holding the sending turn
(storage/sending_turn.py) sends these; every worker still sends the replies to its updates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.pacing import SENDS
from bot.settling import Fates
from storage import due
from storage.calls import Call
from storage.sending_turn import SendingTurn
from usecases.clock import Clock

if TYPE_CHECKING:
    from bot.sender import Sender

log = logging.getLogger(__name__)

AHEAD = 0.3
"""Seconds of sends claimed at a time: what a kill may lose."""
TICK = 0.2
IDLE = 5.0
"""How often a worker without work, or without the turn, looks again when nothing wakes it."""
STOP_WAIT = 10.0


class Broadcast:
    def __init__(self, sender: Sender, turn: SendingTurn) -> None:
        self.sender, self.turn = sender, turn
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._batches: set[asyncio.Task[None]] = set()
        self._in_hand = 0
        """Calls claimed and not made yet."""

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="broadcast")

    async def stop(self) -> None:
        """Sends nothing more: calls claimed and not yet made are given back, those under way
        are waited for."""
        self._stopping.set()
        self._wake.set()
        await finish(self._task)  # not cancelled: it may be claiming, and hands on the calls
        if self._batches:
            await asyncio.wait(self._batches, timeout=STOP_WAIT)
        await self.turn.release()

    async def _run(self) -> None:
        sender = self.sender
        while not self._stopping.is_set():
            self._wake.clear()
            if not await self.turn.held():
                await self._pause(IDLE)
                continue
            room = sender.pacing.room(AHEAD, self._in_hand)
            if room == 0:
                await self._pause(max(TICK, sender.pacing.held_for() - AHEAD))
                continue
            claimed, next_at = await self._claim(room)
            if claimed:
                self._in_hand += len(claimed)
                batch = asyncio.create_task(self._send(claimed), name="broadcast batch")
                self._batches.add(batch)
                batch.add_done_callback(self._batches.discard)
                await self._pause(TICK)
                continue
            now = sender.clock.now()
            pause = IDLE if next_at is None else (next_at - now).total_seconds()
            await self._pause(min(max(pause, 0.0), IDLE))

    async def _claim(self, room: int) -> tuple[list[Call], datetime | None]:
        sender, fates = self.sender, Fates()
        try:
            async with sender.database.begin() as session:
                fates = sender.settling.take()
                await sender.settling.write(session, fates)
                now = sender.clock.now()
                claimed = await due.claim_due(
                    session, now=now, until=sender.claim_until(), limit=room, own=True
                )
                next_at = None if claimed else await due.next_due(session, own=True)
        except (SQLAlchemyError, OSError) as error:
            log.warning("cannot read what the bot sends on its own: %s", error)
            sender.settling.restore(fates)
            return [], None
        return claimed, next_at

    async def _send(self, claimed: Sequence[Call]) -> None:
        """Each call at its turn (a send: others, a command menu, wait for none)."""
        clock, pacing, made = self.sender.clock, self.sender.pacing, []
        for position, call in enumerate(claimed):
            while call.method in SENDS and not self._stopping.is_set() and not pacing.holding():
                wait = pacing.own_turn()
                if wait == 0:
                    break
                await rest(clock, self._stopping, wait)
            if self._stopping.is_set() or pacing.holding():
                untried = [later.id for later in claimed[position:]]
                self._in_hand -= len(untried)
                self.sender.record(claimed, [], untried)  # given back
                break
            self._in_hand -= 1
            made.append(asyncio.ensure_future(self._make(call)))
        await asyncio.gather(*made)
        if not self._in_hand:  # the broadcast is over, or waits: no tick will store them
            self.sender.settling.write_soon()

    async def _make(self, call: Call) -> None:
        """Makes the call; what became of it is stored with the loop's next transaction."""
        self.sender.record([call], [await self.sender.make(call, own=True)], [], soon=False)

    async def _pause(self, seconds: float) -> None:
        await rest(self.sender.clock, self._wake, seconds)


async def finish(task: asyncio.Task[None] | None) -> None:
    """Waits for a loop told to stop; cancels it if it does not within STOP_WAIT."""
    if task is None:
        return
    try:
        await asyncio.wait_for(asyncio.shield(task), STOP_WAIT)
    except TimeoutError:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def rest(clock: Clock, event: asyncio.Event, seconds: float) -> None:
    """Sleeps ``seconds`` on the clock, or until ``event`` is set."""
    waking = asyncio.ensure_future(event.wait())
    sleeping = asyncio.ensure_future(clock.sleep(seconds))
    try:
        await asyncio.wait((waking, sleeping), return_when=asyncio.FIRST_COMPLETED)
    finally:
        waking.cancel()
        sleeping.cancel()
