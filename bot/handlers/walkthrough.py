"""Module menu, questions, comments, review and summary, driven by inline buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards import Act, ModuleData, RoundStepData, StepData, SummaryData
from bot.keyboards_rounds import AnswerRoundData
from bot.outbox import Outbox, editable
from bot.render import HTML, PLAIN, notice, summary
from bot.render_rounds import thanks
from bot.screens import EDITS_NOT_READ, show_place, show_step
from bot.views import text
from flows.content import MODULES
from flows.engine import (
    NOT_CURRENT,
    AnswerItem,
    Back,
    Comment,
    DoneScreen,
    Edit,
    Event,
    Finish,
    Resume,
    Review,
    Skip,
    Start,
)
from flows.i18n import Translator, translator
from flows.model import N_
from storage import repository as repo
from storage.records import PersonRecord
from usecases import rounds, walkthrough
from usecases.clock import Clock
from usecases.permissions import Action

OTHER_INITIATIVE = N_(
    "This button belongs to an initiative you are not answering for now. "
    "Use /initiatives to switch."
)
USE_BUTTONS = N_("Please answer with the buttons under the question.")
COMMENT_EDITED = N_("Your comment on “{item}” now reads: {comment}")


def _event(data: StepData) -> Event:
    match data.act:
        case Act.START:
            return Start()
        case Act.ANSWER:
            return AnswerItem(data.item, data.value)
        case Act.SKIP:
            return Skip(data.item or None)
        case Act.BACK:
            return Back(data.item or None)
        case Act.COMMENT:
            return Comment(item_id=data.item or None)
        case Act.REVIEW:
            return Review()
        case Act.EDIT:
            return Edit(data.item)
        case Act.FINISH:
            return Finish()
    return Resume()


def _refused(
    query: CallbackQuery, outbox: Outbox, person: PersonRecord, tr: Translator, initiative: int
) -> bool:
    """Whether the tap cannot act: another initiative (told so), or no message to show in."""
    if query.message is None:
        outbox.answer(query)
        return True
    if walkthrough.acts_on(person, initiative, Action.ANSWER):
        return False
    outbox.answer(query, tr(OTHER_INITIATIVE), alert=True)
    return True


async def on_step(
    query: CallbackQuery,
    callback_data: StepData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    initiative = callback_data.initiative
    if _refused(query, outbox, person, tr, initiative):
        return
    assert query.message is not None
    event = _event(callback_data)
    step = await walkthrough.step(
        session,
        person.id,
        initiative,
        callback_data.module,
        event,
        clock.now(),
        callback_data.shown_in,
    )
    if step.notice is not None:
        outbox.answer(query, notice(tr, PLAIN, step.notice))
        if step.notice not in (NOT_CURRENT, walkthrough.ROUND_CLOSED):
            return  # a screen left behind (or not changed while blocked) shows the current one
    else:
        outbox.answer(query)
    chat_id = query.message.chat.id
    show_step(outbox, tr, chat_id, initiative, step, editable(query))
    if step.accepted and isinstance(step.screen, DoneScreen):
        done = await rounds.completed(session, person.id, initiative, clock.now())
        found = await repo.initiative(session, initiative_id=initiative) if done else None
        if done is not None and found is not None:
            outbox.show(chat_id, [text(thanks(tr, done, found))])


async def on_module(
    query: CallbackQuery,
    callback_data: ModuleData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    initiative = callback_data.initiative
    if _refused(query, outbox, person, tr, initiative):
        return
    assert query.message is not None
    outbox.answer(query)
    chat_id, edit = query.message.chat.id, editable(query)
    if callback_data.module is None:
        show_place(
            outbox,
            tr,
            chat_id,
            await walkthrough.modules(session, person.id, clock.now()),
            edit=edit,
        )
        return
    step = await walkthrough.step(
        session, person.id, initiative, callback_data.module, Resume(), clock.now()
    )
    show_step(outbox, tr, chat_id, initiative, step, edit)


async def on_answer_round(
    query: CallbackQuery,
    callback_data: AnswerRoundData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """ "Answer now" in a round's news: the module it names, where the person left it; once the
    round has closed, the module menu, with why."""
    initiative = callback_data.initiative
    if _refused(query, outbox, person, tr, initiative):
        return
    assert query.message is not None
    now, module = clock.now(), callback_data.module
    step = await walkthrough.step(
        session, person.id, initiative, module, Resume(), now, callback_data.round
    )
    chat_id = query.message.chat.id
    if step.notice is walkthrough.ROUND_CLOSED:
        outbox.answer(query, notice(tr, PLAIN, step.notice), alert=True)
        places = await walkthrough.modules(session, person.id, now)
        show_place(outbox, tr, chat_id, places, edit=None)
        return
    outbox.answer(query)
    show_step(outbox, tr, chat_id, initiative, step, None)


async def on_summary_language(
    query: CallbackQuery,
    callback_data: SummaryData,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    initiative = callback_data.initiative
    if _refused(query, outbox, person, tr, initiative):
        return
    assert query.message is not None
    outbox.answer(query)
    outbox.once(query)
    result = await walkthrough.summary(
        session, person.id, initiative, callback_data.module, clock.now()
    )
    outbox.show(query.message.chat.id, summary(translator(callback_data.language), HTML, result))


async def on_text(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """A comment when one was asked for; otherwise the question again, with a hint."""
    assert message.text is not None
    typed_in = (message.chat.id, message.message_id)
    commented = await walkthrough.comment(session, person.id, message.text, clock.now(), typed_in)
    if commented is None:
        place = await walkthrough.where(session, person.id, clock.now())
        show_place(outbox, tr, message.chat.id, place, USE_BUTTONS)
        return
    step = commented.step
    hint = None if step.notice is None else notice(tr, HTML, step.notice)
    show_step(outbox, tr, message.chat.id, commented.initiative.id, step, hint=hint)


async def on_edited(
    message: Message,
    session: AsyncSession,
    person: PersonRecord,
    tr: Translator,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """An edited comment changes the comment; any other edit is not read (and they are told)."""
    typed_in = (message.chat.id, message.message_id)
    edited = await walkthrough.edit_comment(
        session, person.id, typed_in, message.text or "", clock.now()
    )
    if isinstance(edited, walkthrough.EditedComment):
        item = MODULES[edited.module].item(edited.item_id)
        title = tr(item.title) if item else edited.item_id
        line = tr(COMMENT_EDITED, item=title, comment=edited.comment)
    else:
        line = tr(EDITS_NOT_READ) if edited is None else notice(tr, PLAIN, edited)
    outbox.show(message.chat.id, [text(line)], reply_to=message.message_id)


def make_taps_router() -> Router:
    """The walkthrough's buttons: most updates are these taps."""
    router = Router(name="walkthrough taps")
    router.callback_query.register(on_step, StepData.filter())
    router.callback_query.register(on_step, RoundStepData.filter())
    router.callback_query.register(on_module, ModuleData.filter())
    router.callback_query.register(on_answer_round, AnswerRoundData.filter())
    router.callback_query.register(on_summary_language, SummaryData.filter())
    return router


def make_router() -> Router:
    """Comments typed after the prompt, and edits of them."""
    router = Router(name="walkthrough")
    router.message.filter(F.chat.type == "private")
    router.edited_message.filter(F.chat.type == "private")
    router.message.register(on_text, F.text, ~F.text.startswith("/"))
    router.edited_message.register(on_edited, F.text)
    return router
