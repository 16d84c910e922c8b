"""The coach dashboard as text: the initiatives one follows, and one initiative's latest closed
round — profile beside the indicator, gates, flagged items, the discussion agenda, anonymous
comments, the change since the round before. Like bot/render.py: paragraphs, every string
through ``markup.escape``."""

from __future__ import annotations

from bot.render import FIT_GATE, PRECONDITIONS_GATE, Markup
from bot.render_rounds import WITHHELD, comments, module_score
from bot.texts import ROLE_NAMES
from flows.agenda import AgendaOutcome
from flows.agreement import choices_at
from flows.content import MODULES
from flows.group import ItemFigures, ModuleFigures
from flows.i18n import Translator
from flows.model import N_
from flows.perspectives import PERSPECTIVE_LABELS
from flows.scoring import BAND_LABELS
from flows.summary import RoundSummary
from flows.trends import Change, ModuleChange
from usecases.dashboard import Apart, Dashboard, Followed

NOTHING_FOLLOWED = N_(
    "The dashboard is for coaches and coordinators: /results shows the latest round's results."
)
NOTHING_DIVERGES = N_(
    "Nothing to put on the agenda: the group agrees on every item with enough answers."
)
TOO_FEW_TO_RANK = N_(
    "Too few answers to rank disagreements: an item needs at least 5 counted answers."
)
CHANGES = {
    Change.WITHHELD_BEFORE: N_("not compared: too few answers in the earlier round"),
    Change.WITHHELD_NOW: N_("not compared: too few answers in this round"),
    Change.WITHHELD_BOTH: N_("not compared: too few answers in both rounds"),
    Change.NEW: N_("new in this round"),
    Change.DROPPED: N_("not in this round"),
}


def followed_list(tr: Translator, m: Markup, shown: list[Followed]) -> list[str]:
    paragraphs = [m.bold(m.escape(tr(N_("Initiatives you follow"))))]
    paragraphs += [_glance(tr, m, each) for each in shown]
    return paragraphs


def _glance(tr: Translator, m: Markup, shown: Followed) -> str:
    initiative = shown.initiative
    role = tr(ROLE_NAMES[shown.role])
    lines = [f"{m.bold(m.escape(initiative.name))} · {m.escape(role)}"]
    if shown.latest is not None and shown.indicator is not None:
        lines.append(m.escape(_indicator_line(tr, shown)))
    elif shown.latest is not None:
        lines.append(m.escape(tr(N_("Latest round: no indicator (too few answers)."))))
    else:
        lines.append(m.escape(tr(N_("No round closed yet."))))
    lines.append(m.escape(_open_line(tr, shown)))
    if shown.last_activity is None:
        lines.append(m.escape(tr(N_("No answer yet."))))
    else:
        when = tr.moment(shown.last_activity, initiative.timezone)
        lines.append(m.escape(tr(N_("Last answer: {date}."), date=when)))
    return "\n".join(lines)


def _indicator_line(tr: Translator, shown: Followed) -> str:
    assert shown.latest is not None and shown.indicator is not None
    return tr(
        N_("Indicator {score}/100, round “{title}”."),
        score=tr.number(shown.indicator.score, "0"),
        title=shown.latest.title,
    )


def _open_line(tr: Translator, shown: Followed) -> str:
    found = shown.open_round
    if found is None:
        return tr(N_("No round open."))
    finished = tr.plural(
        "{n} of {total} respondents has finished",
        "{n} of {total} respondents have finished",
        shown.finished,
        total=shown.respondents,
    )
    if found.deadline is None:
        return tr(N_("Round “{title}” open: {finished}."), title=found.title, finished=finished)
    return tr(
        N_("Round “{title}” open until {deadline}: {finished}."),
        title=found.title,
        deadline=tr.moment(found.deadline, shown.initiative.timezone),
        finished=finished,
    )


def dashboard(tr: Translator, m: Markup, shown: Dashboard) -> list[str]:
    followed, summary = shown.followed, shown.summary
    paragraphs = [_glance(tr, m, followed)]
    if summary is None or followed.latest is None:
        return paragraphs
    found = followed.latest
    assert found.closed_at is not None
    heading = tr(
        N_("Round “{title}”, closed on {date}"),
        title=found.title,
        date=tr.moment(found.closed_at, followed.initiative.timezone),
    )
    people = tr.plural("{n} respondent", "{n} respondents", found.respondents or 0)
    paragraphs.append(f"{m.bold(m.escape(heading))}\n{m.escape(people)}")
    threshold = followed.initiative.anonymity_threshold
    paragraphs.append(_profile(tr, m, summary, threshold))
    gates = [tr(PRECONDITIONS_GATE)] * summary.preconditions_first + [tr(FIT_GATE)] * (
        summary.fit_in_doubt
    )
    if gates:
        paragraphs.append("\n".join(m.escape(line) for line in gates))
    if summary.flagged:
        paragraphs.append(_flagged(tr, m, summary))
    paragraphs.append(_agenda(tr, m, summary))
    if shown.apart:
        paragraphs.append(_apart(tr, m, shown.apart))
    if shown.comments:
        paragraphs.append(comments(tr, m, shown.comments))
    if summary.changes is not None:
        paragraphs.append(_changes(tr, m, summary.changes))
    return paragraphs


def _profile(tr: Translator, m: Markup, summary: RoundSummary, threshold: int) -> str:
    lines = [m.bold(m.escape(tr(N_("Profile"))))]
    if summary.indicator is not None:
        indicator = tr(
            N_("Indicator: {score}/100 — the mean of the modules' group scores, not a verdict."),
            score=tr.number(summary.indicator.score, "0"),
        )
        lines.append(m.escape(indicator))
    for figures in summary.modules:
        lines.append(f"• {m.escape(_module_line(tr, figures, threshold))}")
    return "\n".join(lines)


def _module_line(tr: Translator, figures: ModuleFigures, threshold: int) -> str:
    title = tr(figures.module.title)
    if figures.withheld or figures.respondents == 0:
        value = tr(WITHHELD, n=threshold)
    elif figures.phases:
        value = tr(
            N_("placed in {phases}"),
            phases=" · ".join(
                f"{tr(g.title)} {figures.phases[g.id]}"
                for g in figures.module.groups
                if g.id in figures.phases
            ),
        )
    elif figures.score is not None:
        value = module_score(tr, figures)
    else:
        value = tr(N_("no group score (placements only)"))
    return tr(N_("{title}: {value}"), title=title, value=value)


def _flagged(tr: Translator, m: Markup, summary: RoundSummary) -> str:
    lines = [m.bold(m.escape(tr(N_("Items to look at"))))]
    for flagged in summary.flagged:
        lines.append(f"• {m.escape(_flag_line(tr, flagged.figures))}")
    return "\n".join(lines)


def _flag_line(tr: Translator, item: ItemFigures) -> str:
    why = []
    if item.polarised:
        why.append(tr(N_("polarised: answers at both ends")))
    elif item.divergent:
        why.append(tr(N_("divergent")))
    if item.consensus is not None:
        why.append(tr(N_("agreement {value}"), value=tr.number(item.consensus, "0.00")))
    if item.score is not None and item.band is not None:
        score = tr(
            N_("{score}/100, {band}"),
            score=tr.number(item.score, "0"),
            band=tr(BAND_LABELS[item.band]),
        )
        why.insert(0, score)
    return tr(N_("{title}: {value}"), title=tr(item.item.title), value=", ".join(why))


def _agenda(tr: Translator, m: Markup, summary: RoundSummary) -> str:
    lines = [m.bold(m.escape(tr(N_("For the next meeting"))))]
    outcome = summary.agenda.outcome
    if outcome is AgendaOutcome.NOTHING_DIVERGES:
        lines.append(m.escape(tr(NOTHING_DIVERGES)))
    elif outcome is AgendaOutcome.TOO_FEW_TO_RANK:
        lines.append(m.escape(tr(TOO_FEW_TO_RANK)))
    for number, entry in enumerate(summary.agenda.items, start=1):
        figures = entry.figures
        flag = tr(N_("polarised")) if figures.polarised else tr(N_("divergent"))
        head = tr(N_("{title} ({flag})"), title=tr(figures.item.title), flag=flag)
        lines.append(f"{number}. {m.bold(m.escape(head))}\n{m.escape(tr(entry.question))}")
    return "\n".join(lines)


def _apart(tr: Translator, m: Markup, apart: tuple[Apart, ...]) -> str:
    lines = [m.bold(m.escape(tr(N_("Where perspectives differ (the middle answer of each)"))))]
    for each in apart:
        scale = MODULES[each.module].scale_for(each.item)
        seen = " · ".join(
            tr(
                N_("{title}: {value}"),
                title=tr(PERSPECTIVE_LABELS[s.perspective]),
                value=" / ".join(tr(c.label) for c in choices_at(scale, s.median)),
            )
            for s in each.seen
        )
        lines.append(f"• {m.escape(tr(each.item.title))} — {m.escape(seen)}")
    return "\n".join(lines)


def _changes(tr: Translator, m: Markup, changes: tuple[ModuleChange, ...]) -> str:
    lines = [m.bold(m.escape(tr(N_("Since the round before"))))]
    for module in changes:
        lines.append(
            m.escape(_change_line(tr, tr(module.module.title), module.change, module.score))
        )
        for item in module.items:
            if item.change is not Change.COMPARED or (
                item.score is not None and round(item.score)
            ):
                line = _change_line(tr, tr(item.item.title), item.change, item.score)
                lines.append(f"• {m.escape(line)}")
    return "\n".join(lines)


def _change_line(tr: Translator, title: str, change: Change, delta: float | None) -> str:
    if change is not Change.COMPARED:
        value = tr(CHANGES[change])
    elif delta is None:
        value = tr(N_("no score to compare"))
    elif round(delta) == 0:
        value = tr(N_("no change"))
    else:
        value = tr(N_("{delta} points"), delta=tr.number(delta, "+0;-0"))
    return tr(N_("{title}: {value}"), title=title, value=value)
