"""Council group chats: the group an initiative posts its round news in, and the language and
figures of those posts.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("initiative") as initiative:
        initiative.add_column(
            sa.Column("language", sa.String(16), nullable=False, server_default="en")
        )
        initiative.add_column(
            sa.Column("group_figures", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("initiative") as initiative:
        initiative.alter_column("language", server_default=None)
        initiative.alter_column("group_figures", server_default=None)
    op.execute(
        "UPDATE initiative SET language = (SELECT locale FROM person"
        " WHERE person.id = initiative.created_by AND person.locale IN ('en', 'fr'))"
        " WHERE EXISTS (SELECT 1 FROM person WHERE person.id = initiative.created_by"
        " AND person.locale IN ('en', 'fr'))"
    )
    op.create_table(
        "group_link",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("join_code", sa.String(64), nullable=False),
        sa.Column("linked_by", sa.Integer(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name="fk_group_link_initiative_id_initiative",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["linked_by"],
            ["person.id"],
            name="fk_group_link_linked_by_person",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("initiative_id", name="pk_group_link"),
        sa.UniqueConstraint("chat_id", name="uq_group_link_chat_id"),
        sa.UniqueConstraint("join_code", name="uq_group_link_join_code"),
    )


def downgrade() -> None:
    op.drop_table("group_link")
    with op.batch_alter_table("initiative") as initiative:
        initiative.drop_column("group_figures")
        initiative.drop_column("language")
