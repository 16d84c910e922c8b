"""Claiming what the bot sends on its own, on both databases: lanes of their own beside the
replies, disjoint claims on PostgreSQL, and a round's calls kept while it is open."""

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from storage import calls, due
from storage.calls import SEND, NewCall, Outcome
from storage.models import CallStatus, TelegramCall
from storage.round_calls import REMINDERS, origin
from tests.clock import DEFAULT_START
from tests.usecases.test_reminders import council, open_round

NOW = DEFAULT_START
LATER = NOW + timedelta(seconds=15)
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""The statements are the same on both; PostgreSQL's own claims are tested below."""


def send(chat: int, text: str) -> NewCall:
    return NewCall(chat, SEND, f'{{"text": "{text}"}}')


async def queue(sessionmaker, *new: NewCall, tag: str | None = "round:1:reminders") -> None:
    async with sessionmaker.begin() as session:
        await calls.add_calls(session, new, now=NOW, origin=tag)


@SQLITE_ONLY
async def test_a_reply_never_waits_behind_what_the_bot_sends_the_chat_on_its_own(sessionmaker):
    await queue(sessionmaker, send(7, "reminder"))
    async with sessionmaker.begin() as session:
        [reply] = await calls.add_calls(
            session, [send(7, "menu")], now=NOW, update_id=1, claim_until=LATER
        )  # claimed at once: the reminder is in the chat's other lane
        [own] = await due.claim_due(session, now=NOW, until=LATER, own=True)
        assert await due.claim_due(session, now=NOW, until=LATER) == []
    assert '"menu"' in reply.params and '"reminder"' in own.params


@POSTGRES_ONLY
async def test_two_workers_claiming_at_once_take_different_calls_without_waiting(sessionmaker):
    await queue(sessionmaker, *(send(chat, "Reminder") for chat in range(1, 11)))
    async with sessionmaker.begin() as one, sessionmaker.begin() as other:
        mine = await due.claim_due(one, now=NOW, until=LATER, limit=4, own=True)
        theirs = await asyncio.wait_for(  # without SKIP LOCKED it would wait for the first
            due.claim_due(other, now=NOW, until=LATER, limit=4, own=True), timeout=5
        )
    assert len(mine) == len(theirs) == 4
    assert not {c.id for c in mine} & {c.id for c in theirs}


@SQLITE_ONLY
async def test_the_calls_of_an_open_round_are_kept_until_it_closes(sessionmaker):
    ids = await council(sessionmaker)
    opened = await open_round(sessionmaker, ids)
    await queue(sessionmaker, send(7, "reminder"), tag=origin(opened.id, REMINDERS))
    await queue(sessionmaker, send(8, "help"), tag=None)
    async with sessionmaker.begin() as session:
        claimed = await due.claim_due(session, now=NOW, until=LATER, own=True)
        await calls.settle(session, [Outcome(c.id, CallStatus.SENT, NOW) for c in claimed])
        assert await due.forget_calls(session, before=NOW + timedelta(days=3)) == 1
        [kept] = await session.exec(select(TelegramCall.origin))
    assert kept == origin(opened.id, REMINDERS)
