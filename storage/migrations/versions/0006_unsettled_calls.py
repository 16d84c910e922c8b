"""Smaller indexes of calls, each written only by the rows it finds: every tap adds and settles
calls, and each index they enter or leave was one more page written per commit.

- By chat: unsettled calls only, the only ones looked for by chat.
- By origin and by screen: only the calls that have one (most have neither).
- By status and time, which the due calls are no longer found by, and by update_id, which
  nothing read: gone.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _where(condition: str) -> dict[str, sa.TextClause]:
    return {f"{dialect}_where": sa.text(condition) for dialect in ("sqlite", "postgresql")}


def _set(column: str) -> dict[str, sa.TextClause]:
    return _where(f"{column} IS NOT NULL")


UNSETTLED = _where("status = 'pending'")


def upgrade() -> None:
    op.drop_index("ix_telegram_call_lane", table_name="telegram_call")
    op.drop_index("ix_telegram_call_due", table_name="telegram_call")
    op.drop_index("ix_telegram_call_update_id", table_name="telegram_call")
    op.create_index("ix_telegram_call_lane", "telegram_call", ["chat_id", "id"], **UNSETTLED)
    for column in ("origin", "screen"):
        op.drop_index(f"ix_telegram_call_{column}", table_name="telegram_call")
        op.create_index(f"ix_telegram_call_{column}", "telegram_call", [column], **_set(column))


def downgrade() -> None:
    for column in ("origin", "screen"):
        op.drop_index(f"ix_telegram_call_{column}", table_name="telegram_call")
        op.create_index(f"ix_telegram_call_{column}", "telegram_call", [column])
    op.drop_index("ix_telegram_call_lane", table_name="telegram_call")
    op.create_index("ix_telegram_call_update_id", "telegram_call", ["update_id"])
    op.create_index("ix_telegram_call_lane", "telegram_call", ["chat_id", "status", "id"])
    op.create_index("ix_telegram_call_due", "telegram_call", ["status", "not_before"])
