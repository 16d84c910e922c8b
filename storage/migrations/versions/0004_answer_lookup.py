"""One person's answers are found by their own index, not among the whole initiative's.

Without it SQLite looked a person's module up through ``ix_answer_initiative_round_module``,
reading every member's answers: a tap cost more as the initiative grew.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_answer_person_initiative_round_module",
        "answer",
        ["person_id", "initiative_id", "round_no", "module"],
    )


def downgrade() -> None:
    op.drop_index("ix_answer_person_initiative_round_module", table_name="answer")
