"""Command menus per role, and the roster's screens within Telegram's limits (no database)."""

from aiogram.methods import DeleteMyCommands, SetMyCommands

from bot.keyboards_members import MemberAct, MemberData, roster_keyboard
from bot.menus import commands_for, follow
from bot.outbox import Outbox
from bot.render_members import roster_page
from bot.sender import METHODS
from bot.views import split_message
from flows.i18n import translator
from storage.models import Role
from storage.records import InitiativeRecord, PersonRecord
from usecases.permissions import allowed
from usecases.roster import Counts, Entry, Roster

EVERYONE = [
    "modules",
    "summary",
    "results",
    "initiatives",
    "new",
    "perspective",
    "leave",
    "mydata",
    "forget",
    "language",
    "cancel",
    "help",
]


def test_each_role_has_the_menu_of_what_it_may_do():
    following = ["progress", "dashboard"]
    coordinating = [*following, "round", "close", "remind", "members", "settings", "delete"]
    assert [c.name for c in commands_for(None)] == EVERYONE
    assert [c.name for c in commands_for(Role.MEMBER)] == EVERYONE
    assert [c.name for c in commands_for(Role.COACH)] == [*EVERYONE[:3], *following, *EVERYONE[3:]]
    assert [c.name for c in commands_for(Role.COORDINATOR)] == [
        *EVERYONE[:3],
        *coordinating,
        *EVERYONE[3:],
    ]
    for role in Role:  # what a menu offers, the permission table allows
        assert all(c.action is None or allowed(role, c.action) for c in commands_for(role))


def someone(role: Role | None, locale: str = "en") -> PersonRecord:
    return PersonRecord(1, "Mia", locale, 7, role, None, None, False, telegram_id=42)


def test_a_menu_is_set_only_when_it_changes_and_reads_back_from_its_stored_call():
    outbox = Outbox()
    follow(outbox, someone(Role.MEMBER), someone(Role.MEMBER, "fr"))  # everyone's, both
    follow(outbox, someone(Role.COORDINATOR), someone(Role.COORDINATOR))
    assert outbox.stored() == []
    follow(outbox, someone(Role.MEMBER), someone(Role.COACH, "fr"))
    follow(outbox, someone(Role.COACH, "fr"), someone(Role.COACH, "en"))  # another language
    follow(outbox, someone(Role.COACH), someone(None))  # left: everyone's again
    stored = outbox.stored()
    assert [(call.chat_id, call.method) for call in stored] == [
        (42, "setMyCommands"),
        (42, "setMyCommands"),
        (42, "deleteMyCommands"),
    ]
    again = [METHODS[call.method](call.params) for call in stored]
    assert again == [call.prepared for call in stored]  # as the sender reads it after a restart
    french, english, deleted = again
    assert isinstance(french, SetMyCommands) and isinstance(deleted, DeleteMyCommands)
    assert french.scope == deleted.scope and french.scope.chat_id == 42
    assert ("progress", "où en est le tour ouvert") in [
        (c.command, c.description) for c in french.commands
    ]


def test_a_long_roster_comes_in_pages_within_telegrams_limits():
    nord = InitiativeRecord(id=7, name="N" * 120, issue="x", member_code=None, coach_code=None)
    people = tuple(
        Entry(n, f"{n} <{'é' * 200}>", Role.MEMBER, Counts(1, 2, 3)) for n in range(1, 46)
    )
    shown, tr = Roster(nord, None, people), translator("fr")
    pages = [roster_keyboard(tr, nord.id, people, page) for page in range(3)]
    tapped = [
        MemberData.unpack(b.callback_data) for p in pages for r in p.inline_keyboard for b in r
    ]
    assert sorted(d.person for d in tapped if d.act is MemberAct.SHOW) == list(range(1, 46))
    assert [len(p.inline_keyboard) for p in pages] == [21, 21, 6]  # 20, 20, 5 and the turns
    assert all(
        len(b.callback_data.encode()) <= 64 for p in pages for r in p.inline_keyboard for b in r
    )
    for page in range(3):
        (message,) = split_message(roster_page(tr, shown, page, you=1))
        assert "&lt;" in message and "<é" not in message  # names are escaped
