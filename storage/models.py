"""The tables: people, initiatives and their members, walkthroughs and answers.

They mirror the head of the migrations in ``storage/migrations/versions``; a test checks that.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

# Named constraints can be dropped and altered by later migrations on every database.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME_MAX_LENGTH = 120
ISSUE_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 2000
INVITE_CODE_MAX_LENGTH = 64

NO_ROUND = 0
"""``round_no`` of answers given outside any assessment round."""
DEFAULT_TIMEZONE = "Europe/Paris"
ANONYMITY_MINIMUM = 3
DETAIL_MINIMUM = 5
TITLE_MAX_LENGTH = 80
DEFAULT_QUIET_HOURS = "21:00-08:00"
DEFAULT_REMINDER_EVERY = 3
DEFAULT_REMINDER_MAX = 3
DEFAULT_LANGUAGE = "en"


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC; SQLite keeps no zone, so it is restored on loading."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Role(StrEnum):
    COORDINATOR = "coordinator"
    COACH = "coach"
    MEMBER = "member"


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int | None = Field(default=None, sa_type=BigInteger, unique=True, index=True)
    local_user: str | None = Field(default=None, max_length=64, unique=True, index=True)
    """The terminal chat's person."""
    display_name: str = Field(max_length=200)
    locale: str | None = Field(default=None, max_length=16)
    """Chosen by the person, or on Telegram their app's language at first contact (what the bot
    writes to them in on its own); None in the terminal until they choose."""
    active_initiative_id: int | None = Field(
        default=None,
        # person and initiative point at each other: this key is added once both tables exist.
        sa_column_args=[ForeignKey("initiative.id", ondelete="SET NULL", use_alter=True)],
    )
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    blocked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """The person blocked the bot: do not write to them again."""
    pending: str | None = Field(default=None, max_length=32)
    """What the person's next free text is, outside a walkthrough (an initiative's name…)."""
    draft: str | None = Field(default=None, max_length=NAME_MAX_LENGTH)
    """What they typed so far for it."""

    @property
    def key(self) -> int:
        """The id of a stored row (rows built in memory have none until flushed)."""
        if self.id is None:
            raise ValueError(f"{type(self).__name__} is not stored yet")
        return self.id


class Initiative(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_MAX_LENGTH)
    issue: str = Field(max_length=ISSUE_MAX_LENGTH)
    """The issue the initiative tackles, in one sentence."""
    created_by: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    member_code: str | None = Field(
        default=None, max_length=INVITE_CODE_MAX_LENGTH, unique=True, index=True
    )
    coach_code: str | None = Field(
        default=None, max_length=INVITE_CODE_MAX_LENGTH, unique=True, index=True
    )
    timezone: str = Field(default=DEFAULT_TIMEZONE, max_length=64)
    """Deadlines are typed and shown in it (an IANA name)."""
    anonymity_threshold: int = ANONYMITY_MINIMUM
    """Group figures show only where at least this many people gave a counted answer."""
    detail_threshold: int = DETAIL_MINIMUM
    """Comments need at least this many respondents, and the item this many counted answers."""
    quiet_hours: str = Field(default=DEFAULT_QUIET_HOURS, max_length=11)
    """``21:00-08:00`` in the initiative's time zone: nothing leaves on the bot's own then;
    empty: none."""
    reminder_every: int = DEFAULT_REMINDER_EVERY
    """Days between automatic reminders; 0: none."""
    reminder_max: int = DEFAULT_REMINDER_MAX
    language: str = Field(default=DEFAULT_LANGUAGE, max_length=16)
    """What its group chat's posts are written in: its creator's language at first."""
    group_figures: bool = False
    """Its group chat's closing post shows the round's figures, not only that they are ready."""

    @property
    def key(self) -> int:
        """The id of a stored row (rows built in memory have none until flushed)."""
        if self.id is None:
            raise ValueError(f"{type(self).__name__} is not stored yet")
        return self.id


class GroupLink(SQLModel, table=True):
    """The Telegram group an initiative posts its round news in: one group per initiative, one
    initiative per group."""

    __tablename__ = "group_link"

    initiative_id: int = Field(foreign_key="initiative.id", primary_key=True, ondelete="CASCADE")
    chat_id: int = Field(sa_type=BigInteger, unique=True)
    thread_id: int | None = None
    """The forum topic where /link was sent; None: the General topic, or not a forum."""
    join_code: str = Field(max_length=INVITE_CODE_MAX_LENGTH, unique=True)
    """The start payload of the posts' buttons: whoever taps it joins as a member."""
    linked_by: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    linked_at: datetime = Field(sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    initiative_id: int = Field(
        foreign_key="initiative.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    role: str = Field(max_length=16)
    joined_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    perspective: str | None = Field(default=None, max_length=16)
    """The side they speak from (flows.perspectives), if they said; optional."""


class Walkthrough(SQLModel, table=True):
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    initiative_id: int = Field(foreign_key="initiative.id", primary_key=True, ondelete="CASCADE")
    round_no: int = Field(default=NO_ROUND, primary_key=True)
    """The round it answers (``AssessmentRound.number``), or NO_ROUND."""
    module: str = Field(primary_key=True, max_length=32)
    position: str = Field(max_length=64)
    awaiting_comment: bool = False
    return_to_review: bool = False
    version: int = 1
    """Bumped on every save, so that a save based on an older load is refused."""
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class AnswerColumns(SQLModel):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    initiative_id: int = Field(foreign_key="initiative.id", ondelete="CASCADE")
    round_no: int = NO_ROUND
    module: str = Field(max_length=32)
    item_id: str = Field(max_length=64)
    value: int | None = None
    comment: str | None = Field(default=None, max_length=COMMENT_MAX_LENGTH)
    answered_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class StoredAnswer(AnswerColumns, table=True):
    """The current answer of a person to an item, one per round."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("person_id", "initiative_id", "round_no", "item_id"),
        Index("ix_answer_initiative_round_module", "initiative_id", "round_no", "module"),
        Index("ix_answer_initiative_answered", "initiative_id", "answered_at"),
        Index(
            "ix_answer_person_initiative_round_module",
            "person_id",
            "initiative_id",
            "round_no",
            "module",
        ),
    )


class AnswerHistory(AnswerColumns, table=True):
    """Every answer ever saved, cleared ones included (value and comment both None)."""

    __tablename__ = "answer_history"
    __table_args__ = (
        Index("ix_answer_history_person_initiative_item", "person_id", "initiative_id", "item_id"),
    )

    recorded_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class CommentMessage(SQLModel, table=True):
    """The message a comment was typed in: editing that message edits the comment."""

    __tablename__ = "comment_message"
    __table_args__ = (UniqueConstraint("person_id", "initiative_id", "item_id"),)

    chat_id: int = Field(sa_type=BigInteger, primary_key=True)
    message_id: int = Field(sa_type=BigInteger, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    initiative_id: int = Field(foreign_key="initiative.id", ondelete="CASCADE")
    module: str = Field(max_length=32)
    item_id: str = Field(max_length=64)


class AssessmentRound(SQLModel, table=True):
    """A round of an initiative: its respondents answer the modules it covers until it closes."""

    __tablename__ = "assessment_round"
    __table_args__ = (
        UniqueConstraint("initiative_id", "number"),
        # One open round per initiative.
        Index(
            "ix_assessment_round_open",
            "initiative_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", ondelete="CASCADE")
    number: int
    """1, 2, … within the initiative: the ``round_no`` of its answers."""
    title: str = Field(max_length=TITLE_MAX_LENGTH)
    modules: str = Field(max_length=200)
    """The module ids it covers, comma-separated, in menu order."""
    opened_by: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    opened_at: datetime = Field(sa_type=UTCDateTime)
    deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    respondents: int | None = None
    """Set at closing: how many people answered something in it."""
    results_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When its results were queued for every respondent: once, whoever closed it."""


class RoundReminder(SQLModel, table=True):
    """A reminder wave of a round, queued once: its key says which (automatic wave 1, 2…; the
    day before the deadline; on demand, by day)."""

    __tablename__ = "round_reminder"
    __table_args__ = (UniqueConstraint("round_id", "kind", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", ondelete="CASCADE")
    kind: str = Field(max_length=8)
    slot: int
    queued_at: datetime = Field(sa_type=UTCDateTime)
    """When its messages were queued (they leave then, or when quiet hours end)."""


class RoundAnswer(SQLModel, table=True):
    """A closed round's answers, stored once at closing under respondent numbers that mean
    nothing outside the round. Every figure of the round comes from these rows."""

    __tablename__ = "round_answer"

    round_id: int = Field(foreign_key="assessment_round.id", primary_key=True, ondelete="CASCADE")
    respondent: int = Field(primary_key=True)
    item_id: str = Field(primary_key=True, max_length=64)
    module: str = Field(max_length=32)
    value: int


class RoundRespondent(SQLModel, table=True):
    """A closed round's respondents under their numbers, with the perspective they had said at
    closing (none for rounds closed before perspectives existed)."""

    __tablename__ = "round_respondent"

    round_id: int = Field(foreign_key="assessment_round.id", primary_key=True, ondelete="CASCADE")
    respondent: int = Field(primary_key=True)
    perspective: str | None = Field(default=None, max_length=16)


class RoundCount(SQLModel, table=True):
    """A closed round's counts, stored at closing beside its answers: all its group figures
    need (flows.group.Tally), without reading every answer again. ``kind``: ``answer`` (an
    item's answers with this value, "don't know" 0 included), ``placed`` (respondents whose
    answers place the initiative in phase ``key``) or ``respondents`` (of the module)."""

    __tablename__ = "round_count"

    round_id: int = Field(foreign_key="assessment_round.id", primary_key=True, ondelete="CASCADE")
    module: str = Field(primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=64)
    value: int = Field(default=0, primary_key=True)
    n: int


class RoundComment(SQLModel, table=True):
    """A closed round's comments, without their authors, in an order that says nothing."""

    __tablename__ = "round_comment"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="assessment_round.id", index=True, ondelete="CASCADE")
    module: str = Field(max_length=32)
    item_id: str = Field(max_length=64)
    text: str = Field(max_length=COMMENT_MAX_LENGTH)


class ProcessedUpdate(SQLModel, table=True):
    """A Telegram update already handled: a redelivered one changes nothing."""

    __tablename__ = "processed_update"

    update_id: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    processed_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, index=True)


class CallStatus(StrEnum):
    PENDING = "pending"
    """To send: now, or at ``not_before``."""
    SENT = "sent"
    FAILED = "failed"
    """Telegram refused it for good (``error`` says why)."""
    UNKNOWN = "unknown"
    """Sent, but no answer came back: it may or may not have arrived; never repeated."""
    SUPERSEDED = "superseded"
    """An edit overtaken by a newer one of the same message before it left."""


SETTLED = (CallStatus.SENT, CallStatus.FAILED, CallStatus.UNKNOWN, CallStatus.SUPERSEDED)


_UNSETTLED = text(f"status = '{CallStatus.PENDING}'")


def _where_set(table: str, column: str) -> Index:
    """An index of the rows where ``column`` is set: most calls have none."""
    where = text(f"{column} IS NOT NULL")
    name = f"ix_{table}_{column}"
    return Index(name, column, sqlite_where=where, postgresql_where=where)


class TelegramCall(SQLModel, table=True):
    """One call the bot makes to Telegram, recorded in the transaction that decided it."""

    __tablename__ = "telegram_call"
    __table_args__ = (
        # Only unsettled calls are looked for by chat: settled ones leave this index.
        Index(
            "ix_telegram_call_lane",
            "chat_id",
            "id",
            sqlite_where=_UNSETTLED,
            postgresql_where=_UNSETTLED,
        ),
        Index("ix_telegram_call_message", "chat_id", "message_id", "id"),
        *(_where_set("telegram_call", column) for column in ("origin", "screen")),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    """The chat whose calls leave in order; a callback answer has a lane of its own (0)."""
    method: str = Field(max_length=32)
    params: str = Field(sa_type=Text)
    """The call's parameters as JSON."""
    status: str = Field(default=CallStatus.PENDING, max_length=16)
    attempts: int = 0
    not_before: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """A worker sends it until then; after, another may."""
    message_id: int | None = None
    """The message an edit changes, or the one a send made once sent."""
    digest: str | None = Field(default=None, max_length=40)
    """What the message shows after this call (text and buttons), to skip edits that change
    nothing."""
    origin: str | None = Field(default=None, max_length=96)
    """The tap that asked for it: a second identical tap on the same message sends nothing."""
    screen: str | None = Field(default=None, max_length=64)
    """What the message shows, when something else may change it later (``invites:7``)."""
    update_id: int | None = Field(default=None, sa_type=BigInteger)
    error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    settled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
