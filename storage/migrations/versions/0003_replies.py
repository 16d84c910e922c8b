"""Each handled update keeps the replies it made, to send them again if Telegram redelivers it.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_update") as processed:
        processed.add_column(sa.Column("replies", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("processed_update") as processed:
        processed.drop_column("replies")
