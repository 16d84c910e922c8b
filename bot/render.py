"""Screens and summaries as text in a locale: plain for the terminal, HTML for Telegram.

flows/ returns neutral structures (screens, summaries); this is where they become text.

Each function returns paragraphs; front ends join them and split long texts between them.
Every string, translated or typed by a person, goes through ``markup.escape``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from flows.engine import DoneScreen, IntroScreen, Notice, QuestionScreen, ReviewScreen, Screen
from flows.i18n import Translator
from flows.model import N_, Answer, Choice, Module, ModuleId, Scale, ScaleKind
from flows.scoring import BAND_LABELS, PHASE_LABELS, ItemResult, ModuleSummary, summarize


class Markup(Protocol):
    def escape(self, text: str) -> str: ...
    def bold(self, text: str) -> str: ...
    def italic(self, text: str) -> str: ...


class Plain:
    def escape(self, text: str) -> str:
        return text

    def bold(self, text: str) -> str:
        return text

    def italic(self, text: str) -> str:
        return text


class Html:
    """Telegram HTML; tags never span a line break, so messages can be cut between lines."""

    def escape(self, text: str) -> str:
        return html.escape(text, quote=False)

    def bold(self, text: str) -> str:
        return "\n".join(f"<b>{line}</b>" if line else "" for line in text.split("\n"))

    def italic(self, text: str) -> str:
        return "\n".join(f"<i>{line}</i>" if line else "" for line in text.split("\n"))


PLAIN = Plain()
HTML = Html()

MODULE_LABELS = {
    ModuleId.PRECONDITIONS: N_("Preconditions"),
    ModuleId.READINESS: N_("Fit"),
    ModuleId.LEADERSHIP: N_("Leadership"),
    ModuleId.PHASES: N_("Phases"),
    ModuleId.CONDITIONS: N_("Five conditions"),
}


def notice(tr: Translator, m: Markup, note: Notice) -> str:
    return m.escape(tr(note.msgid, **note.params))


def module_progress(tr: Translator, module: Module, progress: Mapping[ModuleId, int]) -> str:
    """``Phases 12/20``, with a check mark once every item is answered."""
    done, total = progress.get(module.id, 0), len(module.items)
    return f"{tr(MODULE_LABELS[module.id])} {done}/{total}{' ✓' if done == total else ''}"


def choice_label(tr: Translator, scale: Scale, value: int | None) -> str:
    choice = None if value is None else scale.choice(value)
    return tr(choice.label) if choice else tr(N_("no answer"))


def screen(tr: Translator, m: Markup, shown: Screen) -> list[str]:
    """The paragraphs of any screen."""
    match shown:
        case IntroScreen():
            return intro(tr, m, shown.module)
        case QuestionScreen():
            return question(tr, m, shown)
        case ReviewScreen():
            return review(tr, m, shown.module, shown.answers)
        case DoneScreen():
            return summary(tr, m, summarize(shown.module.id, shown.answers))


def intro(tr: Translator, m: Markup, module: Module) -> list[str]:
    count = tr.plural("{n} question", "{n} questions", len(module.items))
    return [
        m.bold(m.escape(tr(module.title))),
        m.escape(tr(module.intro)),
        m.escape(
            tr(
                N_(
                    "{count}. Answer at your own pace: you can stop at any time "
                    "and come back later."
                ),
                count=count,
            )
        ),
    ]


def question(tr: Translator, m: Markup, shown: QuestionScreen) -> list[str]:
    module, item = shown.module, shown.item
    heading = tr(
        N_("{module} · question {number} of {total}"),
        module=tr(MODULE_LABELS[module.id]),
        number=shown.number,
        total=shown.total,
    )
    paragraphs = [m.italic(m.escape(heading))]
    if item.group is not None:
        group = next(g for g in module.groups if g.id == item.group)
        paragraphs.append(m.bold(m.escape(tr(group.title))))
    paragraphs += [
        m.bold(m.escape(tr(item.title))),
        m.escape(tr(item.prompt)),
        m.italic(m.escape(tr(item.explanation))),
    ]
    scale = module.scale_for(item)
    if any(choice.definition for choice in scale.choices):
        paragraphs.append(_definitions(tr, m, scale))
    paragraphs += _answer_lines(tr, m, scale, shown.answer)
    if shown.awaiting_comment:
        paragraphs.append(m.bold(m.escape(tr(N_("Type your comment and send it.")))))
    return paragraphs


def _definitions(tr: Translator, m: Markup, scale: Scale) -> str:
    return "\n".join(f"• {_defined(tr, m, c)}" for c in scale.choices if c.definition)


def _defined(tr: Translator, m: Markup, choice: Choice) -> str:
    label, definition = m.bold(m.escape(tr(choice.label))), m.escape(tr(choice.definition))
    return tr(N_("{title}: {value}"), title=label, value=definition)


def _answer_lines(tr: Translator, m: Markup, scale: Scale, answer: Answer | None) -> list[str]:
    if answer is None:
        return []
    lines = []
    if answer.value is not None:
        label = choice_label(tr, scale, answer.value)
        lines.append(m.escape(tr(N_("Your answer: {answer}"), answer=label)))
    if answer.comment:
        lines.append(m.escape(tr(N_("Your comment: {comment}"), comment=answer.comment)))
    return ["\n".join(lines)]


def review(tr: Translator, m: Markup, module: Module, answers: Mapping[str, Answer]) -> list[str]:
    lines = []
    for number, item in enumerate(module.items, start=1):
        answer = answers.get(item.id)
        value = None if answer is None else answer.value
        label = choice_label(tr, module.scale_for(item), value)
        line = f"{number}. {m.escape(tr(item.title))} — {m.escape(label)}"
        if answer is not None and answer.comment:
            line += "\n    " + m.italic(m.escape(answer.comment))
        lines.append(line)
    return [
        m.bold(m.escape(tr(N_("Your answers: {module}"), module=tr(module.title)))),
        "\n".join(lines),
        m.escape(tr(N_("Change any answer, or finish to see your summary."))),
    ]


def summary(
    tr: Translator, m: Markup, result: ModuleSummary, today: date | None = None
) -> list[str]:
    """Answers, strengths, items to strengthen or find out, and next steps of one module."""
    module = result.module
    paragraphs = [m.bold(m.escape(tr(N_("Summary: {module}"), module=tr(module.title))))]
    paragraphs.append(m.escape(_score_line(tr, result)))
    for gate, sentence in (
        (result.preconditions_first, PRECONDITIONS_GATE),
        (result.fit_in_doubt, FIT_GATE),
    ):
        if gate:
            paragraphs.append(m.bold(m.escape(tr(sentence))))
    paragraphs += _placement_lines(tr, m, result)
    if result.groups:
        paragraphs.append(_phase_lines(tr, m, result))
    for heading, results in (
        (N_("Strengths"), result.strengths),
        (N_("To discuss"), result.to_discuss),
        (N_("To strengthen"), result.to_strengthen),
        (N_("To find out"), result.to_find_out),
    ):
        if results:
            paragraphs.append(_item_list(tr, m, tr(heading), results))
    if result.to_find_out:
        paragraphs.append(m.italic(m.escape(tr(module.find_out))))
    if result.next_steps:
        steps = "\n".join(f"• {m.escape(tr(step))}" for step in result.next_steps)
        paragraphs.append(m.bold(m.escape(tr(N_("Next steps")))) + "\n" + steps)
    paragraphs.append(_answer_list(tr, m, result))
    day = today or date.today()
    paragraphs.append(m.italic(m.escape(tr(N_("Summary of {date}"), date=tr.date(day)))))
    return paragraphs


PRECONDITIONS_GATE = N_(
    "At least one precondition is weak: cultivate the preconditions first, before a full "
    "collective-impact planning process. It is a “not yet”, not a “no”."
)
FIT_GATE = N_(
    "At least one fit question is answered “no”: collective impact, one of the most demanding "
    "forms of collaboration, may not fit your issue yet, and a lighter form of cooperation may "
    "fit better for now."
)


def _score_line(tr: Translator, result: ModuleSummary) -> str:
    answered = tr.plural(
        "{n} of {total} answered",
        "{n} of {total} answered",
        result.answered,
        total=len(result.module.items),
    )
    if result.dont_know:
        unknown = tr.plural("{n} “don't know”", "{n} “don't know”", result.dont_know)
        answered = tr(N_("{answered}, including {unknown}"), answered=answered, unknown=unknown)
    if result.score is None:
        return tr(N_("No score yet: nothing answered counts ({answered})."), answered=answered)
    if result.module.scale.kind is ScaleKind.AGREEMENT and result.mean is not None:
        figures = {"score": tr.number(result.score, "0"), "mean": tr.number(result.mean)}
        if result.band is None:
            return tr(
                N_(
                    "Partial score {score}/100 (mean {mean} out of 5): too few answers for a "
                    "verdict. {answered}."
                ),
                answered=answered,
                **figures,
            )
        return tr(
            N_("Score {score}/100 (mean {mean} out of 5): {band}. {answered}."),
            band=tr(BAND_LABELS[result.band]),
            answered=answered,
            **figures,
        )
    percent = tr.percent(result.score / 100)
    if result.partial:
        return tr(
            N_("Partial progress {percent}. {answered}."), percent=percent, answered=answered
        )
    return tr(N_("Progress {percent}. {answered}."), percent=percent, answered=answered)


def _placement_lines(tr: Translator, m: Markup, result: ModuleSummary) -> list[str]:
    """Where the person places the group: shown as it is, never scored."""
    paragraphs = []
    for r in result.placements:
        choice = None if not r.value else result.module.scale_for(r.item).choice(r.value)
        if choice is not None:
            where = tr(N_("Where you place the group: {choice}"), choice=tr(choice.label))
            lines = [m.bold(m.escape(tr(r.item.title))), m.escape(where)]
            lines.append(m.italic(m.escape(tr(choice.definition))))
            paragraphs.append("\n".join(lines))
    return paragraphs


def _phase_lines(tr: Translator, m: Markup, result: ModuleSummary) -> str:
    lines = []
    for group in result.groups:
        value = "—" if group.score is None else tr.percent(group.score / 100)
        if group.status is not None:
            value = tr(N_("{value}, {status}"), value=value, status=tr(PHASE_LABELS[group.status]))
        line = tr(N_("{title}: {value}"), title=tr(group.group.title), value=value)
        lines.append(m.escape(line))
    if result.current_group is not None:
        current = tr(
            N_("Your initiative is in this phase: {phase}"), phase=tr(result.current_group.title)
        )
        lines.append(m.bold(m.escape(current)))
    return "\n".join(lines)


def _item_list(tr: Translator, m: Markup, heading: str, results: Sequence[ItemResult]) -> str:
    items = "\n".join(f"• {m.escape(tr(r.item.title))}" for r in results)
    return f"{m.bold(m.escape(heading))}\n{items}"


def _answer_list(tr: Translator, m: Markup, result: ModuleSummary) -> str:
    lines = [m.bold(m.escape(tr(N_("Your answers"))))]
    for r in result.items:
        label = choice_label(tr, result.module.scale_for(r.item), r.value)
        lines.append(f"• {m.escape(tr(r.item.title))} — {m.escape(label)}")
        if r.answer is not None and r.answer.comment:
            lines.append("  " + m.italic(m.escape(r.answer.comment)))
    return "\n".join(lines)
