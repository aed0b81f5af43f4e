"""Outbox rows know their thread's root, so the per-thread rate limit reads an index.

It used to scan the whole outbox (a prefix match on ``references``) for every mail
queued: a year of notices, or one large backfill, made each new notice slower.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("thread_root", sa.String(length=998), nullable=True))
    outbox = sa.table(
        "outbox", sa.column("id", sa.Integer), sa.column("references", sa.Text),
        sa.column("thread_root", sa.String),
    )  # fmt: skip
    bind = op.get_bind()
    rows = bind.execute(sa.select(outbox.c.id, outbox.c.references)).all()
    roots = [{"row": i, "root": refs.split()[0]} for i, refs in rows if refs and refs.strip()]
    if roots:
        bind.execute(
            outbox.update().where(outbox.c.id == sa.bindparam("row"))
            .values(thread_root=sa.bindparam("root")),
            roots,
        )  # fmt: skip
    op.create_index("ix_outbox_thread_root_created", "outbox", ["thread_root", "created_at"])
    op.create_index("ix_outbox_in_reply_to", "outbox", ["in_reply_to"])


def downgrade() -> None:
    op.drop_index("ix_outbox_in_reply_to", table_name="outbox")
    op.drop_index("ix_outbox_thread_root_created", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("thread_root")
