"""/settings as text: the settings, one setting's explanation, why a value is refused.

Like bot/render.py: paragraphs, every string through ``markup.escape``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.render import Markup
from bot.texts import ROUND_REFUSALS
from flows.i18n import Translator
from flows.model import N_
from storage.records import InitiativeRecord
from usecases import settings
from usecases.settings import BOUNDS, FIELDS, Refused, Setting

ABOUT = {
    Setting.TIMEZONE: N_(
        "Deadlines are typed and shown in the initiative's time zone, and quiet hours fall in it."
    ),
    Setting.QUIET_HOURS: N_(
        "Nothing the bot sends on its own (round news, reminders, results) leaves during quiet "
        "hours: it waits for their end."
    ),
    Setting.REMINDER_EVERY: N_(
        "Days between automatic reminders to those who have not finished a round. Off: none "
        "(the reminder the day before the deadline still goes)."
    ),
    Setting.REMINDER_MAX: N_(
        "The most reminders a round gets, automatic ones and /remind together (the one the day "
        "before the deadline does not count)."
    ),
    Setting.ANONYMITY: N_(
        "Group figures show only where at least this many people gave a counted answer, so that "
        "no one's answers can be recognised."
    ),
    Setting.DETAIL: N_(
        "Comments show only when a round had at least this many respondents, and the item as "
        "many counted answers."
    ),
}
IN_WORDS = {"en": N_("English"), "fr": N_("French")}
"""A language's name inside a sentence, in the sentence's language."""
ABOUT |= {
    Setting.LANGUAGE: N_(
        "What the bot posts in the initiative's Telegram group is written in this language; "
        "each person's private chat stays in their own."
    ),
    Setting.GROUP_FIGURES: N_(
        "When a round closes, the group's post says its results are ready, and each member reads "
        "them in private. With the figures posted, everyone in the group sees them, people "
        "outside the initiative included (the same thresholds hold; comments stay private)."
    ),
}
TYPE = {
    Setting.TIMEZONE: N_(
        "Type the time zone's name, for example Europe/Paris or America/Toronto. /cancel to stop."
    ),
    Setting.QUIET_HOURS: N_(
        "Type the quiet hours, for example 21:00-08:00, or none. /cancel to stop."
    ),
    Setting.REMINDER_EVERY: N_(
        "Type the number of days, from 1 to {high}, or 0 for none. /cancel to stop."
    ),
}
TYPE_NUMBER = N_("Type a whole number from {low} to {high}. /cancel to stop.")
REFUSALS = {
    settings.NOT_A_MEMBER: ROUND_REFUSALS[settings.NOT_A_MEMBER],
    settings.NOT_ALLOWED: N_("Only a coordinator of the initiative can change its settings."),
    settings.UNKNOWN_ZONE: N_(
        "That is not a time zone I know. Type its name as in the IANA database, for example "
        "Europe/Paris, Europe/Brussels or America/Toronto."
    ),
    settings.NOT_QUIET_HOURS: N_(
        "Those are not quiet hours I can read. Type them like 21:00-08:00 (from 21:00 to 08:00 "
        "the next morning), or none."
    ),
    settings.NOT_A_NUMBER: N_("Please type a whole number from {low} to {high}."),
    settings.TOO_LOW: N_(
        "This threshold cannot be below {low}: with fewer answers, someone's could be recognised."
    ),
    settings.TOO_HIGH: N_("That is too many: {high} at most."),
    settings.NOT_A_LANGUAGE: N_("Please tap one of the languages."),
    settings.NOT_ON_OFF: N_("Please tap one of the choices."),
}
"""Why a setting was not changed (usecases/settings.py)."""


def refusal(tr: Translator, refused: Refused) -> str:
    return tr(REFUSALS[refused.why], low=refused.low, high=refused.high)


def value(initiative: InitiativeRecord, setting: Setting) -> str | int:
    """The setting's value, as stored."""
    found: str | int = getattr(initiative, FIELDS[setting])
    return found


def screen(
    tr: Translator, m: Markup, initiative: InitiativeRecord, now: datetime, saved: bool = False
) -> list[str]:
    """The settings, each on a line."""
    local = now.astimezone(ZoneInfo(initiative.timezone))
    every, most = initiative.reminder_every, initiative.reminder_max
    lines = [
        tr(
            N_("Time zone: {zone} (it is {time} there now)."),
            zone=initiative.timezone,
            time=local.strftime("%H:%M"),
        ),
        tr(N_("Quiet hours: {hours}."), hours=initiative.quiet_hours.replace("-", "–"))
        if initiative.quiet_hours
        else tr(N_("Quiet hours: none.")),
        _every(tr, every),
        tr.plural(
            "At most {n} reminder per round, /remind included.",
            "At most {n} reminders per round, /remind included.",
            most,
        ),
        tr(
            N_("Group figures show where at least {n} people gave a counted answer."),
            n=initiative.anonymity_threshold,
        ),
        tr(
            N_("Comments show from {n} respondents and as many counted answers."),
            n=initiative.detail_threshold,
        ),
        tr(N_("Group posts: in {language}."), language=tr(IN_WORDS[initiative.language])),
        tr(N_("Figures in the group: posted when a round closes."))
        if initiative.group_figures
        else tr(N_("Figures in the group: not posted (the post says the results are ready).")),
    ]
    heading = tr(N_("Settings of “{name}”"), name=initiative.name)
    paragraphs = [m.bold(m.escape(heading)), "\n".join(f"• {m.escape(line)}" for line in lines)]
    paragraphs.append(m.italic(m.escape(tr(N_("Tap a setting to change it.")))))
    if saved:
        paragraphs.insert(0, m.escape(tr(N_("✓ Saved."))))
    return paragraphs


def _every(tr: Translator, days: int) -> str:
    if days > 1:
        return tr(N_("Automatic reminders: every {n} days."), n=days)
    if days:
        return tr(N_("Automatic reminders: every day."))
    return tr(N_("Automatic reminders: none."))


def about(tr: Translator, m: Markup, setting: Setting, typing: bool = False) -> list[str]:
    """What the setting does; and, when ``typing``, what to type."""
    paragraphs = [m.escape(tr(ABOUT[setting]))]
    low, high = BOUNDS.get(setting, (0, 0))
    if typing:
        paragraphs.append(m.escape(tr(TYPE.get(setting, TYPE_NUMBER), low=low, high=high)))
    elif setting in BOUNDS and setting is not Setting.REMINDER_EVERY:
        paragraphs.append(m.escape(tr(N_("From {low} to {high}."), low=low, high=high)))
    return paragraphs
