"""Core tables: people, initiatives, memberships, walkthroughs and answers.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("local_user", sa.String(64), nullable=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("locale", sa.String(16), nullable=True),
        sa.Column("active_initiative_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
    )
    op.create_index("ix_person_telegram_id", "person", ["telegram_id"], unique=True)
    op.create_index("ix_person_local_user", "person", ["local_user"], unique=True)

    op.create_table(
        "initiative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("issue", sa.String(500), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_initiative"),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["person.id"],
            name="fk_initiative_created_by_person",
            ondelete="SET NULL",
        ),
    )
    # The two tables point at each other, so this key waits until both exist.
    with op.batch_alter_table("person") as person:
        person.create_foreign_key(
            "fk_person_active_initiative_id_initiative",
            "initiative",
            ["active_initiative_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "membership",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("joined_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("person_id", "initiative_id", name="pk_membership"),
        *_person_and_initiative_keys("membership"),
    )
    op.create_index("ix_membership_initiative_id", "membership", ["initiative_id"])

    op.create_table(
        "walkthrough",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("position", sa.String(64), nullable=False),
        sa.Column("awaiting_comment", sa.Boolean(), nullable=False),
        sa.Column("return_to_review", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("person_id", "initiative_id", "module", name="pk_walkthrough"),
        *_person_and_initiative_keys("walkthrough"),
    )

    op.create_table(
        "answer",
        *_answer_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_answer"),
        sa.UniqueConstraint(
            "person_id",
            "initiative_id",
            "round_no",
            "item_id",
            name="uq_answer_person_id_initiative_id_round_no_item_id",
        ),
        *_person_and_initiative_keys("answer"),
    )
    op.create_index(
        "ix_answer_initiative_round_module", "answer", ["initiative_id", "round_no", "module"]
    )

    op.create_table(
        "answer_history",
        *_answer_columns(),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_answer_history"),
        *_person_and_initiative_keys("answer_history"),
    )
    op.create_index(
        "ix_answer_history_person_initiative_item",
        "answer_history",
        ["person_id", "initiative_id", "item_id"],
    )


def downgrade() -> None:
    for table in ("answer_history", "answer", "walkthrough", "membership"):
        op.drop_table(table)
    with op.batch_alter_table("person") as person:
        person.drop_constraint("fk_person_active_initiative_id_initiative", type_="foreignkey")
    op.drop_table("initiative")
    op.drop_table("person")


def _answer_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("comment", sa.String(2000), nullable=True),
        sa.Column("answered_at", UTC_DATETIME, nullable=False),
    ]


def _person_and_initiative_keys(table: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=f"fk_{table}_person_id_person", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=f"fk_{table}_initiative_id_initiative",
            ondelete="CASCADE",
        ),
    ]
