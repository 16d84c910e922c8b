"""What the Telegram front door needs: de-duplicated updates, invite codes.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "processed_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name="pk_processed_update"),
    )
    op.create_index("ix_processed_update_processed_at", "processed_update", ["processed_at"])

    with op.batch_alter_table("person") as person:
        person.add_column(sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True))
        person.add_column(sa.Column("pending", sa.String(32), nullable=True))
        person.add_column(sa.Column("draft", sa.String(120), nullable=True))

    with op.batch_alter_table("initiative") as initiative:
        initiative.add_column(sa.Column("member_code", sa.String(64), nullable=True))
        initiative.add_column(sa.Column("coach_code", sa.String(64), nullable=True))
        # Unique indexes rather than constraints: SQLite adds them without rebuilding the table.
        initiative.create_index("ix_initiative_member_code", ["member_code"], unique=True)
        initiative.create_index("ix_initiative_coach_code", ["coach_code"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("initiative") as initiative:
        initiative.drop_index("ix_initiative_coach_code")
        initiative.drop_index("ix_initiative_member_code")
        initiative.drop_column("coach_code")
        initiative.drop_column("member_code")

    with op.batch_alter_table("person") as person:
        person.drop_column("draft")
        person.drop_column("pending")
        person.drop_column("blocked_at")

    op.drop_table("processed_update")
