"""Sentences both front doors say (the terminal chat and Telegram), each written once."""

from __future__ import annotations

from flows.model import N_
from storage.models import Role

ROLE_NAMES = {
    Role.COORDINATOR: N_("coordinator"),
    Role.COACH: N_("coach"),
    Role.MEMBER: N_("member"),
}
JOINED = N_("Welcome to “{name}”! You joined as {role}.")
NOT_COORDINATOR = N_("Only the coordinator of this initiative can manage its invite links.")
