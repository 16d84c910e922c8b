"""Perspectives: the side a member speaks from, per membership, and each closed round's
respondents with the perspective they had at closing.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("membership") as membership:
        membership.add_column(sa.Column("perspective", sa.String(16), nullable=True))
    op.create_table(
        "round_respondent",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.Integer(), nullable=False),
        sa.Column("perspective", sa.String(16), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "respondent"),
    )


def downgrade() -> None:
    op.drop_table("round_respondent")
    with op.batch_alter_table("membership") as membership:
        membership.drop_column("perspective")
