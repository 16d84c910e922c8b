"""What the sender did for a round's messages (its news, its reminders): sent, waiting, failed
and why, unknown (sent when the bot stopped, and no answer came: they may have arrived)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from storage import round_calls
from storage.calls import BLOCKED, GAVE_UP, GROUP_GONE
from storage.models import CallStatus

BLOCKED_BOT, GAVE_UP_ON, REFUSED = "blocked_bot", "gave_up", "refused"
NOT_IN_GROUP = "not_in_group"
"""Why calls failed: the person blocked the bot; Telegram kept failing, so the bot gave up;
Telegram refused them; or a group post's group was unlinked, or the bot removed from it."""


@dataclass(frozen=True, slots=True)
class Delivery:
    kind: str
    """storage.round_calls.NEWS or REMINDERS."""
    sent: int = 0
    waiting: int = 0
    unknown: int = 0
    failed: tuple[tuple[str, int], ...] = ()
    """(why, how many), most first."""

    @property
    def calls(self) -> int:
        return self.sent + self.waiting + self.unknown + sum(n for _, n in self.failed)


async def of_round(session: AsyncSession, round_id: int) -> tuple[Delivery, ...]:
    """Each kind of the round's messages that has any, in the order of KINDS."""
    by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in round_calls.KINDS}
    failed: dict[str, Counter[str]] = {kind: Counter() for kind in round_calls.KINDS}
    for row in await round_calls.tally(session, round_id=round_id):
        by_kind[row.kind][row.status] += row.calls
        if row.status is CallStatus.FAILED:
            failed[row.kind][_why(row.error)] += row.calls
    shown = []
    for kind in round_calls.KINDS:
        counts = by_kind[kind]
        delivery = Delivery(
            kind,
            sent=counts[CallStatus.SENT],
            waiting=counts[CallStatus.PENDING],
            unknown=counts[CallStatus.UNKNOWN],
            failed=tuple(failed[kind].most_common()),
        )
        if delivery.calls:
            shown.append(delivery)
    return tuple(shown)


def _why(error: str | None) -> str:
    if error == BLOCKED:
        return BLOCKED_BOT
    if error == GROUP_GONE:
        return NOT_IN_GROUP
    if error is not None and error.startswith(GAVE_UP):
        return GAVE_UP_ON
    return REFUSED
