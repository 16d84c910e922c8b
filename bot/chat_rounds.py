"""The terminal chat's rounds: open one, follow it, close it, read the results and, for coaches
and coordinators, the dashboard, so that a round can be tried on one machine (several
``--user``s)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot import render_dashboard
from bot.chat_initiatives import Conversation
from bot.render import MODULE_LABELS, PLAIN
from bot.render_dashboard import NOTHING_FOLLOWED
from bot.render_rounds import progress, results, round_line, thanks
from bot.texts import DEADLINE_EXAMPLE, DEADLINE_REFUSALS, ROUND_REFUSALS
from flows import deadlines
from flows.content import MODULES
from flows.deadlines import Length
from flows.model import N_, ModuleId
from storage.records import InitiativeRecord
from usecases import dashboard, rounds

LENGTH_KEYS = {"1": Length.DAYS_3, "2": Length.WEEK_1, "3": Length.WEEKS_2}


class RoundsConversation(Conversation):
    async def _open_round(self, initiative: InitiativeRecord) -> None:
        tr, now = self.tr, self.clock.now()
        today = tr.date(now.astimezone(ZoneInfo(initiative.timezone)).date())
        title = await self._ask(
            tr(N_("Title of the round (Enter: {today}; a single dot cancels)"), today=today)
        )
        if title == ".":
            self._cancelled()
            return
        modules = await self._modules()
        if modules is None:
            self._cancelled()
            return
        deadline = await self._deadline(initiative)
        if deadline == ".":
            self._cancelled()
            return
        async with self.sessions.begin() as session:
            opened = await rounds.open_round(
                session,
                self.person.id,
                initiative.id,
                title=title or today,
                modules=modules,
                deadline=None if isinstance(deadline, str) else deadline,
                now=self.clock.now(),
            )
        if isinstance(opened, rounds.Refused):
            self.console.say(tr(ROUND_REFUSALS[opened.why]))
        else:
            self.console.say(round_line(tr, opened, initiative))

    async def _modules(self) -> list[ModuleId] | None:
        tr = self.tr
        listed = [f"{n}. {tr(MODULE_LABELS[m])}" for n, m in enumerate(MODULES, start=1)]
        self.console.say("\n".join(listed))
        while True:
            line = await self._ask(
                tr(N_("Modules it covers: their numbers, e.g. 1 3 (Enter: all; a dot cancels)"))
            )
            if line == ".":
                return None
            if not line:
                return list(MODULES)
            numbers = line.replace(",", " ").split()
            if all(n.isdigit() and 1 <= int(n) <= len(MODULES) for n in numbers):
                return [list(MODULES)[int(n) - 1] for n in numbers]
            self.console.say(tr(N_("Please type module numbers from the list.")))

    async def _deadline(self, initiative: InitiativeRecord) -> datetime | str:
        """A deadline (UTC), "" for none, or "." to cancel."""
        tr = self.tr
        keys = tr(
            N_("1: in 3 days · 2: in 1 week · 3: in 2 weeks · Enter: no deadline · or a date")
        )
        while True:
            line = await self._ask(tr(N_("Deadline ({keys})"), keys=keys))
            if line in ("", "."):
                return line
            now = self.clock.now()
            if line in LENGTH_KEYS:
                return deadlines.after(LENGTH_KEYS[line], now, initiative.timezone)
            found = deadlines.parse(line, now, initiative.timezone)
            if not isinstance(found, deadlines.Refused):
                return found
            self.console.say(tr(DEADLINE_REFUSALS[found.why]))
            self.console.say(tr(DEADLINE_EXAMPLE, zone=initiative.timezone))

    async def _round_progress(self, initiative: InitiativeRecord) -> None:
        async with self.sessions.begin() as session:
            shown = await rounds.progress(session, self.person.id, initiative.id, self.clock.now())
        if isinstance(shown, rounds.Refused):
            self.console.say(self.tr(ROUND_REFUSALS[shown.why]))
        else:
            self.console.say(*progress(self.tr, PLAIN, shown, initiative))

    async def _close_round(self, initiative: InitiativeRecord) -> None:
        tr = self.tr
        line = await self._ask(
            tr(N_("Close the round? Answers freeze and the results are stored. y: close · n: no"))
        )
        if line.lower() != "y":
            self._cancelled()
            return
        async with self.sessions.begin() as session:
            closed = await rounds.close_round(
                session, self.person.id, initiative.id, self.clock.now()
            )
        if isinstance(closed, rounds.Refused):
            self.console.say(tr(ROUND_REFUSALS[closed.why]))
        else:
            self.console.say(tr(N_("Round “{title}” is closed."), title=closed.title))
            await self._round_results(initiative)

    async def _round_results(self, initiative: InitiativeRecord) -> None:
        async with self.sessions.begin() as session:
            shown = await rounds.results(session, self.person.id, initiative.id, self.clock.now())
        if isinstance(shown, rounds.Refused):
            self.console.say(self.tr(ROUND_REFUSALS[shown.why]))
        else:
            self.console.say(*results(self.tr, PLAIN, shown))

    async def _dashboard(self, initiative: InitiativeRecord) -> None:
        async with self.sessions.begin() as session:
            shown = await dashboard.view(session, self.person.id, initiative.id, self.clock.now())
        if isinstance(shown, rounds.Refused):
            self.console.say(self.tr(NOTHING_FOLLOWED))
        else:
            self.console.say(*render_dashboard.dashboard(self.tr, PLAIN, shown))

    async def _thank(self, initiative: InitiativeRecord) -> None:
        """Thanks a respondent who has answered every module of the open round."""
        async with self.sessions.begin() as session:
            done = await rounds.completed(session, self.person.id, initiative.id, self.clock.now())
        if done is not None:
            self.console.say(thanks(self.tr, done, initiative))

    def _cancelled(self) -> None:
        self.console.say(self.tr(N_("Cancelled: nothing changed.")))
