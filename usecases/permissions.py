"""Who may do what in an initiative: one table, checked by the use cases before acting."""

from __future__ import annotations

from enum import StrEnum

from storage.models import Role


class Action(StrEnum):
    ANSWER = "answer"
    READ_SUMMARY = "read_summary"
    MANAGE_INVITES = "manage_invites"
    MANAGE_ROUNDS = "manage_rounds"
    """Open, extend and close a round."""
    READ_PROGRESS = "read_progress"
    """How far the open round is: counts only."""
    READ_RESULTS = "read_results"
    READ_DASHBOARD = "read_dashboard"
    """Follow the initiative from the dashboard: completion, the group's figures, the agenda."""
    RESPOND = "respond"
    """Be a respondent of a round: told, reminded, answering it. Coaches observe."""
    MANAGE_MEMBERS = "manage_members"
    """See the roster, change someone's role, remove someone."""
    MANAGE_SETTINGS = "manage_settings"
    DELETE_INITIATIVE = "delete_initiative"
    LINK_GROUP = "link_group"
    """Link the initiative's Telegram group, unlink it, replace its join code."""
    LEAVE = "leave"
    """Leave the initiative (a last coordinator hands over first: storage/roster.py)."""


COORDINATOR_ONLY = frozenset({Role.COORDINATOR})
MAY: dict[Action, frozenset[Role]] = {
    Action.ANSWER: frozenset(Role),
    Action.READ_SUMMARY: frozenset(Role),
    Action.MANAGE_INVITES: COORDINATOR_ONLY,
    Action.MANAGE_ROUNDS: COORDINATOR_ONLY,
    Action.READ_PROGRESS: frozenset({Role.COORDINATOR, Role.COACH}),
    Action.READ_RESULTS: frozenset(Role),
    Action.READ_DASHBOARD: frozenset({Role.COORDINATOR, Role.COACH}),
    Action.RESPOND: frozenset({Role.COORDINATOR, Role.MEMBER}),
    Action.MANAGE_MEMBERS: COORDINATOR_ONLY,
    Action.MANAGE_SETTINGS: COORDINATOR_ONLY,
    Action.DELETE_INITIATIVE: COORDINATOR_ONLY,
    Action.LINK_GROUP: COORDINATOR_ONLY,
    Action.LEAVE: frozenset(Role),
}


def allowed(role: Role | None, action: Action) -> bool:
    return role is not None and role in MAY[action]
