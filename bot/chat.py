"""The coach in a terminal: the same engine and storage as the Telegram bot, one line per action.

Works on a TTY and with piped input; end of input saves nothing less than a quit does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import BinaryIO, TextIO

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.content import MODULES
from flows.engine import (
    AnswerItem,
    Back,
    Comment,
    DoneScreen,
    Edit,
    Event,
    Finish,
    IntroScreen,
    QuestionScreen,
    Resume,
    Review,
    ReviewScreen,
    Screen,
    Skip,
    Start,
    Step,
    apply,
    clean_text,
)
from flows.i18n import LANGUAGES, Translator, translator
from flows.model import N_, ModuleId
from flows.render import MODULE_LABELS, PLAIN, choice_label, notice, screen, summary
from flows.scoring import summarize
from storage import repository as repo
from storage.models import Initiative, Person

NAME_LIMIT = 120
ISSUE_LIMIT = 500
LINE_LIMIT = 8192


class EndOfInput(Exception):
    """Standard input is closed: everything is already saved."""


class Quit(Exception):
    """The person asked to leave."""


class Console:
    def __init__(self, stdin: BinaryIO, stdout: TextIO, echo: bool) -> None:
        self.stdin, self.stdout, self.echo = stdin, stdout, echo

    def say(self, *paragraphs: str) -> None:
        self.stdout.write("\n\n".join(paragraphs) + "\n\n")
        self.stdout.flush()

    async def ask(self, prompt: str) -> str:
        self.stdout.write(prompt + " > ")
        self.stdout.flush()
        raw = await asyncio.to_thread(self.stdin.readline, LINE_LIMIT)
        if not raw:
            self.stdout.write("\n")
            raise EndOfInput
        line = clean_text(raw.decode("utf-8", errors="replace"))
        if self.echo:
            self.stdout.write(line + "\n")
        return line


Handler = Callable[[], Awaitable[None]]


class Chat:
    """One person's conversation; every action is one transaction."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], console: Console, local_user: str
    ) -> None:
        self.sessions = sessions
        self.console = console
        self.local_user = local_user
        self.tr: Translator = translator("en")

    async def run(self) -> None:
        try:
            person = await self._person()
            if person.locale is None:
                await self._choose_language()
            await self._main_menu()
        except Quit:
            self.console.say(self.tr(N_("Goodbye. Your answers are saved.")))
        except EndOfInput:
            self.console.say(
                self.tr(
                    N_(
                        "Input ended. Your answers are saved: run the chat again to continue "
                        "where you left off."
                    )
                )
            )

    async def _person(self) -> Person:
        async with self.sessions.begin() as session:
            person = await repo.get_or_create_local_person(session, local_user=self.local_user)
        self.person = person
        if person.locale:
            self.tr = translator(person.locale)
        return person

    async def _choose_language(self) -> None:
        self.console.say("1. English\n2. Français")
        while True:
            line = await self.console.ask("Language / Langue")
            if line in ("1", "2"):
                break
            self.console.say(self.tr(N_("Please type 1 or 2.")))
        language = LANGUAGES[int(line) - 1]
        async with self.sessions.begin() as session:
            person = self.person
            await repo.set_locale(session, person=person, locale=language)
        self.tr = translator(language)

    # Initiatives ---------------------------------------------------------------------------

    async def _initiative(self) -> Initiative:
        """The initiative the person answers for, created or picked when there is none."""
        async with self.sessions.begin() as session:
            person = self.person
            mine = await repo.memberships(session, person_id=person.key)
        active = next((i for i, _ in mine if i.id == person.active_initiative_id), None)
        return active or await self._pick_initiative()

    async def _pick_initiative(self) -> Initiative:
        tr = self.tr
        async with self.sessions.begin() as session:
            person = self.person
            mine = await repo.memberships(session, person_id=person.key)
        lines = [f"{n}. {initiative.name}" for n, (initiative, _) in enumerate(mine, start=1)]
        lines.append(tr(N_("n. Create a new initiative")))
        self.console.say(tr(N_("Which initiative are you answering for?")), "\n".join(lines))
        while True:
            line = (await self.console.ask(tr(N_("Initiative")))).lower()
            if line == "n":
                return await self._create_initiative()
            if line.isdigit() and 1 <= int(line) <= len(mine):
                chosen = mine[int(line) - 1][0]
                async with self.sessions.begin() as session:
                    await repo.set_active_initiative(
                        session, person=person, initiative_id=chosen.key
                    )
                return chosen
            if line == "q":
                raise Quit
            self.console.say(tr(N_("Please type the number of an initiative, or n.")))

    async def _create_initiative(self) -> Initiative:
        tr = self.tr
        name = await self._text(tr(N_("Name of the initiative")), NAME_LIMIT)
        issue = await self._text(tr(N_("In one sentence, the issue it tackles")), ISSUE_LIMIT)
        async with self.sessions.begin() as session:
            person = self.person
            initiative = await repo.create_initiative(
                session, name=name, issue=issue, creator=person
            )
        self.console.say(tr(N_("Initiative “{name}” created."), name=initiative.name))
        return initiative

    async def _text(self, prompt: str, limit: int) -> str:
        while True:
            line = await self.console.ask(prompt)
            if not line:
                self.console.say(self.tr(N_("This cannot be empty.")))
            elif len(line) > limit:
                self.console.say(
                    self.tr(
                        N_("At most {limit} characters, please; this has {length}."),
                        limit=limit,
                        length=len(line),
                    )
                )
            else:
                return line

    # Menu ----------------------------------------------------------------------------------

    async def _main_menu(self) -> None:
        initiative = await self._initiative()
        resumed = await self._resume_target(initiative)
        if resumed is not None:
            await self._walk(initiative, resumed)
        while True:
            tr = self.tr
            async with self.sessions.begin() as session:
                person = self.person
                progress = await repo.progress(
                    session, person_id=person.key, initiative_id=initiative.key
                )
            lines = []
            for number, module in enumerate(MODULES.values(), start=1):
                done = progress.get(module.id, 0)
                mark = " ✓" if done == len(module.items) else ""
                label = tr(MODULE_LABELS[module.id])
                lines.append(f"{number}. {label} {done}/{len(module.items)}{mark}")
            keys = tr(N_("a: summary of all modules · i: initiatives · l: language · q: quit"))
            self.console.say(
                tr(N_("Initiative: {name}"), name=initiative.name), "\n".join(lines), keys
            )
            line = (await self.console.ask(tr(N_("Module")))).lower()
            if line.isdigit() and 1 <= int(line) <= len(MODULES):
                await self._walk(initiative, list(MODULES)[int(line) - 1])
            elif line == "a":
                await self._all_summaries(initiative)
            elif line == "i":
                initiative = await self._pick_initiative()
            elif line == "l":
                await self._choose_language()
            elif line == "q":
                raise Quit
            else:
                self.console.say(tr(N_("Please type the number of a module, or a letter shown.")))

    async def _resume_target(self, initiative: Initiative) -> ModuleId | None:
        async with self.sessions.begin() as session:
            person = self.person
            return await repo.unfinished_walk(
                session, person_id=person.key, initiative_id=initiative.key
            )

    async def _all_summaries(self, initiative: Initiative) -> None:
        async with self.sessions.begin() as session:
            person = self.person
            answers = await repo.all_answers(
                session, person_id=person.key, initiative_id=initiative.key
            )
        for module_id in MODULES:
            result = summarize(module_id, answers.get(module_id, {}))
            self.console.say(*summary(self.tr, PLAIN, result))

    # Walkthrough ---------------------------------------------------------------------------

    async def _walk(self, initiative: Initiative, module_id: ModuleId) -> None:
        step = await self._step(initiative, module_id, Resume())
        while True:
            self._show(step)
            line = await self.console.ask(self._prompt(step.screen))
            if step.state.awaiting_comment:
                event: Event | None = Resume() if line == "." else Comment(line)
            else:
                event = self._event(step.screen, line)
            if event is None:
                if line.lower() == "m":
                    return
                if line.lower() == "q":
                    raise Quit
                if line.lower() == "t" and isinstance(step.screen, DoneScreen):
                    other = translator("fr" if self.tr.language == "en" else "en")
                    result = summarize(module_id, step.answers)
                    self.console.say(*summary(other, PLAIN, result))
                else:
                    self.console.say(self.tr(N_("Please type one of the keys shown.")))
                continue
            step = await self._step(initiative, module_id, event)

    async def _step(self, initiative: Initiative, module_id: ModuleId, event: Event) -> Step:
        async with self.sessions.begin() as session:
            person = self.person
            state, answers, version = await repo.load_walk(
                session, person_id=person.key, initiative_id=initiative.key, module=module_id
            )
            step = apply(state, answers, event)
            if step.accepted:
                await repo.save_walk(
                    session,
                    person_id=person.key,
                    initiative_id=initiative.key,
                    state=step.state,
                    changes=step.changes,
                    version=version,
                )
        if step.notice is not None:
            self.console.say(notice(self.tr, PLAIN, step.notice))
        return step

    def _show(self, step: Step) -> None:
        self.console.say(*screen(self.tr, PLAIN, step.screen))

    def _prompt(self, shown: Screen) -> str:
        tr = self.tr
        match shown:
            case IntroScreen():
                return tr(N_("Enter: begin · m: menu · q: quit"))
            case QuestionScreen(awaiting_comment=True):
                return tr(N_("Your comment (a single dot cancels)"))
            case QuestionScreen(module=module):
                choices = " · ".join(
                    tr(N_("{key}: {label}"), key=c.key, label=choice_label(tr, module, c.value))
                    for c in module.scale.choices
                )
                return (
                    choices
                    + "\n"
                    + tr(N_("s: skip · b: back · c: comment · r: review · m: menu · q: quit"))
                )
            case ReviewScreen():
                return tr(
                    N_("number: change that answer · f: finish · b: back · m: menu · q: quit")
                )
        return tr(
            N_("number: change that answer · t: other language · r: review · m: menu · q: quit")
        )

    def _event(self, shown: Screen, line: str) -> Event | None:
        key = line.lower()
        match shown:
            case IntroScreen():
                return Start() if key in ("", "begin") else None
            case QuestionScreen(module=module, item=item):
                choice = module.scale.by_key(key)
                if choice is not None:
                    return AnswerItem(item.id, choice.value)
                if key.startswith("c ") and len(key) > 2:
                    return Comment(line[2:])
                navigation: dict[str, Event] = {
                    "s": Skip(),
                    "b": Back(),
                    "c": Comment(),
                    "r": Review(),
                }
                if key.isdigit():
                    return AnswerItem(item.id, int(key))
                return navigation.get(key)
            case ReviewScreen(module=module) | DoneScreen(module=module):
                if key.isdigit() and 1 <= int(key) <= len(module.items):
                    return Edit(module.items[int(key) - 1].id)
                if key.isdigit():
                    return Edit(key)
                actions: dict[str, Event] = {"f": Finish(), "b": Back(), "r": Review()}
                return actions.get(key)
        return None


async def run_chat(
    sessions: async_sessionmaker[AsyncSession],
    stdin: BinaryIO,
    stdout: TextIO,
    local_user: str,
    echo: bool,
) -> None:
    await Chat(sessions, Console(stdin, stdout, echo), local_user).run()
