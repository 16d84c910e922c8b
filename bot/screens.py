"""What the use cases return, shown in a chat: questions, the module menu, the way in."""

from __future__ import annotations

from bot.keyboards import module_menu, screen_keyboard
from bot.outbox import Outbox
from bot.render import HTML, screen
from bot.render_rounds import open_round_lines
from bot.views import text
from flows.engine import Step
from flows.i18n import Translator
from flows.model import N_
from usecases.walkthrough import AtStep, Menu, Place

NO_INITIATIVE = N_(
    "You are not part of an initiative yet. Create one with /new, or open an invite link "
    "from your coordinator."
)
EDITS_NOT_READ = N_("I do not read edited messages: please send a new one.")
PICK_MODULE = N_("Initiative: {name}. Choose a module; the numbers show your progress.")


def show_step(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    initiative_id: int,
    step: Step,
    edit: int | None = None,
    hint: str | None = None,
) -> None:
    """The step's screen under its buttons; ``hint`` is a line of HTML shown in italics above."""
    paragraphs = screen(tr, HTML, step.screen)
    if hint is not None:
        paragraphs = [f"<i>{hint}</i>", *paragraphs]
    keyboard = screen_keyboard(tr, initiative_id, step.screen, step.state.round_no)
    outbox.show(chat_id, paragraphs, keyboard, edit)


def show_menu(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    menu: Menu,
    hint: str | None = None,
    edit: int | None = None,
) -> None:
    """The modules with the person's progress; ``hint`` is a line of HTML shown in italics."""
    paragraphs = [text(tr(PICK_MODULE, name=menu.initiative.name))]
    paragraphs += [text(line) for line in open_round_lines(tr, menu)]
    if hint is not None:
        paragraphs.insert(0, f"<i>{hint}</i>")
    outbox.show(chat_id, paragraphs, module_menu(tr, menu.initiative.id, menu.progress), edit)


def show_place(
    outbox: Outbox,
    tr: Translator,
    chat_id: int,
    place: Place,
    hint: str | None = None,
    edit: int | None = None,
) -> None:
    """Where the person stands; ``hint`` is a msgid shown in italics above."""
    hint_html = None if hint is None else text(tr(hint))
    if isinstance(place, AtStep):
        show_step(outbox, tr, chat_id, place.initiative.id, place.step, edit, hint_html)
    elif isinstance(place, Menu):
        show_menu(outbox, tr, chat_id, place, hint_html, edit)
    else:
        paragraphs = [text(tr(NO_INITIATIVE))]
        outbox.show(chat_id, [f"<i>{hint_html}</i>", *paragraphs] if hint_html else paragraphs)
