"""Saying which side one speaks from in an initiative, or taking it back: optional, for anyone
in it, and kept with their membership (part of /mydata, gone with /forget). A round stores the
perspectives of its respondents when it closes, never who gave which."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.perspectives import Perspective
from storage import perspectives as stored
from usecases.permissions import Action
from usecases.rounds import Refused, refusal


async def mine(
    session: AsyncSession, person_id: int, initiative_id: int
) -> Perspective | None | Refused:
    refused = await refusal(session, person_id, initiative_id, Action.ANSWER)
    if refused is not None:
        return refused
    said = await stored.perspective(session, person_id=person_id, initiative_id=initiative_id)
    return None if said is None or said not in set(Perspective) else Perspective(said)


async def choose(
    session: AsyncSession, person_id: int, initiative_id: int, chosen: Perspective | None
) -> Perspective | None | Refused:
    """Sets (None: takes back) the person's perspective in the initiative."""
    refused = await refusal(session, person_id, initiative_id, Action.ANSWER)
    if refused is not None:
        return refused
    await stored.set_perspective(
        session,
        person_id=person_id,
        initiative_id=initiative_id,
        perspective=None if chosen is None else str(chosen),
    )
    return chosen
