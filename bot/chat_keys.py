"""What the terminal chat offers at each screen, and the event each key it shows stands for.

Only the keys shown are taken: anything else is no event, and the chat says so.
"""

from __future__ import annotations

from bot.render import choice_label
from flows.engine import (
    AnswerItem,
    Back,
    Comment,
    DoneScreen,
    Edit,
    Event,
    Finish,
    IntroScreen,
    QuestionScreen,
    Review,
    ReviewScreen,
    Screen,
    Skip,
    Start,
)
from flows.i18n import Translator
from flows.model import N_


def prompt_for(tr: Translator, shown: Screen) -> str:
    match shown:
        case IntroScreen():
            return tr(N_("Enter: begin · m: menu · q: quit"))
        case QuestionScreen(awaiting_comment=True):
            return tr(N_("Your comment (a single dot cancels)"))
        case QuestionScreen(module=module, item=item):
            scale = module.scale_for(item)
            choices = " · ".join(
                tr(N_("{key}: {label}"), key=c.key, label=choice_label(tr, scale, c.value))
                for c in scale.choices
            )
            keys = tr(N_("s: skip · b: back · c: comment · r: review · m: menu · q: quit"))
            return f"{choices}\n{keys}"
        case ReviewScreen():
            return tr(N_("number: change that answer · f: finish · b: back · m: menu · q: quit"))
    return tr(N_("number: change that answer · t: other language · r: review · m: menu · q: quit"))


def event_for(shown: Screen, line: str) -> Event | None:
    """The event a line stands for on this screen; None for a key not shown (or m, q, t)."""
    key = line.lower()
    match shown:
        case IntroScreen():
            return Start() if key in ("", "begin") else None
        case QuestionScreen(awaiting_comment=True):
            return Comment(line)
        case QuestionScreen(module=module, item=item):
            choice = module.scale_for(item).by_key(key)
            if choice is not None:
                return AnswerItem(item.id, choice.value)
            if key.startswith("c ") and len(key) > 2:
                return Comment(line[2:])
            navigation: dict[str, Event] = {
                "s": Skip(),
                "b": Back(),
                "c": Comment(),
                "r": Review(),
            }
            return navigation.get(key)
        case ReviewScreen(module=module) | DoneScreen(module=module):
            if key.isdigit():
                # A number out of range gets the engine's "no such question", not a guess.
                in_range = 1 <= int(key) <= len(module.items)
                return Edit(module.items[int(key) - 1].id if in_range else key)
            actions: dict[str, Event] = (
                {"f": Finish(), "b": Back()}
                if isinstance(shown, ReviewScreen)
                else {"r": Review()}
            )
            return actions.get(key)
    return None
