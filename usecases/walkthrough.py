"""Answering: the walkthrough of a module, the module menu, free text, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.content import MODULES
from flows.engine import (
    COMMENT_LIMIT,
    EMPTY_COMMENT,
    Comment,
    Event,
    Notice,
    Resume,
    Step,
    apply,
    comment_too_long,
    screen,
)
from flows.model import N_, Answer, ModuleId
from flows.scoring import ModuleSummary, summarize
from flows.text import clean_text
from storage import repository as repo
from storage import walks
from storage.models import NO_ROUND
from storage.records import InitiativeRecord, PersonRecord
from storage.rounds import RoundRecord
from usecases import rounds
from usecases.permissions import Action, allowed

ROUND_CLOSED = Notice(N_("This round is closed: your answers to it are kept."))


@dataclass(frozen=True, slots=True)
class Menu:
    """The modules of an initiative with the person's progress in each (in the open round for
    the modules it covers)."""

    initiative: InitiativeRecord
    progress: dict[ModuleId, int]
    round: RoundRecord | None = None
    """The open round, when the person is one of its respondents."""
    observed: RoundRecord | None = None
    """The open round, when the person follows it without answering it (a coach)."""


@dataclass(frozen=True, slots=True)
class AtStep:
    initiative: InitiativeRecord
    step: Step


Place = Menu | AtStep | None
"""Where a person stands: a question, the menu, or (None) outside any initiative."""


def acts_on(person: PersonRecord, initiative_id: int, action: Action = Action.ANSWER) -> bool:
    """A button acts on the initiative the person answers for now, and they may use it."""
    return person.active_initiative_id == initiative_id and allowed(person.role, action)


async def step(
    session: AsyncSession,
    person_id: int,
    initiative_id: int,
    module: ModuleId,
    event: Event,
    now: datetime,
    shown_in: int | None = None,
) -> Step:
    """Loads the walkthrough (the open round's, when it covers the module), applies one event
    and saves it, in the caller's transaction. ``shown_in``: the round of the screen the event
    came from; an event from a round that is no longer the one answered changes nothing."""
    round_no = await rounds.answering(session, person_id, initiative_id, module, now)
    state, answers, version = await walks.load_walk(
        session, person_id=person_id, initiative_id=initiative_id, module=module, round_no=round_no
    )
    if shown_in and shown_in != round_no:
        return Step(state, answers, (), screen(state, answers), ROUND_CLOSED)
    done = apply(state, answers, event)
    if done.accepted:
        await walks.save_walk(
            session,
            person_id=person_id,
            initiative_id=initiative_id,
            state=done.state,
            changes=done.changes,
            version=version,
            round_no=round_no,
            now=now,
        )
    return done


async def menu(
    session: AsyncSession, person_id: int, initiative: InitiativeRecord, now: datetime
) -> Menu:
    found, responds = await rounds.seen_by(session, person_id, initiative.id, now)
    progress = await walks.progress(session, person_id=person_id, initiative_id=initiative.id)
    if found is None or not responds:
        return Menu(initiative, progress, observed=found)
    in_round = await walks.progress(
        session, person_id=person_id, initiative_id=initiative.id, round_no=found.number
    )
    progress |= {module: in_round[module] for module in found.modules}
    return Menu(initiative, progress, found)


async def modules(session: AsyncSession, person_id: int, now: datetime) -> Menu | None:
    """The module menu of the initiative the person answers for; None outside any."""
    initiative = await repo.active_initiative(session, person_id=person_id)
    return None if initiative is None else await menu(session, person_id, initiative, now)


async def where(session: AsyncSession, person_id: int, now: datetime) -> Place:
    """The question the person stopped at, or the module menu; None outside any initiative."""
    initiative = await repo.active_initiative(session, person_id=person_id)
    if initiative is None:
        return None
    found = await rounds.responding(session, person_id, initiative.id, now)
    open_rounds = (NO_ROUND,) if found is None else (NO_ROUND, found.number)
    stopped = await walks.unfinished_walk(
        session, person_id=person_id, initiative_id=initiative.id, rounds=open_rounds
    )
    if stopped is None:
        return await menu(session, person_id, initiative, now)
    module, _ = stopped
    round_no = found.number if found is not None and found.covers(module) else NO_ROUND
    state, answers, _ = await walks.load_walk(
        session, person_id=person_id, initiative_id=initiative.id, module=module, round_no=round_no
    )
    return AtStep(initiative, Step(state, answers, (), screen(state, answers)))


async def comment(
    session: AsyncSession,
    person_id: int,
    text: str,
    now: datetime,
    typed_in: tuple[int, int] | None = None,
) -> AtStep | None:
    """Free text as the comment that was asked for; None when no comment is awaited.

    ``typed_in`` is the (chat, message) it came from: editing that message edits the comment.
    """
    place = await where(session, person_id, now)
    if not isinstance(place, AtStep) or not place.step.state.awaiting_comment:
        return None
    initiative, state = place.initiative, place.step.state
    done = await step(session, person_id, initiative.id, state.module, Comment(text), now)
    if done.accepted and typed_in is not None:
        await walks.remember_comment_message(
            session,
            chat_id=typed_in[0],
            message_id=typed_in[1],
            person_id=person_id,
            initiative_id=initiative.id,
            module=state.module,
            item_id=state.position,
        )
    return AtStep(initiative, done)


@dataclass(frozen=True, slots=True)
class EditedComment:
    module: ModuleId
    item_id: str
    comment: str


async def edit_comment(
    session: AsyncSession, person_id: int, typed_in: tuple[int, int], text: str, now: datetime
) -> EditedComment | Notice | None:
    """The message a comment was typed in was edited: the comment follows it, while the item
    can still be changed. None when the message holds no comment (edits are not read)."""
    found = await walks.commented_in(
        session, chat_id=typed_in[0], message_id=typed_in[1], person_id=person_id
    )
    if found is None:
        return None
    initiative_id, module, item_id = found
    if (
        await repo.membership_role(session, person_id=person_id, initiative_id=initiative_id)
        is None
    ):
        return None
    cleaned = clean_text(text)
    if not cleaned:
        return EMPTY_COMMENT
    if len(cleaned) > COMMENT_LIMIT:
        return comment_too_long(len(cleaned))
    round_no = await rounds.answering(session, person_id, initiative_id, module, now)
    state, answers, version = await walks.load_walk(
        session, person_id=person_id, initiative_id=initiative_id, module=module, round_no=round_no
    )
    previous = answers.get(item_id)
    changed = Answer(item_id, previous.value if previous else None, cleaned)
    await walks.save_walk(
        session,
        person_id=person_id,
        initiative_id=initiative_id,
        state=state,
        changes=[changed],
        version=version,
        round_no=round_no,
        now=now,
    )
    return EditedComment(module, item_id, cleaned)


async def drop_comment_prompt(session: AsyncSession, person_id: int, now: datetime) -> None:
    """A comment asked for and not typed is forgotten: the next text is not taken for it."""
    place = await where(session, person_id, now)
    if isinstance(place, AtStep) and place.step.state.awaiting_comment:
        module = place.step.state.module
        await step(session, person_id, place.initiative.id, module, Resume(), now)


async def summaries(
    session: AsyncSession, person_id: int, initiative_id: int | None, now: datetime
) -> list[ModuleSummary] | None:
    """The summary of every module (of the open round's answers for those it covers); None for
    someone who may not read them there."""
    if initiative_id is None:
        return None
    role = await repo.membership_role(session, person_id=person_id, initiative_id=initiative_id)
    if not allowed(role, Action.READ_SUMMARY):
        return None
    answers = await walks.all_answers(session, person_id=person_id, initiative_id=initiative_id)
    found = await rounds.responding(session, person_id, initiative_id, now)
    if found is not None:
        in_round = await walks.all_answers(
            session, person_id=person_id, initiative_id=initiative_id, round_no=found.number
        )
        answers |= {module: in_round[module] for module in found.modules}
    return [summarize(module_id, answers.get(module_id, {})) for module_id in MODULES]


async def summary(
    session: AsyncSession, person_id: int, initiative_id: int, module: ModuleId, now: datetime
) -> ModuleSummary:
    round_no = await rounds.answering(session, person_id, initiative_id, module, now)
    _, answers, _ = await walks.load_walk(
        session, person_id=person_id, initiative_id=initiative_id, module=module, round_no=round_no
    )
    return summarize(module, answers)
