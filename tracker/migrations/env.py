"""Alembic environment for the tracker schema (run through `tracker.migrate`).

No alembic.ini is needed: `tracker.migrate` builds the config and hands over an open
connection in `config.attributes["connection"]`. `render_as_batch` keeps SQLite
ALTERs working (SQLite rebuilds tables instead of altering them).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import tracker.models  # noqa: F401  (fills Base.metadata with every table)
from tracker.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    _run_offline()
else:
    _run_online()
