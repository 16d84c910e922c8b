"""The roster and roles as text: /members, a person's screen, /leave, and what the person whose
role changed is told. Every sentence is HTML-escaped with the names in it (bot.views.text)."""

from __future__ import annotations

from bot.keyboards_members import PAGE, pages
from bot.render_rounds import round_line
from bot.texts import LAST_COORDINATOR, ROLE_NAMES, ROUND_REFUSALS
from bot.views import text
from flows.i18n import Translator
from flows.model import N_
from flows.text import clean_line, clip
from storage.models import Role
from storage.records import InitiativeRecord
from storage.rounds import RoundRecord
from usecases import roster
from usecases.roster import Counts, Entry, Roster

REFUSALS = {
    roster.NOT_A_MEMBER: ROUND_REFUSALS[roster.NOT_A_MEMBER],
    roster.NOT_ALLOWED: N_(
        "Only a coordinator of the initiative can see its members and change their roles."
    ),
    roster.GONE: N_("This person is no longer in the initiative."),
    roster.CHANGED: N_("Their role changed in the meantime: here is how things stand now."),
    roster.YOURSELF: N_("To leave the initiative, use /leave."),
    roster.LAST_COORDINATOR: LAST_COORDINATOR,
    roster.ALONE: N_(
        "You are the only one in “{name}”: leaving would leave it empty. To delete it, use "
        "/delete."
    ),
}
"""What stood in the way of a roster use case (usecases/roster.py); ``name``: the initiative's."""
TOLD = {
    Role.COORDINATOR: N_("You now coordinate “{name}”: /members shows its members and roles."),
    Role.COACH: N_(
        "You are now a coach of “{name}”: you follow its rounds (/progress) and no longer "
        "answer them."
    ),
    Role.MEMBER: N_("You are now a member of “{name}”."),
}
"""What the person whose role changed is told."""
REMOVED = N_(
    "You are no longer in “{name}”: its coordination removed you. Your own self-assessment "
    "stays yours."
)
LEFT = N_("You left “{name}”.")
OTHERS = N_("Use /initiatives to choose the one you answer for now.")
STAY = N_("You stay in “{name}”.")
CONFIRM_LEAVE = N_(
    "Leave “{name}”? Your answers to a round still open are deleted; your own "
    "self-assessment stays yours. To come back you need an invite link."
)
REMOVED_DONE = N_("{name} is no longer in the initiative: they are told.")
ROLE_DONE = N_("Done: {name} now has the role “{role}”.")
YOU_NOW = N_("Done: you now have the role “{role}”.")


def refusal(tr: Translator, why: str, initiative: InitiativeRecord) -> str:
    return text(tr(REFUSALS[why], name=initiative.name))


def roster_page(tr: Translator, shown: Roster, page: int, you: int) -> list[str]:
    """The page's people: name, role, and for respondents their modules of the open round."""
    n = len(shown.people)
    paragraphs = [
        text(
            tr.plural(
                "“{name}”: {n} person.", "“{name}”: {n} people.", n, name=shown.initiative.name
            )
        )
    ]
    if shown.round is not None:
        paragraphs.append(text(round_line(tr, shown.round, shown.initiative)))
    lines = [_line(tr, entry, you) for entry in shown.people[page * PAGE : (page + 1) * PAGE]]
    paragraphs.append("\n".join(lines))
    if pages(n) > 1:
        paragraphs.append(text(tr(N_("Page {page} of {pages}."), page=page + 1, pages=pages(n))))
    paragraphs.append(text(tr(N_("Tap someone to change their role or remove them."))))
    return paragraphs


def person(tr: Translator, shown: Roster, entry: Entry, you: int) -> list[str]:
    """One person's screen: their role, how far they are in the open round, what a change
    does."""
    role = tr(ROLE_NAMES[entry.role])
    name = clean_line(entry.name)
    paragraphs = [
        text(
            tr(
                N_("Role of {name} in “{initiative}”: {role}."),
                name=name,
                initiative=shown.initiative.name,
                role=role,
            )
        )
    ]
    if shown.round is not None and entry.progress is not None:
        paragraphs.append(text(_progress(tr, shown.round, entry.progress)))
        paragraphs.append(
            text(tr(N_("Making them coach, or removing them, takes their answers out of it.")))
        )
    if entry.person_id == you:
        paragraphs.append(text(tr(REFUSALS[roster.YOURSELF])))
    return paragraphs


def confirm_remove(tr: Translator, shown: Roster, entry: Entry) -> list[str]:
    paragraphs = [
        text(
            tr(
                N_("Remove {name} from “{initiative}”? They are told."),
                name=clean_line(entry.name),
                initiative=shown.initiative.name,
            )
        )
    ]
    if shown.round is not None and entry.progress is not None:
        paragraphs.append(text(tr(N_("Their answers to the open round are deleted."))))
    return paragraphs


def joined(tr: Translator, found: RoundRecord, initiative: InitiativeRecord) -> str:
    """For someone who became a respondent while a round is open."""
    return tr(
        N_("You answer its open round now. {round}"), round=round_line(tr, found, initiative)
    )


def _line(tr: Translator, entry: Entry, you: int) -> str:
    name = clip(clean_line(entry.name), 64)
    if entry.person_id == you:
        name = tr(N_("{name} (you)"), name=name)
    line = f"{name}, {tr(ROLE_NAMES[entry.role])}"
    if entry.progress is not None:
        line = f"{line} — {_counts(tr, entry.progress)}"
    return "• " + text(line)


def _counts(tr: Translator, counts: Counts) -> str:
    return tr(
        N_("modules finished: {finished}, under way: {under_way}, not started: {not_started}"),
        finished=counts.finished,
        under_way=counts.under_way,
        not_started=counts.not_started,
    )


def _progress(tr: Translator, found: RoundRecord, counts: Counts) -> str:
    return tr(N_("In round “{title}”, {counts}."), title=found.title, counts=_counts(tr, counts))
