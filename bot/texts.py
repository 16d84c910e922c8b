"""Sentences both front doors say (the terminal chat and Telegram), each written once."""

from __future__ import annotations

from flows import deadlines
from flows.model import N_
from storage.models import Role
from usecases import rounds

ROLE_NAMES = {
    Role.COORDINATOR: N_("coordinator"),
    Role.COACH: N_("coach"),
    Role.MEMBER: N_("member"),
}
JOINED = N_("Welcome to “{name}”! You joined as {role}.")
STALE_BUTTON = N_("This button is no longer valid.")
NOT_COORDINATOR = N_("Only the coordinator of this initiative can manage its invite links.")
LAST_COORDINATOR = N_(
    "Nobody else coordinates “{name}”: first make someone else coordinator in /members, or "
    "delete the initiative with /delete."
)
"""Said when a last coordinator would leave, step down or be forgotten (storage/roster.py)."""

ROUND_REFUSALS = {
    rounds.NOT_A_MEMBER: N_("You are not a member of this initiative."),
    rounds.NOT_ALLOWED: N_(
        "Only a coordinator of the initiative can open and close rounds; coordinators and "
        "coaches can follow them."
    ),
    rounds.ALREADY_OPEN: N_("A round is already open: close it before opening another."),
    rounds.NONE_OPEN: N_("No round is open."),
    rounds.NONE_CLOSED: N_("No round has closed yet: results come once one closes."),
    rounds.NO_MODULES: N_("A round covers at least one module."),
    rounds.NO_TITLE: N_("A round needs a title."),
    rounds.TITLE_TOO_LONG: N_("A round's title has at most 80 characters."),
    rounds.DEADLINE_PASSED: N_("That deadline has passed."),
    rounds.NOT_LATER: N_("The new deadline must come after the current one."),
}
"""What stood in the way of a round use case (usecases/rounds.py)."""

DEADLINE_REFUSALS = {
    deadlines.Why.UNREADABLE: N_("That is not a date and time I can read."),
    deadlines.Why.NOT_A_TIME: N_("That time does not exist (no such day, or the clocks skip it)."),
    deadlines.Why.PASSED: N_("That time has passed."),
}
DEADLINE_EXAMPLE = N_(
    "Type a date and time to come, for example 15/12 18h or 2026-12-15 18:00 (in the "
    "initiative's time zone, {zone})."
)

PERSPECTIVE_HINT = N_(
    "Optional: /perspective says which side you speak from (State, local authority, civil "
    "society…)."
)
"""Told to a respondent who joins an initiative (bot/handlers/perspectives.py)."""
