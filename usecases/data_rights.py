"""A person's data rights and an initiative's end: everything stored about them as one JSON
document (/mydata); deleting all of it (/forget); a coordinator deleting their initiative with
everything in it (/delete), after typing its name."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.quiet import quiet_until
from flows.text import clean_line
from storage import personal, roster
from storage import repository as repo
from storage import rounds as stored_rounds
from storage.models import Role
from storage.records import InitiativeRecord, PersonRecord
from usecases.permissions import Action
from usecases.rounds import NOT_A_MEMBER, Refused, refusal

STALE = "stale"
DELETING = "delete_initiative:"
"""A person's pending text while they confirm deleting an initiative (its id follows)."""


@dataclass(frozen=True, slots=True)
class Export:
    file_name: str
    text: str
    """JSON, indented, UTF-8."""


@dataclass(frozen=True, slots=True)
class LastCoordinator:
    """Nothing changed: the person is the last coordinator of these initiatives, where others
    remain (storage/roster.py)."""

    initiatives: tuple[InitiativeRecord, ...]


@dataclass(frozen=True, slots=True)
class WrongName:
    """Nothing was deleted: what was typed is not the initiative's name."""

    initiative: InitiativeRecord


@dataclass(frozen=True, slots=True)
class Deleted:
    initiative: InitiativeRecord
    to: tuple[tuple[int, str | None], ...]
    """(Telegram chat, language) of the other members, to tell."""
    leaves_at: datetime
    """Now, or when the initiative's quiet hours end."""
    moved: tuple[tuple[PersonRecord, PersonRecord], ...] = ()
    """(before, after) of the others who answered for it: their command menus change."""


async def my_data(session: AsyncSession, person_id: int, now: datetime) -> Export:
    """Everything stored about the person, as of ``now``."""
    found = await personal.gather(session, person_id=person_id)
    found["replies_kept"] = [_reply(row) for row in found.get("replies_kept", [])]
    document = {"exported": now, **found}
    text = json.dumps(document, indent=2, ensure_ascii=False, default=_plain)
    return Export(f"my-data-{now:%Y-%m-%d}.json", text)


def _reply(row: dict[str, Any]) -> dict[str, Any]:
    """A stored call as the person would read it: its text (or a document's caption and file
    name), not the parameters Telegram needs."""
    params = json.loads(row.pop("params"))
    reply = row | {"text": params.get("text", params.get("caption"))}
    if "document" in params:
        reply["file"] = params["document"]["file_name"]
    return reply


def _plain(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not exported")


async def forget_key(session: AsyncSession, person_id: int) -> int | None:
    """What the confirmation of /forget carries, so that it confirms for this person only."""
    return await personal.token(session, person_id=person_id)


async def may_forget(session: AsyncSession, person_id: int) -> LastCoordinator | None:
    """Why the person cannot be forgotten yet; None when they can."""
    last = await roster.last_coordinator_of(session, person_id=person_id)
    return LastCoordinator(tuple(last)) if last else None


async def forget(
    session: AsyncSession, person: PersonRecord, confirmed_for: int, key: int
) -> Refused | LastCoordinator | None:
    """Deletes the person and everything about them, and the initiatives they were alone in,
    when the confirmation is theirs (``confirmed_for`` and ``key`` from ``forget_key``). An
    open round's answers go with them; a closed round's anonymous snapshot stays."""
    if confirmed_for != person.id or key != await forget_key(session, person.id):
        return Refused(STALE)
    for initiative, role in await repo.memberships(session, person_id=person.id):
        if role == Role.COORDINATOR:  # two coordinators forgotten at once leave one
            await roster.hold(session, initiative_id=initiative.id)
    refused = await may_forget(session, person.id)
    if refused is not None:
        return refused
    for initiative_id in await personal.alone_in(session, person_id=person.id):
        await personal.delete_initiative(session, initiative_id=initiative_id)
    await personal.forget_person(session, person_id=person.id, telegram_id=person.telegram_id)
    return None


async def ask_to_delete(
    session: AsyncSession, person_id: int, initiative_id: int
) -> InitiativeRecord | Refused:
    """For a coordinator: their next text, the initiative's name typed exactly, deletes it."""
    refused = await refusal(session, person_id, initiative_id, Action.DELETE_INITIATIVE)
    found = await repo.initiative(session, initiative_id=initiative_id)
    if refused is not None or found is None:
        return refused or Refused(NOT_A_MEMBER)
    await repo.set_pending(session, person_id=person_id, pending=f"{DELETING}{initiative_id}")
    return found


def deleting(person: PersonRecord) -> int | None:
    """The initiative the person is confirming to delete, if they are."""
    pending = person.pending or ""
    return int(pending.removeprefix(DELETING)) if pending.startswith(DELETING) else None


async def typed_name(
    session: AsyncSession, person: PersonRecord, typed: str, now: datetime
) -> Deleted | WrongName | Refused:
    """Deletes the initiative when ``typed`` is its name, exactly; a wrong name changes nothing
    (the person may type it again, or cancel)."""
    initiative_id = deleting(person)
    assert initiative_id is not None  # the router sends only these texts here
    found = await repo.initiative(session, initiative_id=initiative_id)
    refused = await refusal(session, person.id, initiative_id, Action.DELETE_INITIATIVE)
    if found is None or refused is not None:
        await repo.set_pending(session, person_id=person.id, pending=None)
        return refused or Refused(NOT_A_MEMBER)
    if clean_line(typed) != found.name:
        return WrongName(found)
    members = await stored_rounds.reachable(session, initiative_id=found.id, roles=list(Role))
    others = tuple((chat, locale) for someone, chat, locale in members if someone != person.id)
    moved = []
    for someone, _, _ in members:
        before = await repo.person_by(session, person_id=someone)
        if someone != person.id and before and before.active_initiative_id == found.id:
            moved.append((before, replace(before, role=None, active_initiative_id=None)))
    await personal.delete_initiative(session, initiative_id=found.id)
    await repo.set_pending(session, person_id=person.id, pending=None)
    quiet = quiet_until(now, found.timezone, found.quiet_hours)
    return Deleted(found, others, quiet or now, tuple(moved))
