"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

import tracker.models  # noqa: F401
from tracker.db import Base, make_engine
from tracker.migrate import current_heads, downgrade, upgrade


def test_migrated_schema_matches_models(db_url: str) -> None:
    # Given an empty database migrated to head
    upgrade(db_url)
    # When alembic compares it with the models' metadata
    eng = make_engine(db_url)
    try:
        with eng.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        eng.dispose()
    # Then there is nothing to change
    assert diff == []


def test_upgrade_records_every_head(engine: Engine) -> None:
    # Given a migrated database (fixture)
    # When we read the applied revisions
    applied, heads = current_heads(engine)
    # Then every script head is applied
    assert heads
    assert applied == heads


def test_upgrade_twice_is_a_no_op(db_url: str) -> None:
    # Given a database migrated once by URL
    upgrade(db_url)
    # When it is migrated again
    upgrade(db_url)
    # Then the core tables are there once, unharmed
    eng = make_engine(db_url)
    try:
        assert {"projects", "messages", "outbox", "audit_events"} <= set(
            inspect(eng).get_table_names()
        )
    finally:
        eng.dispose()


def test_downgrade_to_base_drops_every_table(db_url: str) -> None:
    # Given a migrated database
    upgrade(db_url)
    # When it is downgraded to base
    downgrade(db_url, "base")
    # Then only alembic's own bookkeeping table is left
    eng = make_engine(db_url)
    try:
        assert set(inspect(eng).get_table_names()) <= {"alembic_version"}
    finally:
        eng.dispose()


def test_outbox_rows_written_before_0004_learn_their_thread_root(db_url: str) -> None:
    # Given a database at 0003 with a reply and a new mail in the outbox
    upgrade(db_url, "0003")
    eng = make_engine(db_url)
    columns = ("created_at, template, message_id, in_reply_to, \"references\", mail_from, "
               "recipients, subject, raw, status, attempts, next_attempt_at")  # fmt: skip
    values = "'2026-01-01', 't', :mid, :irt, :refs, 'm@x', '[]', 's', :raw, 'sent', 1, '2026-01-01'"
    try:
        with eng.begin() as conn:
            for mid, irt, refs in (("<r@x>", "<b@y>", "<a@y> <b@y>"), ("<n@x>", None, "")):
                conn.execute(text(f"INSERT INTO outbox ({columns}) VALUES ({values})"),
                             {"mid": mid, "irt": irt, "refs": refs, "raw": b"x"})  # fmt: skip
        # When it is migrated to head
        upgrade(db_url)
        # Then the reply's root is the first of its references, and the new mail has none
        with eng.connect() as conn:
            rows = dict(conn.execute(text("SELECT message_id, thread_root FROM outbox")).all())
        assert rows == {"<r@x>": "<a@y>", "<n@x>": None}
    finally:
        eng.dispose()
