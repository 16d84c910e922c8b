"""Extending the deadline of the open round, from /progress: a length counted from the current
deadline (from now when there is none), or a date typed; those who have not finished are told.
The use case (usecases/rounds.py ``extend``) decides; this only shows."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards_rounds import (
    LENGTH_CHOICES,
    ExtendAct,
    ExtendData,
    answer_now,
    extension_keyboard,
    manages_rounds,
)
from bot.middlewares import AnswersFor
from bot.outbox import Outbox, editable
from bot.render import HTML, MODULE_LABELS
from bot.render_rounds import deadline_refused, extended, round_line
from bot.round_news import to_others
from bot.texts import DEADLINE_EXAMPLE, DEADLINE_REFUSALS, ROUND_REFUSALS, STALE_BUTTON
from bot.views import text
from flows import deadlines
from flows.i18n import Translator, translator
from flows.model import N_
from storage import repository as repo
from storage.records import InitiativeRecord, PersonRecord
from storage.round_calls import NEWS
from usecases import rounds
from usecases.clock import Clock

NEW_DEADLINE = N_("New deadline? The lengths count from the current one.")
FIRST_DEADLINE = N_("Deadline? The round has none yet.")
ROUND_EXTENSION = "round_extend:"
"""A coordinator's next text is the new deadline of that round (its id follows)."""


async def on_extend_button(
    query: CallbackQuery,
    callback_data: ExtendData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """From /progress: the new deadlines to choose from, one chosen, or one to type."""
    assert isinstance(query.message, Message)  # manages_rounds
    chat_id, now, data = query.message.chat.id, clock.now(), callback_data
    if data.act is ExtendAct.TO:
        done = await rounds.extend(
            session, person.id, data.initiative, data.round, deadlines.moment(data.deadline), now
        )
        if isinstance(done, rounds.Refused):  # shown for a deadline since moved, or closed
            outbox.answer(query, tr(STALE_BUTTON))
            return
        outbox.answer(query)
        await _extended(session, outbox, tr, chat_id, editable(query), done, now)
        return
    found = await rounds.extendable(session, person.id, data.initiative, data.round, now)
    initiative = await repo.initiative(session, initiative_id=data.initiative)
    if isinstance(found, rounds.Refused) or initiative is None:
        outbox.answer(query, tr(STALE_BUTTON))
        return
    outbox.answer(query)
    if data.act is ExtendAct.TYPE:
        pending = f"{ROUND_EXTENSION}{found.id}"
        await repo.set_pending(session, person_id=person.id, pending=pending)
        example = tr(DEADLINE_EXAMPLE, zone=initiative.timezone)
        outbox.show(chat_id, [text(example)], edit=editable(query))
        return
    outbox.once(query)
    since = found.deadline or now
    choices = [
        deadlines.minutes(deadlines.after(length, since, initiative.timezone))
        for length in LENGTH_CHOICES
    ]
    later = found.deadline is not None
    asked = tr(NEW_DEADLINE if later else FIRST_DEADLINE)
    keyboard = extension_keyboard(tr, initiative.id, found.id, choices, later)
    outbox.show(chat_id, [text(round_line(tr, found, initiative)), text(asked)], keyboard)


def is_extension_text(message: Message, person: PersonRecord | None = None) -> bool:
    return bool(person and person.pending and person.pending.startswith(ROUND_EXTENSION))


async def on_extension_text(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    """A typed new deadline: refused with an example (the person may type again), or set."""
    chat_id, now, zone = message.chat.id, clock.now(), initiative.timezone
    assert person.pending is not None  # is_extension_text
    round_id = int(person.pending.removeprefix(ROUND_EXTENSION) or 0)
    found = deadlines.parse(message.text or "", now, zone)
    if isinstance(found, deadlines.Refused):
        outbox.show(chat_id, deadline_refused(tr, HTML, DEADLINE_REFUSALS[found.why], zone))
        return
    done = await rounds.extend(session, person.id, initiative.id, round_id, found, now)
    if isinstance(done, rounds.Refused) and done.why == rounds.NOT_LATER:
        outbox.show(chat_id, deadline_refused(tr, HTML, ROUND_REFUSALS[done.why], zone))
        return
    await repo.set_pending(session, person_id=person.id, pending=None)
    if isinstance(done, rounds.Refused):  # closed, or no longer theirs, since
        why = STALE_BUTTON if done.why == rounds.OTHER_ROUND else ROUND_REFUSALS[done.why]
        outbox.show(chat_id, [text(tr(why))])
        return
    await _extended(session, outbox, tr, chat_id, None, done, now)


async def _extended(
    session: AsyncSession,
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    edit: int | None,
    done: rounds.Extended,
    now: datetime,
) -> None:
    """Shows the new deadline to the coordinator, and tells those who have not finished."""
    n, initiative = len(done.to), done.initiative
    if done.leaves_at <= now:
        told = tr.plural(
            "{n} person who has not finished is told.",
            "{n} people who have not finished are told.",
            n,
        )
    else:
        told = tr.plural(
            "Quiet hours: the {n} person who has not finished is told on {time}.",
            "Quiet hours: the {n} people who have not finished are told on {time}.",
            n,
            time=tr.moment(done.leaves_at, initiative.timezone),
        )
    outbox.show(chat_id, [text(round_line(tr, done.round, initiative)), text(told)], edit=edit)

    def tell_them(box: Outbox) -> None:
        for chat, language, left in done.to:
            theirs = translator(language or "en")
            news = extended(
                theirs, done.round, initiative, [theirs(MODULE_LABELS[m]) for m in left]
            )
            box.show(chat, [text(news)], answer_now(theirs, done.round, left))

    await to_others(session, outbox, done.leaves_at, tell_them, NEWS, done.round.id)


def make_router() -> Router:
    router = Router(name="round extension")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(AnswersFor())
    router.message.register(on_extension_text, is_extension_text, F.text, ~F.text.startswith("/"))
    router.callback_query.register(on_extend_button, ExtendData.filter(), manages_rounds)
    return router
