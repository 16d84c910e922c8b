"""People, initiatives, memberships and invite codes. Every function works inside the caller's
transaction and none commits; what they return are plain values (storage/records.py).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, fields
from typing import cast

import sqlalchemy
from sqlalchemy import Table, bindparam, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.dialect import check_length, dialect_insert
from storage.models import (
    ISSUE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    Initiative,
    Membership,
    Person,
    Role,
    utc_now,
)
from storage.prepared import run
from storage.records import DEFAULTS, InitiativeDefaults, InitiativeRecord, PersonRecord

_RANK = {Role.MEMBER: 0, Role.COACH: 1, Role.COORDINATOR: 2}


async def telegram_person(
    session: AsyncSession, *, telegram_id: int, display_name: str, language: str | None = None
) -> PersonRecord:
    """The person behind a Telegram account, with the name Telegram shows today, and their role
    in the initiative they answer for. Made on first contact. (Every update asks: Core
    statements built once.)"""
    key = {"telegram_id": telegram_id}
    row = await session.run_sync(
        lambda sync: run(sync.connection(), _PERSON_AND_ROLE, key).one_or_none()
    )
    if row is None:
        await _insert_person(
            session, key="telegram_id", value=telegram_id, name=display_name, locale=language
        )
        row = (await (await session.connection()).execute(_PERSON_AND_ROLE, key)).one()
    if row.display_name != display_name:
        rename = {"b_id": row.id, "display_name": display_name}
        await (await session.connection()).execute(_RENAME, rename)
    return PersonRecord(
        id=row.id,
        display_name=display_name,
        locale=row.locale,
        active_initiative_id=row.active_initiative_id,
        role=None if row.role is None else Role(row.role),
        pending=row.pending,
        draft=row.draft,
        blocked=row.blocked_at is not None,
        telegram_id=telegram_id,
    )


async def local_person(session: AsyncSession, *, local_user: str) -> PersonRecord:
    """The terminal chat's person, made on first use."""
    found = await person_by(session, local_user=local_user)
    if found is None:
        await _insert_person(session, key="local_user", value=local_user, name=local_user)
        found = await person_by(session, local_user=local_user)
    assert found is not None
    return found


async def person_by(
    session: AsyncSession, *, person_id: int | None = None, local_user: str | None = None
) -> PersonRecord | None:
    """A person by id or by terminal name, with their role in their active initiative."""
    where = Person.id == person_id if person_id is not None else Person.local_user == local_user
    row = (
        await session.exec(
            select(Person, Membership.role)
            .outerjoin(
                Membership,
                (col(Membership.person_id) == Person.id)
                & (col(Membership.initiative_id) == Person.active_initiative_id),
            )
            .where(where)
        )
    ).one_or_none()
    return None if row is None else _record(*row)


async def set_locale(session: AsyncSession, *, person_id: int, locale: str) -> None:
    await _set(session, person_id, locale=locale)


async def set_active_initiative(
    session: AsyncSession, *, person_id: int, initiative_id: int | None
) -> None:
    await _set(session, person_id, active_initiative_id=initiative_id)


async def set_pending(
    session: AsyncSession, *, person_id: int, pending: str | None, draft: str | None = None
) -> None:
    """Says what the person's next free text is for (None: nothing)."""
    if draft is not None:
        check_length("draft", draft, NAME_MAX_LENGTH)
    await _set(session, person_id, pending=pending, draft=draft)


async def set_blocked(session: AsyncSession, *, telegram_id: int, blocked: bool) -> None:
    """Blocked: nothing is sent to the person until they unblock the bot or write again."""
    await session.exec(
        update(Person)
        .where(col(Person.telegram_id) == telegram_id)
        .values(blocked_at=utc_now() if blocked else None)
    )


async def create_initiative(
    session: AsyncSession,
    *,
    name: str,
    issue: str,
    creator_id: int,
    defaults: InitiativeDefaults = DEFAULTS,
) -> InitiativeRecord:
    """Creates the initiative with its creator as coordinator, and makes it their active one."""
    check_length("name", name, NAME_MAX_LENGTH)
    check_length("issue", issue, ISSUE_MAX_LENGTH)
    initiative = Initiative(name=name, issue=issue, created_by=creator_id, **asdict(defaults))
    session.add(initiative)
    await session.flush()
    session.add(
        Membership(person_id=creator_id, initiative_id=initiative.key, role=Role.COORDINATOR)
    )
    await session.flush()
    await set_active_initiative(session, person_id=creator_id, initiative_id=initiative.key)
    return initiative_record(initiative)


async def initiative(session: AsyncSession, *, initiative_id: int) -> InitiativeRecord | None:
    found = await session.get(Initiative, initiative_id)
    return None if found is None else initiative_record(found)


async def memberships(
    session: AsyncSession, *, person_id: int
) -> list[tuple[InitiativeRecord, Role]]:
    rows = await session.exec(
        select(Initiative, Membership.role)
        .join(Membership, col(Membership.initiative_id) == Initiative.id)
        .where(Membership.person_id == person_id)
        .order_by(col(Initiative.name), col(Initiative.id))
    )
    return [(initiative_record(initiative), Role(role)) for initiative, role in rows]


async def active_initiative(session: AsyncSession, *, person_id: int) -> InitiativeRecord | None:
    """The initiative the person answers for, while they are a member of it."""
    found = await session.exec(
        select(Initiative)
        .join(Person, col(Person.active_initiative_id) == Initiative.id)
        .join(
            Membership,
            (col(Membership.initiative_id) == Initiative.id)
            & (col(Membership.person_id) == Person.id),
        )
        .where(Person.id == person_id)
    )
    row = found.one_or_none()
    return None if row is None else initiative_record(row)


async def membership_role(
    session: AsyncSession, *, person_id: int, initiative_id: int
) -> Role | None:
    role = (
        await session.exec(
            select(Membership.role).where(
                Membership.person_id == person_id, Membership.initiative_id == initiative_id
            )
        )
    ).one_or_none()
    return None if role is None else Role(role)


def new_invite_code() -> str:
    """128 random bits in Telegram's deep-link alphabet (22 characters of A-Z a-z 0-9 _ -)."""
    return secrets.token_urlsafe(16)


async def invite_codes(session: AsyncSession, *, initiative_id: int) -> tuple[str, str]:
    """The member and coach invite codes, made on first use."""
    found = await session.get_one(Initiative, initiative_id)
    if found.member_code is None or found.coach_code is None:
        return await replace_invite_codes(session, initiative_id=initiative_id)
    return found.member_code, found.coach_code


async def replace_invite_codes(session: AsyncSession, *, initiative_id: int) -> tuple[str, str]:
    """New codes for both links; the old ones stop working."""
    codes = new_invite_code(), new_invite_code()
    await session.exec(
        update(Initiative)
        .where(col(Initiative.id) == initiative_id)
        .values(member_code=codes[0], coach_code=codes[1])
    )
    return codes


async def join_by_code(
    session: AsyncSession, *, person_id: int, code: str
) -> tuple[InitiativeRecord, Role] | None:
    """Joins the initiative whose member or coach code this is (a role is never lowered)."""
    found = (
        await session.exec(
            select(Initiative).where(
                (col(Initiative.member_code) == code) | (col(Initiative.coach_code) == code)
            )
        )
    ).one_or_none()
    if found is None:
        return None
    offered = Role.COACH if found.coach_code == code else Role.MEMBER
    return await join_as(session, person_id=person_id, initiative=found, offered=offered)


async def join_as(
    session: AsyncSession, *, person_id: int, initiative: Initiative | int, offered: Role
) -> tuple[InitiativeRecord, Role] | None:
    """Joins the initiative with the ``offered`` role (a role is never lowered), and makes it
    the one the person answers for; None when it is gone."""
    if isinstance(initiative, int):
        found = await session.get(Initiative, initiative)
        if found is None:
            return None
        initiative = found
    joined = initiative_record(initiative)
    current = await membership_role(session, person_id=person_id, initiative_id=joined.id)
    if current is None:
        session.add(Membership(person_id=person_id, initiative_id=joined.id, role=offered))
        await session.flush()
    elif _RANK[offered] > _RANK[current]:
        await session.exec(
            update(Membership)
            .where(
                col(Membership.person_id) == person_id,
                col(Membership.initiative_id) == joined.id,
            )
            .values(role=offered)
        )
    await set_active_initiative(session, person_id=person_id, initiative_id=joined.id)
    role = offered if current is None or _RANK[offered] > _RANK[current] else current
    return joined, role


async def person_of_telegram(session: AsyncSession, *, telegram_id: int) -> PersonRecord | None:
    """The person behind a Telegram account, if the bot knows them (none is made)."""
    found = await session.exec(select(Person).where(Person.telegram_id == telegram_id))
    row = found.one_or_none()
    return None if row is None else _record(row, None)


async def _set(session: AsyncSession, person_id: int | None, **values: object) -> None:
    await session.exec(update(Person).where(col(Person.id) == person_id).values(**values))


async def _insert_person(
    session: AsyncSession, *, key: str, value: str | int, name: str, locale: str | None = None
) -> None:
    # Two workers may meet the same new person at once: the second insert does nothing.
    insert_person = dialect_insert(session, Person).values(
        {key: value, "display_name": name, "created_at": utc_now(), "locale": locale}
    )
    await session.exec(insert_person.on_conflict_do_nothing(index_elements=[key]))


def _record(person: Person, role: str | None, display_name: str | None = None) -> PersonRecord:
    return PersonRecord(
        id=person.key,
        display_name=display_name or person.display_name,
        locale=person.locale,
        active_initiative_id=person.active_initiative_id,
        role=None if role is None else Role(role),
        pending=person.pending,
        draft=person.draft,
        blocked=person.blocked_at is not None,
        telegram_id=person.telegram_id,
    )


def initiative_record(row: Initiative) -> InitiativeRecord:
    settings = {field.name: getattr(row, field.name) for field in fields(InitiativeDefaults)}
    return InitiativeRecord(
        id=row.key,
        name=row.name,
        issue=row.issue,
        member_code=row.member_code,
        coach_code=row.coach_code,
        **settings,
    )


_PERSON = cast(Table, Person.__table__)  # type: ignore[attr-defined]
_MEMBERSHIP = cast(Table, Membership.__table__)  # type: ignore[attr-defined]
_PERSON_AND_ROLE = (
    sqlalchemy.select(
        _PERSON.c.id,
        _PERSON.c.display_name,
        _PERSON.c.locale,
        _PERSON.c.active_initiative_id,
        _MEMBERSHIP.c.role,
        _PERSON.c.pending,
        _PERSON.c.draft,
        _PERSON.c.blocked_at,
    )
    .select_from(
        _PERSON.outerjoin(
            _MEMBERSHIP,
            (_MEMBERSHIP.c.person_id == _PERSON.c.id)
            & (_MEMBERSHIP.c.initiative_id == _PERSON.c.active_initiative_id),
        )
    )
    .where(_PERSON.c.telegram_id == bindparam("telegram_id"))
)
_RENAME = update(_PERSON).where(_PERSON.c.id == bindparam("b_id"))
"""Sets display_name from its parameters."""
