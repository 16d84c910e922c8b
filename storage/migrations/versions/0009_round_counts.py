"""A closed round's counts, stored at closing: the dashboards' figures without reading every
answer again. Rounds closed before keep being counted from their answers.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "round_count",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "module", "kind", "key", "value"),
    )


def downgrade() -> None:
    op.drop_table("round_count")
