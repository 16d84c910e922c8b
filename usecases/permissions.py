"""Who may do what in an initiative: one table, checked by the use cases before acting."""

from __future__ import annotations

from enum import StrEnum

from storage.models import Role


class Action(StrEnum):
    ANSWER = "answer"
    READ_SUMMARY = "read_summary"
    MANAGE_INVITES = "manage_invites"


MAY: dict[Action, frozenset[Role]] = {
    Action.ANSWER: frozenset(Role),
    Action.READ_SUMMARY: frozenset(Role),
    Action.MANAGE_INVITES: frozenset({Role.COORDINATOR}),
}


def allowed(role: Role | None, action: Action) -> bool:
    return role is not None and role in MAY[action]
