"""The coach in a terminal: the same use cases and storage as the Telegram bot, a line an action.

Works on a TTY and with piped input; end of input saves nothing less than a quit does, and
Ctrl-C stops at once with the same goodbye.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import BinaryIO, TextIO

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.chat_initiatives import Quit
from bot.chat_keys import event_for, prompt_for
from bot.chat_rounds import RoundsConversation
from bot.console import Console, EndOfInput
from bot.render import PLAIN, module_progress, notice, screen, summary
from bot.render_rounds import open_round_lines
from flows.content import MODULES
from flows.engine import DoneScreen, Event, Resume, Step
from flows.i18n import LANGUAGES, translator
from flows.model import N_, ModuleId
from flows.scoring import summarize
from storage import repository as repo
from storage.models import Role
from storage.records import DEFAULTS, InitiativeDefaults, InitiativeRecord, PersonRecord
from usecases import initiatives, people, walkthrough
from usecases.clock import Clock
from usecases.permissions import Action, allowed

GOODBYE = N_("Goodbye. Your answers are saved.")


class Chat(RoundsConversation):
    """One person's conversation; every action is one transaction."""

    async def run(self) -> None:
        try:
            person = await self._person()
            if person.locale is None:
                await self._choose_language()
            await self._main_menu()
        except Quit:
            self.console.say(self.tr(GOODBYE))
        except EndOfInput:
            self.console.say(
                self.tr(
                    N_(
                        "Input ended. Your answers are saved: run the chat again to continue "
                        "where you left off."
                    )
                )
            )
        except asyncio.CancelledError:  # Ctrl-C: asyncio cancels the chat while it waits
            self.console.newline()
            self.console.say(self.tr(GOODBYE))
            raise

    async def _person(self) -> PersonRecord:
        async with self.sessions.begin() as session:
            person = await repo.local_person(session, local_user=self.local_user)
        self.person = person
        if person.locale:
            self.tr = translator(person.locale)
        return person

    async def _choose_language(self) -> None:
        self.console.say("1. English\n2. Français")
        while True:
            line = await self._ask("Language / Langue")
            if line in ("1", "2"):
                break
            self.console.say(self.tr(N_("Please type 1 or 2.")))
        language = LANGUAGES[int(line) - 1]
        async with self.sessions.begin() as session:
            await people.set_language(session, self.person.id, language)
        self.tr = translator(language)

    # Menu ----------------------------------------------------------------------------------

    async def _main_menu(self) -> None:
        initiative = await self._initiative()
        resumed = await self._resume_target()
        if resumed is not None:
            self.console.say(self.tr(N_("Initiative: {name}"), name=initiative.name))
            await self._walk(initiative, resumed)
        while True:
            tr = self.tr
            async with self.sessions.begin() as session:
                menu = await walkthrough.menu(
                    session, self.person.id, initiative, self.clock.now()
                )
                mine = await initiatives.mine(session, self.person.id)
            role = {member_of.id: role for member_of, role in mine}.get(initiative.id)
            keys = _menu_keys(role, (menu.round or menu.observed) is not None)
            lines = [
                f"{number}. {module_progress(tr, module, menu.progress)}"
                for number, module in enumerate(MODULES.values(), start=1)
            ]
            heading = [tr(N_("Initiative: {name}"), name=initiative.name)]
            heading += open_round_lines(tr, menu)
            self.console.say(
                "\n".join(heading), "\n".join(lines), " · ".join(tr(k) for k in keys.values())
            )
            line = (await self._ask(tr(N_("Module")))).lower()
            if line.isdigit() and 1 <= int(line) <= len(MODULES):
                await self._walk(initiative, list(MODULES)[int(line) - 1])
            elif line == "a":
                await self._all_summaries(initiative)
            elif line == "i":
                initiative = await self._pick_initiative()
            elif line in ROUND_KEYS and line in keys:
                await getattr(self, ROUND_KEYS[line])(initiative)
            elif line == "k" and "k" in keys:
                await self._show_invites(initiative)
            elif line == "l":
                await self._choose_language()
            elif line == "q":
                raise Quit
            else:
                self.console.say(tr(N_("Please type the number of a module, or a letter shown.")))

    async def _resume_target(self) -> ModuleId | None:
        async with self.sessions.begin() as session:
            place = await walkthrough.where(session, self.person.id, self.clock.now())
        return place.step.state.module if isinstance(place, walkthrough.AtStep) else None

    async def _all_summaries(self, initiative: InitiativeRecord) -> None:
        async with self.sessions.begin() as session:
            results = await walkthrough.summaries(
                session, self.person.id, initiative.id, self.clock.now()
            )
        for result in results or []:
            self.console.say(*summary(self.tr, PLAIN, result))

    # Walkthrough ---------------------------------------------------------------------------

    async def _walk(self, initiative: InitiativeRecord, module_id: ModuleId) -> None:
        step = await self._step(initiative, module_id, Resume())
        shown_in = self._show(step)
        while True:
            line = await self._ask(prompt_for(self.tr, step.screen))
            comment_dropped = step.state.awaiting_comment and line == "."
            event: Event | None = Resume() if comment_dropped else event_for(step.screen, line)
            key = line.lower()
            if event is not None:
                step = await self._step(initiative, module_id, event)
                if step.accepted:
                    shown_in = self._show(step)
                if step.accepted and isinstance(step.screen, DoneScreen):
                    await self._thank(initiative)
            elif key == "m":
                return
            elif key == "q":
                raise Quit
            elif key == "t" and isinstance(step.screen, DoneScreen):
                other = translator(LANGUAGES[(LANGUAGES.index(shown_in) + 1) % len(LANGUAGES)])
                self.console.say(*summary(other, PLAIN, summarize(module_id, step.answers)))
                shown_in = other.language
            else:
                self.console.say(self.tr(N_("Please type one of the keys shown.")))

    async def _step(self, initiative: InitiativeRecord, module_id: ModuleId, event: Event) -> Step:
        async with self.sessions.begin() as session:
            step = await walkthrough.step(
                session, self.person.id, initiative.id, module_id, event, self.clock.now()
            )
        if step.notice is not None:
            self.console.say(notice(self.tr, PLAIN, step.notice))
        return step

    def _show(self, step: Step) -> str:
        """Shows the step's screen; the language it is shown in."""
        self.console.say(*screen(self.tr, PLAIN, step.screen))
        return self.tr.language


async def run_chat(
    sessions: async_sessionmaker[AsyncSession],
    stdin: BinaryIO,
    stdout: TextIO,
    local_user: str,
    echo: bool,
    columns: Callable[[], int] | None = None,
    clock: Clock | None = None,
    defaults: InitiativeDefaults = DEFAULTS,
) -> None:
    """The chat on these streams; ``columns``, when given, is the width to wrap text to."""
    console = Console(stdin, stdout, echo, columns)
    await Chat(sessions, console, local_user, clock, defaults).run()


ROUND_KEYS = {
    "o": "_open_round",
    "p": "_round_progress",
    "c": "_close_round",
    "r": "_round_results",
    "d": "_dashboard",
}
"""The menu's round keys, and the methods they call (bot/chat_rounds.py)."""


def _menu_keys(role: Role | None, round_open: bool) -> dict[str, str]:
    """The menu's letters, and what they do, for this role: only what they may do."""
    keys = {"a": N_("a: summary of all modules"), "i": N_("i: initiatives")}
    if allowed(role, Action.MANAGE_INVITES):
        keys["k"] = N_("k: invite codes")
    if allowed(role, Action.MANAGE_ROUNDS) and not round_open:
        keys["o"] = N_("o: open a round")
    if allowed(role, Action.READ_PROGRESS) and round_open:
        keys["p"] = N_("p: progress of the round")
    if allowed(role, Action.MANAGE_ROUNDS) and round_open:
        keys["c"] = N_("c: close the round")
    if allowed(role, Action.READ_RESULTS):
        keys["r"] = N_("r: results of the last round")
    if allowed(role, Action.READ_DASHBOARD):
        keys["d"] = N_("d: dashboard")
    keys |= {"l": N_("l: language"), "q": N_("q: quit")}
    return keys
