"""Assessment rounds: a round's walkthroughs and answers are its own (``round_no``), its
answers and comments are stored once, anonymously, when it closes; an initiative has a time
zone and its anonymity thresholds.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)
OPEN = "closed_at IS NULL"
INITIATIVE_SETTINGS = (
    "timezone",
    "anonymity_threshold",
    "detail_threshold",
    "reminder_every",
    "reminder_max",
    "quiet_hours",
)


def upgrade() -> None:
    with op.batch_alter_table("walkthrough", recreate="always") as walkthrough:
        walkthrough.add_column(
            sa.Column("round_no", sa.Integer(), nullable=False, server_default="0")
        )
        walkthrough.drop_constraint("pk_walkthrough", type_="primary")
        walkthrough.create_primary_key(
            "pk_walkthrough", ["person_id", "initiative_id", "round_no", "module"]
        )
    with op.batch_alter_table("walkthrough") as walkthrough:
        walkthrough.alter_column("round_no", server_default=None)

    with op.batch_alter_table("initiative") as initiative:
        initiative.add_column(
            sa.Column("timezone", sa.String(64), nullable=False, server_default="Europe/Paris")
        )
        for name, default in (
            ("anonymity_threshold", "3"),
            ("detail_threshold", "5"),
            ("reminder_every", "3"),
            ("reminder_max", "3"),
        ):
            initiative.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=default)
            )
        initiative.add_column(
            sa.Column("quiet_hours", sa.String(11), nullable=False, server_default="21:00-08:00")
        )
    with op.batch_alter_table("initiative") as initiative:
        for name in INITIATIVE_SETTINGS:
            initiative.alter_column(name, server_default=None)

    op.create_table(
        "assessment_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("modules", sa.String(200), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", UTC_DATETIME, nullable=False),
        sa.Column("deadline", UTC_DATETIME, nullable=True),
        sa.Column("closed_at", UTC_DATETIME, nullable=True),
        sa.Column("respondents", sa.Integer(), nullable=True),
        sa.Column("results_sent_at", UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name="fk_assessment_round_initiative_id_initiative",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"],
            ["person.id"],
            name="fk_assessment_round_opened_by_person",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessment_round"),
        sa.UniqueConstraint(
            "initiative_id", "number", name="uq_assessment_round_initiative_id_number"
        ),
    )
    op.create_index(
        "ix_assessment_round_open",
        "assessment_round",
        ["initiative_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_table(
        "round_answer",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name="fk_round_answer_round_id_assessment_round",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "respondent", "item_id", name="pk_round_answer"),
    )
    op.create_table(
        "round_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("text", sa.String(2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name="fk_round_comment_round_id_assessment_round",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_round_comment"),
    )
    op.create_index("ix_round_comment_round_id", "round_comment", ["round_id"])
    op.create_table(
        "round_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("queued_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name="fk_round_reminder_round_id_assessment_round",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_round_reminder"),
        sa.UniqueConstraint(
            "round_id", "kind", "slot", name="uq_round_reminder_round_id_kind_slot"
        ),
    )


def downgrade() -> None:
    op.drop_table("round_reminder")
    op.drop_table("round_comment")
    op.drop_table("round_answer")
    op.drop_table("assessment_round")
    with op.batch_alter_table("initiative") as initiative:
        for name in reversed(INITIATIVE_SETTINGS):
            initiative.drop_column(name)
    op.execute("DELETE FROM walkthrough WHERE round_no <> 0")
    with op.batch_alter_table("walkthrough", recreate="always") as walkthrough:
        walkthrough.drop_constraint("pk_walkthrough", type_="primary")
        walkthrough.create_primary_key("pk_walkthrough", ["person_id", "initiative_id", "module"])
        walkthrough.drop_column("round_no")
