"""storage/calls.py on both databases: lanes, claims, supersede, settle, forget, showing."""

from datetime import timedelta

from sqlmodel import col, select

from storage import calls, due, shown
from storage.calls import EDIT, NO_LANE, SEND, NewCall, Outcome
from storage.models import CallStatus, TelegramCall
from tests.clock import DEFAULT_START

NOW = DEFAULT_START
LATER = NOW + timedelta(seconds=15)


def send(chat: int, text: str, screen: str | None = None) -> NewCall:
    return NewCall(chat, SEND, f'{{"text": "{text}"}}', digest=text, screen=screen)


def edit(chat: int, message: int, text: str, screen: str | None = None) -> NewCall:
    return NewCall(chat, EDIT, f'{{"text": "{text}"}}', message, digest=text, screen=screen)


def answer(query: str) -> NewCall:
    return NewCall(NO_LANE, "answerCallbackQuery", f'{{"callback_query_id": "{query}"}}')


async def add(sessionmaker, *new: NewCall, claim: bool = True):
    async with sessionmaker.begin() as session:
        return await calls.add_calls(
            session, new, now=NOW, update_id=1, claim_until=LATER if claim else None
        )


async def settle(sessionmaker, *outcomes: Outcome) -> None:
    async with sessionmaker.begin() as session:
        await calls.settle(session, outcomes)


async def rows(sessionmaker) -> dict[int, TelegramCall]:
    async with sessionmaker() as session:
        found = await session.exec(select(TelegramCall).order_by(col(TelegramCall.id)))
        return {row.id: row for row in found}  # in order: PostgreSQL returns updated rows last


async def claim(sessionmaker, now=NOW):
    async with sessionmaker.begin() as session:
        return await due.claim_due(session, now=now, until=now + timedelta(seconds=15))


async def test_only_the_first_call_of_a_chat_is_claimed_and_answers_wait_for_nothing(
    sessionmaker,
):
    first, second = await add(sessionmaker, send(7, "a"), answer("q1"))
    assert [first.method, second.method] == [SEND, "answerCallbackQuery"]
    later = await add(sessionmaker, send(7, "b"), send(8, "c"), answer("q2"))
    assert [(c.chat_id, c.method) for c in later] == [(8, SEND), (NO_LANE, "answerCallbackQuery")]
    assert await claim(sessionmaker) == []  # chat 7's first call is claimed: "b" waits
    await settle(sessionmaker, Outcome(first.id, CallStatus.SENT, NOW, message_id=70))
    [b] = await claim(sessionmaker)
    assert b.chat_id == 7 and '"b"' in b.params
    stored = await rows(sessionmaker)
    assert stored[first.id].message_id == 70 and stored[first.id].attempts == 1


async def test_each_call_added_in_one_statement_gets_the_id_of_its_own_row(sessionmaker):
    await add(sessionmaker, send(1, "before"))
    claimed = await add(sessionmaker, *(send(chat, f"m{chat}") for chat in range(2, 40)))
    stored = await rows(sessionmaker)
    assert len(claimed) == 38
    assert all(
        stored[c.id].params == c.params and stored[c.id].chat_id == c.chat_id for c in claimed
    )


async def test_a_retried_call_keeps_its_place_until_due_and_next_due_ignores_those_behind(
    sessionmaker,
):
    [first] = await add(sessionmaker, send(7, "a"))
    await add(sessionmaker, send(7, "b"))
    retry_at = NOW + timedelta(seconds=30)
    await settle(sessionmaker, Outcome(first.id, CallStatus.PENDING, retry_at, error="502"))
    async with sessionmaker() as session:
        assert await due.next_due(session) == retry_at  # not "b", queued behind it
        assert await due.waiting(session, {7}) and not await due.waiting(session, {8})
    assert await claim(sessionmaker, NOW + timedelta(seconds=29)) == []
    [again] = await claim(sessionmaker, retry_at)
    assert again.id == first.id and again.attempts == 1
    await settle(sessionmaker, Outcome(first.id, CallStatus.PENDING, retry_at, attempted=False))
    assert (await rows(sessionmaker))[first.id].attempts == 1  # held back, not attempted


async def test_next_due_is_the_earliest_lane_head_a_claim_counting_until_it_ends(sessionmaker):
    async with sessionmaker() as session:
        assert await due.next_due(session) is None
    await add(sessionmaker, send(7, "a"))  # claimed until LATER
    async with sessionmaker() as session:
        assert await due.next_due(session) == LATER
    await add(sessionmaker, send(8, "b"), claim=False)  # due now
    async with sessionmaker() as session:
        found = await due.next_due(session)
    assert found == NOW and found.tzinfo is not None


async def test_a_send_whose_worker_stopped_is_unknown_and_an_edit_is_taken_again(sessionmaker):
    [lost] = await add(sessionmaker, send(7, "a"))
    [edit_call] = await add(sessionmaker, edit(8, 5, "x"))
    after = LATER + timedelta(seconds=1)
    [taken] = await claim(sessionmaker, after)
    assert taken.id == edit_call.id
    assert (await rows(sessionmaker))[lost.id].status == CallStatus.UNKNOWN
    assert await claim(sessionmaker, after) == []  # taken is claimed again, until later


async def test_a_newer_edit_supersedes_an_unsent_one_and_an_edit_changing_nothing_is_left_out(
    sessionmaker,
):
    [sent] = await add(sessionmaker, send(7, "q1"))
    await settle(sessionmaker, Outcome(sent.id, CallStatus.SENT, NOW, message_id=70))
    assert await add(sessionmaker, edit(7, 70, "q1")) == []  # shows what it shows
    await add(sessionmaker, edit(7, 70, "q2"), claim=False)
    await add(sessionmaker, edit(7, 70, "q3"), claim=False)
    statuses = [(r.digest, r.status) for r in (await rows(sessionmaker)).values()]
    assert statuses == [
        ("q1", CallStatus.SENT),
        ("q2", CallStatus.SUPERSEDED),
        ("q3", CallStatus.PENDING),
    ]


async def test_showing_finds_the_messages_still_showing_a_screen(sessionmaker):
    [a] = await add(sessionmaker, send(7, "invites", screen="invites:1"))
    [b] = await add(sessionmaker, send(8, "invites", screen="invites:1"))
    await settle(
        sessionmaker,
        Outcome(a.id, CallStatus.SENT, NOW, message_id=5),
        Outcome(b.id, CallStatus.SENT, NOW, message_id=5),
    )
    [moved] = await add(sessionmaker, edit(8, 5, "menu"))
    await settle(sessionmaker, Outcome(moved.id, CallStatus.SENT, NOW))
    [failed] = await add(sessionmaker, edit(7, 5, "other"))
    await settle(sessionmaker, Outcome(failed.id, CallStatus.FAILED, NOW, error="403"))
    async with sessionmaker() as session:
        assert await shown.showing(session, screen="invites:1") == [(7, 5)]
        assert await shown.showing(session, screen="invites:2") == []


async def test_forget_drops_only_settled_calls_older_than_given(sessionmaker):
    old, pending = await add(sessionmaker, send(7, "a"), send(8, "b"))
    await settle(sessionmaker, Outcome(old.id, CallStatus.SENT, NOW, message_id=1))
    async with sessionmaker.begin() as session:
        assert await due.forget_calls(session, before=NOW) == 0
        assert await due.forget_calls(session, before=NOW + timedelta(seconds=1)) == 1
    assert list(await rows(sessionmaker)) == [pending.id]
