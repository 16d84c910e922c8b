"""One post in the initiative's Telegram group, when it has one: a round opened, a reminder
wave, the round closed. Nothing individual: who answered, who is late, stays private. In the
initiative's language, in the topic where /link was sent, with a link button to the private
chat carrying the group's join code (whoever taps it and is not in the initiative joins it as a
member). Queued on the bot's own with the round's other messages (bot/round_news.py): it leaves
when they do, after quiet hours, paced to Telegram's 20 messages a minute per group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from aiogram import Bot
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards_groups import RESULTS, private_button
from bot.outbox import Outbox
from bot.render import HTML
from bot.render_rounds import results, round_line
from bot.views import text
from flows.i18n import Translator, translator
from flows.model import N_
from storage import calls
from storage.records import InitiativeRecord
from storage.round_calls import NEWS, REMINDERS, origin
from storage.rounds import RoundRecord
from usecases import groups, reminders, rounds

OPENED = N_("A new round is open in “{name}”. {round}")
EVERYONE_PRIVATE = N_(
    "Everyone answers in a private chat with me, and nobody sees anyone else's answers."
)
REMINDER = N_("Reminder: round “{title}” of “{name}” is open until {deadline}.")
REMINDER_NO_DEADLINE = N_("Reminder: round “{title}” of “{name}” is open.")
NOT_YET = N_("Not answered yet? The button below opens a private chat with me.")
READY = N_("Round “{title}” of “{name}” is closed: its results are ready.")
READ_IN_PRIVATE = N_("Each of you can read them in a private chat with me.")
ANSWER = N_("Answer in private")
READ = N_("Read the results")

Write = Callable[[Translator, InitiativeRecord], list[str]]
"""A post's paragraphs, in the initiative's language."""


async def opened(
    session: AsyncSession, bot: Bot, found: RoundRecord, initiative_id: int, at: datetime
) -> None:
    def write(tr: Translator, initiative: InitiativeRecord) -> list[str]:
        line = round_line(tr, found, initiative)
        return [text(tr(OPENED, name=initiative.name, round=line)), text(tr(EVERYONE_PRIVATE))]

    await _post(session, bot, initiative_id, write, ANSWER, at, origin(found.id, NEWS))


async def reminded(session: AsyncSession, bot: Bot, wave: reminders.Reminder) -> None:
    found = wave.round

    def write(tr: Translator, initiative: InitiativeRecord) -> list[str]:
        if found.deadline is None:
            line = tr(REMINDER_NO_DEADLINE, title=found.title, name=initiative.name)
        else:
            deadline = tr.moment(found.deadline, initiative.timezone)
            line = tr(REMINDER, title=found.title, name=initiative.name, deadline=deadline)
        return [text(line), text(tr(NOT_YET))]

    tag = origin(found.id, REMINDERS)
    await _post(session, bot, found.initiative_id, write, ANSWER, wave.leaves_at, tag)


async def closed(session: AsyncSession, bot: Bot, news: rounds.News) -> None:
    """That the results are ready; or, when the initiative chose so in /settings, its figures
    (as members receive them, with the same thresholds; comments stay private)."""
    shown = replace(news.results, comments=())
    found = shown.round

    def write(tr: Translator, initiative: InitiativeRecord) -> list[str]:
        if initiative.group_figures:
            return results(tr, HTML, shown)
        line = tr(READY, title=found.title, name=initiative.name)
        return [text(line), text(tr(READ_IN_PRIVATE))]

    tag = origin(found.id, NEWS)
    await _post(session, bot, found.initiative_id, write, READ, news.leaves_at, tag, RESULTS)


async def _post(
    session: AsyncSession,
    bot: Bot,
    initiative_id: int,
    write: Write,
    button: str,
    at: datetime,
    tag: str,
    then: str = "",
) -> None:
    found = await groups.posting(session, initiative_id)
    if found is None:
        return
    initiative, group = found
    tr = translator(initiative.language)
    username = (await bot.me()).username or ""
    keyboard = private_button(tr(button), username, group.join_code + then)
    outbox = Outbox()
    outbox.show(group.chat_id, write(tr, initiative), keyboard, thread=group.thread_id)
    await calls.add_calls(session, outbox.stored(), now=at, origin=tag)
