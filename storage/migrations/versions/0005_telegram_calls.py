"""Every call to Telegram is a row with its own status, instead of one blob of replies per update;
the message a comment was typed in, so that editing it edits the comment.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("processed_update") as processed:
        processed.drop_column("replies")
    op.create_table(
        "telegram_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", UTC_DATETIME, nullable=False),
        sa.Column("claimed_until", UTC_DATETIME, nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("digest", sa.String(length=40), nullable=True),
        sa.Column("origin", sa.String(length=96), nullable=True),
        sa.Column("screen", sa.String(length=64), nullable=True),
        sa.Column("update_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("settled_at", UTC_DATETIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_telegram_call")),
    )
    op.create_index("ix_telegram_call_lane", "telegram_call", ["chat_id", "status", "id"])
    op.create_index("ix_telegram_call_message", "telegram_call", ["chat_id", "message_id", "id"])
    op.create_index("ix_telegram_call_due", "telegram_call", ["status", "not_before"])
    op.create_index(op.f("ix_telegram_call_origin"), "telegram_call", ["origin"])
    op.create_index(op.f("ix_telegram_call_screen"), "telegram_call", ["screen"])
    op.create_index(op.f("ix_telegram_call_update_id"), "telegram_call", ["update_id"])
    op.create_table(
        "comment_message",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_comment_message_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_comment_message_initiative_id_initiative"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", "message_id", name=op.f("pk_comment_message")),
        sa.UniqueConstraint(
            "person_id",
            "initiative_id",
            "item_id",
            name=op.f("uq_comment_message_person_id_initiative_id_item_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("comment_message")
    op.drop_table("telegram_call")
    with op.batch_alter_table("processed_update") as processed:
        processed.add_column(sa.Column("replies", sa.Text(), nullable=True))
