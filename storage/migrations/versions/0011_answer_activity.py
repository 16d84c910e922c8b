"""The latest answer of an initiative, read by the dashboards, from an index.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_answer_initiative_answered", "answer", ["initiative_id", "answered_at"])


def downgrade() -> None:
    op.drop_index("ix_answer_initiative_answered", table_name="answer")
