"""The terminal chat's base: asking, and choosing, creating or joining an initiative."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.console import Console, LineTooLong
from bot.texts import JOINED, NOT_COORDINATOR, ROLE_NAMES
from flows.engine import COMMENT_LIMIT
from flows.i18n import Translator, translator
from flows.model import N_
from storage import repository as repo
from storage.models import ISSUE_MAX_LENGTH, NAME_MAX_LENGTH
from storage.records import DEFAULTS, InitiativeDefaults, InitiativeRecord, PersonRecord
from usecases import initiatives
from usecases.clock import Clock, SystemClock


class Quit(Exception):
    """The person asked to leave."""


class Conversation:
    """One person at the terminal: each question asked, each action one transaction."""

    person: PersonRecord
    """Set once the person is known, before anything else is asked."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        console: Console,
        local_user: str,
        clock: Clock | None = None,
        defaults: InitiativeDefaults = DEFAULTS,
    ) -> None:
        self.sessions = sessions
        self.console = console
        self.local_user = local_user
        self.clock = clock or SystemClock()
        self.defaults = defaults
        self.tr: Translator = translator("en")

    async def _ask(self, prompt: str) -> str:
        while True:
            try:
                return await self.console.ask(prompt)
            except LineTooLong:
                limit = self.tr.number(COMMENT_LIMIT, "#,##0")
                self.console.say(
                    self.tr(
                        N_(
                            "That line is too long: nothing of it was saved. A comment can "
                            "have at most {limit} characters."
                        ),
                        limit=limit,
                    )
                )

    async def _initiative(self) -> InitiativeRecord:
        """The initiative the person answers for, created, joined or picked when there is none."""
        async with self.sessions.begin() as session:
            active = await repo.active_initiative(session, person_id=self.person.id)
        return active or await self._pick_initiative()

    async def _pick_initiative(self) -> InitiativeRecord:
        while True:
            tr = self.tr
            async with self.sessions.begin() as session:
                mine = await initiatives.mine(session, self.person.id)
            lines = [f"{n}. {initiative.name}" for n, (initiative, _) in enumerate(mine, start=1)]
            lines.append(tr(N_("n. Create a new initiative")))
            lines.append(tr(N_("j. Join with an invite code")))
            self.console.say(tr(N_("Which initiative are you answering for?")), "\n".join(lines))
            while True:
                line = (await self._ask(tr(N_("Initiative")))).lower()
                if line in ("n", "j"):
                    break
                if line.isdigit() and 1 <= int(line) <= len(mine):
                    async with self.sessions.begin() as session:
                        chosen = await initiatives.choose(
                            session, self.person.id, mine[int(line) - 1][0].id
                        )
                    assert not isinstance(chosen, initiatives.Refused)  # one of theirs
                    return chosen
                if line == "q":
                    raise Quit
                self.console.say(tr(N_("Please type the number of an initiative, n or j.")))
            found = await (self._create_initiative() if line == "n" else self._join())
            if found is not None:
                return found

    async def _create_initiative(self) -> InitiativeRecord | None:
        tr = self.tr
        name = await self._text(
            tr(N_("Name of the initiative (a single dot cancels)")), NAME_MAX_LENGTH
        )
        if name is None:
            return None
        issue = await self._text(
            tr(N_("In one sentence, the issue it tackles (a single dot cancels)")),
            ISSUE_MAX_LENGTH,
        )
        if issue is None:
            return None
        async with self.sessions.begin() as session:
            initiative = await initiatives.create(
                session, self.person.id, name, issue, self.defaults, self.person.locale
            )
        self.console.say(tr(N_("Initiative “{name}” created."), name=initiative.name))
        return initiative

    async def _text(self, prompt: str, limit: int) -> str | None:
        """Text checked as the use cases check it; None when the person cancels with a dot."""
        while True:
            line = await self._ask(prompt)
            if line == ".":
                self.console.say(self.tr(N_("Cancelled: nothing was created.")))
                return None
            checked = initiatives.check(line, limit)
            if not isinstance(checked, initiatives.Refused):
                return checked
            if checked.why == initiatives.EMPTY:
                self.console.say(self.tr(N_("This cannot be empty.")))
            else:
                self.console.say(
                    self.tr(
                        N_("At most {limit} characters, please; this has {length}."),
                        limit=checked.limit,
                        length=checked.length,
                    )
                )

    async def _join(self) -> InitiativeRecord | None:
        """Asks for a code until one is valid (a mistyped one is asked again) or a dot."""
        tr = self.tr
        while True:
            code = await self._ask(tr(N_("Invite code (a single dot cancels)")))
            if code == ".":
                return None
            async with self.sessions.begin() as session:
                joined = await initiatives.join(session, self.person.id, code)
            if joined is not None:
                break
            self.console.say(
                tr(
                    N_(
                        "This invite code is not valid, or it was replaced. Ask your "
                        "coordinator for a new one."
                    )
                )
            )
        initiative, role = joined
        self.console.say(
            tr(
                JOINED,
                name=initiative.name,
                role=tr(ROLE_NAMES[role]),
            )
        )
        return initiative

    async def _show_invites(self, initiative: InitiativeRecord) -> None:
        tr = self.tr
        async with self.sessions.begin() as session:
            shown = await initiatives.invites(session, self.person.id, initiative.id)
        if isinstance(shown, initiatives.Refused):
            self.console.say(tr(NOT_COORDINATOR))
            return
        self.console.say(
            tr(
                N_(
                    "Invite codes for “{name}”. Give the first to members and the second to "
                    "coaches. To join, they choose j when asked which initiative they answer "
                    "for, then type the code."
                ),
                name=shown.initiative.name,
            ),
            tr(N_("Members: {code}"), code=shown.member_code)
            + "\n"
            + tr(N_("Coaches: {code}"), code=shown.coach_code),
        )
