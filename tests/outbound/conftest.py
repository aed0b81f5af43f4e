"""Outbound test fixtures: a migrated database (SQLite and PostgreSQL) and its sessions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tracker.db import make_engine, make_session_factory
from tracker.migrate import upgrade


@pytest.fixture
def session_factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a freshly migrated database (parametrised: sqlite + postgresql)."""
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_sessions(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a migrated SQLite database only (for the slower network tests)."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()
