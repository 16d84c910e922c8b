"""Rounds as text: the open round, its progress (counts only), a closed round's results.

Like bot/render.py: paragraphs, every string through ``markup.escape``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.render import MODULE_LABELS, Markup
from bot.texts import DEADLINE_EXAMPLE
from flows.content import MODULES
from flows.group import ItemFigures, ModuleFigures
from flows.i18n import Translator
from flows.model import N_, ModuleId, Scale, ScaleKind
from flows.scoring import BAND_LABELS, Band
from storage.records import InitiativeRecord
from storage.round_calls import NEWS, REMINDERS
from storage.rounds import RoundRecord
from usecases import delivery
from usecases.rounds import Progress, Results
from usecases.walkthrough import Menu

MESSAGE_KINDS = {NEWS: N_("Round news"), REMINDERS: N_("Reminders")}
WITHHELD = N_(
    "Figures withheld: fewer than {n} people gave a counted answer, so no one's answers could "
    "be recognised."
)


def round_line(tr: Translator, found: RoundRecord, initiative: InitiativeRecord) -> str:
    modules = ", ".join(tr(MODULE_LABELS[m]) for m in found.modules)
    if found.deadline is None:
        return tr(N_("Round “{title}” is open: {modules}."), title=found.title, modules=modules)
    return tr(
        N_("Round “{title}” is open until {deadline}: {modules}."),
        title=found.title,
        deadline=tr.moment(found.deadline, initiative.timezone),
        modules=modules,
    )


OBSERVING = N_(
    "Coaches follow a round without answering it: what you answer here is your own "
    "self-assessment."
)


def open_round_lines(tr: Translator, menu: Menu) -> list[str]:
    """What a module menu says of the open round: for a respondent, for a coach."""
    if menu.round is not None:
        return [round_line(tr, menu.round, menu.initiative)]
    if menu.observed is not None:
        return [round_line(tr, menu.observed, menu.initiative), tr(OBSERVING)]
    return []


def thanks(tr: Translator, found: RoundRecord, initiative: InitiativeRecord) -> str:
    """For a respondent who answered every module of the round."""
    if found.deadline is None:
        return tr(
            N_(
                "Thank you: you answered every module of round “{title}”. Everyone will get "
                "the results when it closes."
            ),
            title=found.title,
        )
    return tr(
        N_(
            "Thank you: you answered every module of round “{title}”. Everyone will get the "
            "results when it closes, on {deadline}."
        ),
        title=found.title,
        deadline=tr.moment(found.deadline, initiative.timezone),
    )


def reminder(
    tr: Translator, found: RoundRecord, initiative: InitiativeRecord, left: list[str]
) -> str:
    """To a respondent who has not finished: what is left, and until when."""
    modules = ", ".join(left)
    if found.deadline is None:
        return tr(
            N_("Reminder: round “{title}” is open. Left for you: {modules}."),
            title=found.title,
            modules=modules,
        )
    return tr(
        N_("Reminder: round “{title}” is open until {deadline}. Left for you: {modules}."),
        title=found.title,
        deadline=tr.moment(found.deadline, initiative.timezone),
        modules=modules,
    )


def extended(
    tr: Translator, found: RoundRecord, initiative: InitiativeRecord, left: list[str]
) -> str:
    """To a respondent who has not finished: the new deadline, and what is left."""
    assert found.deadline is not None
    return tr(
        N_("Round “{title}” now closes on {deadline}. Left for you: {modules}."),
        title=found.title,
        deadline=tr.moment(found.deadline, initiative.timezone),
        modules=", ".join(left),
    )


def deadline_refused(tr: Translator, m: Markup, why: str, zone: str) -> list[str]:
    """Why a deadline is refused (``why``: a msgid), and an example of one."""
    return [m.escape(tr(why)), m.escape(tr(DEADLINE_EXAMPLE, zone=zone))]


def progress(
    tr: Translator, m: Markup, shown: Progress, initiative: InitiativeRecord
) -> list[str]:
    lines = []
    for module in shown.modules:
        counts = ", ".join(
            (
                tr.plural("{n} finished", "{n} finished", module.finished),
                tr.plural("{n} under way", "{n} under way", module.under_way),
                tr.plural("{n} not started", "{n} not started", module.not_started),
            )
        )
        label = tr(MODULE_LABELS[module.module])
        lines.append(m.escape(tr(N_("{title}: {value}"), title=label, value=counts)))
    people = tr.plural("{n} respondent", "{n} respondents", shown.respondents)
    return [
        m.bold(m.escape(round_line(tr, shown.round, initiative))),
        m.escape(people),
        "\n".join(lines),
        m.italic(m.escape(tr(N_("Figures come once the round is closed.")))),
        sent(tr, m, shown.messages),
    ]


def sent(tr: Translator, m: Markup, messages: tuple[delivery.Delivery, ...]) -> str:
    """What the coach did with the round's messages: sent, waiting, not delivered and why,
    uncertain."""
    if not messages:
        return m.escape(tr(N_("The coach has sent nothing for this round yet.")))
    lines = [m.bold(m.escape(tr(N_("What the coach sent for this round"))))]
    for kind in messages:
        counts = [tr.plural("{n} sent", "{n} sent", kind.sent)]
        if kind.waiting:
            counts.append(tr.plural("{n} waiting", "{n} waiting", kind.waiting))
        counts.extend(_failed(tr, why, n) for why, n in kind.failed)
        if kind.unknown:
            counts.append(
                tr.plural(
                    "{n} uncertain (no answer from Telegram: it may have arrived)",
                    "{n} uncertain (no answer from Telegram: they may have arrived)",
                    kind.unknown,
                )
            )
        title = tr(MESSAGE_KINDS[kind.kind])
        lines.append(m.escape(tr(N_("{title}: {value}"), title=title, value=", ".join(counts))))
    return "\n".join(lines)


def _failed(tr: Translator, why: str, n: int) -> str:
    if why == delivery.BLOCKED_BOT:
        return tr.plural(
            "{n} not delivered (the person blocked the coach)",
            "{n} not delivered (these people blocked the coach)",
            n,
        )
    if why == delivery.GAVE_UP_ON:
        return tr.plural(
            "{n} not delivered (Telegram kept failing)",
            "{n} not delivered (Telegram kept failing)",
            n,
        )
    if why == delivery.NOT_IN_GROUP:
        return tr.plural(
            "{n} not posted (the group was unlinked, or the coach removed from it)",
            "{n} not posted (the group was unlinked, or the coach removed from it)",
            n,
        )
    return tr.plural("{n} refused by Telegram", "{n} refused by Telegram", n)


def results(tr: Translator, m: Markup, shown: Results) -> list[str]:
    found, initiative = shown.round, shown.initiative
    assert found.closed_at is not None
    closed = tr.moment(found.closed_at, initiative.timezone)
    heading = tr(
        N_("Results of round “{title}”, closed on {date}"), title=found.title, date=closed
    )
    people = tr.plural("{n} respondent", "{n} respondents", found.respondents or 0)
    paragraphs = [m.bold(m.escape(heading)), m.escape(people)]
    threshold = initiative.anonymity_threshold
    for figures in shown.modules:
        paragraphs.append(_module(tr, m, figures, threshold))
    if shown.comments:
        paragraphs.append(comments(tr, m, shown.comments))
    return paragraphs


def comments(tr: Translator, m: Markup, said: Sequence[tuple[ModuleId, str, str]]) -> str:
    """A closed round's anonymous comments, item by item."""
    lines = [m.bold(m.escape(tr(N_("Comments, without their authors"))))]
    for module, item_id, text in said:
        item = MODULES[module].item(item_id)
        title = tr(item.title) if item else item_id
        line = tr(N_("{title}: {value}"), title=m.italic(m.escape(title)), value=m.escape(text))
        lines.append(f"• {line}")
    return "\n".join(lines)


def _module(tr: Translator, m: Markup, figures: ModuleFigures, threshold: int) -> str:
    module = figures.module
    lines = [m.bold(m.escape(tr(module.title)))]
    if figures.respondents == 0:
        lines.append(m.escape(tr(N_("Nobody answered this module."))))
        return "\n".join(lines)
    if figures.withheld:
        lines.append(m.escape(tr(WITHHELD, n=threshold)))
        return "\n".join(lines)
    if figures.score is not None and not module.groups:
        lines.append(m.escape(module_score(tr, figures)))
    if figures.phases:
        placed = " · ".join(
            f"{tr(g.title)} {figures.phases[g.id]}"
            for g in module.groups
            if g.id in figures.phases
        )
        where = tr(N_("Where respondents place the initiative: {phases}"), phases=placed)
        lines.append(m.escape(where))
    for group in module.groups:
        if group.id in figures.phase_progress:
            value = tr.percent(figures.phase_progress[group.id] / 100)
            lines.append(m.escape(tr(N_("{title}: {value}"), title=tr(group.title), value=value)))
    for item in figures.items:
        if not module.groups:
            lines.append(f"• {m.escape(_item(tr, module.scale_for(item.item), item))}")
    if any(item.withheld for item in figures.items):
        lines.append(m.italic(m.escape(tr(WITHHELD, n=threshold))))
    return "\n".join(lines)


def module_score(tr: Translator, figures: ModuleFigures) -> str:
    assert figures.score is not None
    bands = figures.bands
    counts = ", ".join(
        (
            tr.plural("{n} strength", "{n} strengths", bands[Band.STRENGTH]),
            tr.plural("{n} to discuss", "{n} to discuss", bands[Band.DISCUSS]),
            tr.plural("{n} to strengthen", "{n} to strengthen", bands[Band.STRENGTHEN]),
        )
    )
    return tr(
        N_("Group score {score}/100; items: {counts}."),
        score=tr.number(figures.score, "0"),
        counts=counts,
    )


def _item(tr: Translator, scale: Scale, item: ItemFigures) -> str:
    title = tr(item.item.title)
    if item.withheld:
        value = tr(N_("withheld"))
    elif scale.kind is ScaleKind.PLACEMENT:
        value = " · ".join(
            f"{tr(choice.label)} {count}"
            for choice in scale.choices
            if (count := item.distribution.get(choice.value, 0))
        )
    elif item.score is not None and item.band is not None:
        value = tr(
            N_("{score}/100, {band}"),
            score=tr.number(item.score, "0"),
            band=tr(BAND_LABELS[item.band]),
        )
    else:
        value = "—"
    answers = tr.plural("{n} answer", "{n} answers", item.counted)
    if item.dont_know:
        unknown = tr.plural("{n} “don't know”", "{n} “don't know”", item.dont_know)
        answers = tr(N_("{answered}, including {unknown}"), answered=answers, unknown=unknown)
    return tr(N_("{title}: {value} ({answers})"), title=title, value=value, answers=answers)
