"""Following a round in Telegram: /progress, /close (after a confirmation), /results and
/remind. The use cases (usecases/rounds.py, usecases/reminders.py) decide; this only shows."""

from __future__ import annotations

import functools

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import group_posts
from bot.keyboards_rounds import (
    RoundAct,
    RoundData,
    close_keyboard,
    extend_button,
    manages_rounds,
)
from bot.middlewares import AnswersFor
from bot.outbox import Outbox, editable
from bot.render import HTML
from bot.render_rounds import progress, results, round_line
from bot.round_news import remind, tell, to_others
from bot.texts import ROUND_REFUSALS, STALE_BUTTON
from bot.views import text
from flows.i18n import Translator
from flows.model import N_
from storage.records import InitiativeRecord, PersonRecord
from storage.round_calls import NEWS, REMINDERS
from usecases import reminders, rounds
from usecases.clock import Clock
from usecases.permissions import Action
from usecases.walkthrough import acts_on

CONFIRM_CLOSE = N_("Close the round? Answers freeze and the results are stored, for everyone.")

REMINDER_REFUSALS = {
    reminders.ALREADY_TODAY: N_("A reminder already went out today: the next can go tomorrow."),
    reminders.MAXIMUM: N_("This round has had as many reminders as its settings allow."),
    reminders.EVERYONE_DONE: N_("Everyone has finished: there is nobody to remind."),
}


async def on_progress(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    shown = await rounds.progress(session, person.id, initiative.id, clock.now())
    if isinstance(shown, rounds.Refused):
        outbox.show(message.chat.id, [text(tr(ROUND_REFUSALS[shown.why]))])
        return
    extend = None
    if acts_on(person, initiative.id, Action.MANAGE_ROUNDS):
        found = shown.round
        extend = extend_button(tr, initiative.id, found.id, found.deadline is not None)
    outbox.show(message.chat.id, progress(tr, HTML, shown, initiative), extend)


async def on_close(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    found = await rounds.open_for(
        session, person.id, initiative.id, Action.MANAGE_ROUNDS, clock.now()
    )
    if isinstance(found, rounds.Refused):
        outbox.show(message.chat.id, [text(tr(ROUND_REFUSALS[found.why]))])
        return
    paragraphs = [text(round_line(tr, found, initiative)), text(tr(CONFIRM_CLOSE))]
    outbox.show(message.chat.id, paragraphs, close_keyboard(tr, initiative.id, found.id))


async def on_close_button(
    query: CallbackQuery,
    callback_data: RoundData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    bot: Bot,
) -> None:
    """The confirmation of /close: closes the round and shows its results, to the person who
    closed it now and to everyone else once (after quiet hours)."""
    assert isinstance(query.message, Message)  # manages_rounds
    chat_id, edit, now = query.message.chat.id, editable(query), clock.now()
    outbox.answer(query)
    found = await rounds.current(session, callback_data.initiative, now)
    if found is not None and found.id != callback_data.value:
        outbox.show(chat_id, [text(tr(STALE_BUTTON))], edit=edit)  # from an earlier round
        return
    closed = await rounds.close_round(session, person.id, callback_data.initiative, now)
    if isinstance(closed, rounds.Refused):
        outbox.show(chat_id, [text(tr(ROUND_REFUSALS[closed.why]))], edit=edit)
        return
    for news in await rounds.announce(session, now, closed.id):
        outbox.show(chat_id, results(tr, HTML, news.results), edit=edit)
        told = functools.partial(_tell, news=news, but=chat_id)
        await to_others(session, outbox, news.leaves_at, told, NEWS, closed.id)
        await group_posts.closed(session, bot, news)


async def on_remind(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
    bot: Bot,
) -> None:
    now = clock.now()
    wave = await reminders.remind_now(session, person.id, initiative.id, now)
    if isinstance(wave, rounds.Refused):
        refusal = REMINDER_REFUSALS.get(wave.why) or ROUND_REFUSALS[wave.why]
        outbox.show(message.chat.id, [text(tr(refusal))])
        return
    n = len(wave.to)
    reminded = functools.partial(remind, waves=[wave])
    await to_others(session, outbox, wave.leaves_at, reminded, REMINDERS, wave.round.id)
    await group_posts.reminded(session, bot, wave)
    if wave.leaves_at <= now:
        done = tr.plural(
            "Reminder sent to {n} person who has not finished.",
            "Reminder sent to {n} people who have not finished.",
            n,
        )
    else:
        done = tr.plural(
            "Quiet hours: the reminder to {n} person leaves on {time}.",
            "Quiet hours: the reminder to {n} people leaves on {time}.",
            n,
            time=tr.moment(wave.leaves_at, initiative.timezone),
        )
    outbox.show(message.chat.id, [text(done)])


async def on_results(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
    initiative: InitiativeRecord,
) -> None:
    shown = await rounds.results(session, person.id, initiative.id, clock.now())
    if isinstance(shown, rounds.Refused):
        outbox.show(message.chat.id, [text(tr(ROUND_REFUSALS[shown.why]))])
    else:
        outbox.show(message.chat.id, results(tr, HTML, shown))


def _tell(box: Outbox, news: rounds.News, but: int) -> None:
    tell(box, [news], but=but)


def make_router() -> Router:
    router = Router(name="rounds")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(AnswersFor())
    router.message.register(on_progress, Command("progress"))
    router.message.register(on_close, Command("close"))
    router.message.register(on_results, Command("results"))
    router.message.register(on_remind, Command("remind"))
    router.callback_query.register(
        on_close_button, RoundData.filter(F.act == RoundAct.CLOSE), manages_rounds
    )
    return router
