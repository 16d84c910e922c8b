"""Module menu, questions, comments, review and summary, driven by inline buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.keyboards import Act, ModuleData, StepData, SummaryData, module_menu, screen_keyboard
from bot.outbound import Outbox
from bot.views import text
from flows.engine import (
    AnswerItem,
    Back,
    Comment,
    Edit,
    Event,
    Finish,
    Resume,
    Review,
    Skip,
    Start,
    Step,
    apply,
)
from flows.engine import screen as screen_of
from flows.i18n import Translator, translator
from flows.model import N_, ModuleId
from flows.render import HTML, PLAIN, notice, screen, summary
from flows.scoring import summarize
from storage import repository as repo
from storage.models import Initiative, Person, Role

OTHER_INITIATIVE = N_(
    "This button belongs to an initiative you are not answering for now. "
    "Use /initiatives to switch."
)
USE_BUTTONS = N_("Please answer with the buttons under the question.")
NO_INITIATIVE = N_(
    "You are not part of an initiative yet. Create one with /new, or open an invite link "
    "from your coordinator."
)
PICK_MODULE = N_("Initiative: {name}. Choose a module; the numbers show your progress.")


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


async def initiative_or_hint(
    session: AsyncSession, outbox: Outbox, person: Person, tr: Translator, chat_id: int
) -> Initiative | None:
    """The initiative the person answers for; without one, says how to get one."""
    initiative = await repo.active_initiative(session, person=person)
    if initiative is None:
        outbox.show(chat_id, [text(tr(NO_INITIATIVE))])
    return initiative


async def run_step(
    session: AsyncSession, person: Person, initiative_id: int, module: ModuleId, event: Event
) -> Step:
    """Loads the walkthrough, applies one event and saves it, in the update's transaction."""
    state, answers, version = await repo.load_walk(
        session, person_id=person.key, initiative_id=initiative_id, module=module
    )
    step = apply(state, answers, event)
    if step.accepted:
        await repo.save_walk(
            session,
            person_id=person.key,
            initiative_id=initiative_id,
            state=step.state,
            changes=step.changes,
            version=version,
        )
    return step


def show_step(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    initiative: int,
    step: Step,
    edit: int | None = None,
    hint: str | None = None,
) -> None:
    """The step's screen under its buttons; ``hint`` is a line of HTML shown in italics above."""
    paragraphs = screen(tr, HTML, step.screen)
    if hint is not None:
        paragraphs = [f"<i>{hint}</i>", *paragraphs]
    outbox.show(chat_id, paragraphs, screen_keyboard(tr, initiative, step.screen), edit)


async def show_current(
    session: AsyncSession,
    outbox: Outbox,
    person: Person,
    tr: Translator,
    chat_id: int,
    hint: str | None = None,
    edit: int | None = None,
) -> None:
    """The question the person stopped at, or the module menu; ``hint`` is a msgid."""
    initiative = await initiative_or_hint(session, outbox, person, tr, chat_id)
    if initiative is None:
        return
    hint_html = None if hint is None else text(tr(hint))
    module = await repo.unfinished_walk(
        session, person_id=person.key, initiative_id=initiative.key
    )
    if module is None:
        await show_menu(session, outbox, person, tr, chat_id, initiative, hint_html, edit)
        return
    state, answers, _ = await repo.load_walk(
        session, person_id=person.key, initiative_id=initiative.key, module=module
    )
    shown = Step(state, answers, (), screen_of(state, answers))
    show_step(outbox, tr, chat_id, initiative.key, shown, edit, hint_html)


async def show_menu(
    session: AsyncSession,
    outbox: Outbox,
    person: Person,
    tr: Translator,
    chat_id: int,
    initiative: Initiative,
    hint: str | None = None,
    edit: int | None = None,
) -> None:
    """The modules with the person's progress; ``hint`` is a line of HTML shown in italics."""
    progress = await repo.progress(session, person_id=person.key, initiative_id=initiative.key)
    paragraphs = [text(tr(PICK_MODULE, name=initiative.name))]
    if hint is not None:
        paragraphs.insert(0, f"<i>{hint}</i>")
    keyboard = module_menu(tr, initiative.key, progress)
    outbox.show(chat_id, paragraphs, keyboard, edit)


def _editable(query: CallbackQuery) -> int | None:
    """The message the tap came from, unless it is too old or gone: then show anew."""
    return query.message.message_id if isinstance(query.message, Message) else None


def _initiative_for(
    query: CallbackQuery,
    outbox: Outbox,
    person: Person,
    role: Role | None,
    tr: Translator,
    initiative: int,
) -> int | None:
    """The initiative a button acts on, when it is the one the person answers for now."""
    if person.active_initiative_id == initiative and role is not None:
        return initiative
    outbox.answer(query, tr(OTHER_INITIATIVE), alert=True)
    return None


async def on_step(
    query: CallbackQuery,
    callback_data: StepData,
    session: AsyncSession,
    person: Person,
    role: Role | None,
    tr: Translator,
    outbox: Outbox,
) -> None:
    initiative = _initiative_for(query, outbox, person, role, tr, callback_data.initiative)
    if initiative is None:
        return
    if query.message is None:
        outbox.answer(query)
        return
    step = await run_step(session, person, initiative, callback_data.module, _event(callback_data))
    if step.notice is not None:
        outbox.answer(query, notice(tr, PLAIN, step.notice))
        return
    outbox.answer(query)
    show_step(outbox, tr, query.message.chat.id, initiative, step, _editable(query))


async def on_module(
    query: CallbackQuery,
    callback_data: ModuleData,
    session: AsyncSession,
    person: Person,
    role: Role | None,
    tr: Translator,
    outbox: Outbox,
) -> None:
    initiative = _initiative_for(query, outbox, person, role, tr, callback_data.initiative)
    if initiative is None:
        return
    outbox.answer(query)
    if query.message is None:
        return
    chat_id, edit = query.message.chat.id, _editable(query)
    if callback_data.module is None:
        shown = await session.get(Initiative, initiative)
        assert shown is not None  # a member's initiative exists
        await show_menu(session, outbox, person, tr, chat_id, shown, edit=edit)
        return
    step = await run_step(session, person, initiative, callback_data.module, Resume())
    show_step(outbox, tr, chat_id, initiative, step, edit)


async def on_summary_language(
    query: CallbackQuery,
    callback_data: SummaryData,
    session: AsyncSession,
    person: Person,
    role: Role | None,
    tr: Translator,
    outbox: Outbox,
) -> None:
    initiative = _initiative_for(query, outbox, person, role, tr, callback_data.initiative)
    if initiative is None:
        return
    outbox.answer(query)
    if query.message is None:
        return
    _, answers, _ = await repo.load_walk(
        session, person_id=person.key, initiative_id=initiative, module=callback_data.module
    )
    other = translator(callback_data.language)
    result = summarize(callback_data.module, answers)
    outbox.show(query.message.chat.id, summary(other, HTML, result))


async def on_text(
    message: Message, session: AsyncSession, person: Person, tr: Translator, outbox: Outbox
) -> None:
    """A comment when one was asked for; otherwise the question again, with a hint."""
    assert message.text is not None
    initiative = await repo.active_initiative(session, person=person)
    module = None
    if initiative is not None:
        module = await repo.unfinished_walk(
            session, person_id=person.key, initiative_id=initiative.key
        )
    if initiative is None or module is None:
        await show_current(session, outbox, person, tr, message.chat.id, USE_BUTTONS)
        return
    state, _, _ = await repo.load_walk(
        session, person_id=person.key, initiative_id=initiative.key, module=module
    )
    if not state.awaiting_comment:
        await show_current(session, outbox, person, tr, message.chat.id, USE_BUTTONS)
        return
    step = await run_step(session, person, initiative.key, module, Comment(message.text))
    hint = None if step.notice is None else notice(tr, HTML, step.notice)
    show_step(outbox, tr, message.chat.id, initiative.key, step, hint=hint)


def make_router() -> Router:
    router = Router(name="walkthrough")
    router.callback_query.register(on_step, StepData.filter())
    router.callback_query.register(on_module, ModuleData.filter())
    router.callback_query.register(on_summary_language, SummaryData.filter())
    router.message.register(on_text, F.text, ~F.text.startswith("/"), F.chat.type == "private")
    return router
