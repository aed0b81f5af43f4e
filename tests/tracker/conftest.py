"""Tracker test fixtures: a migrated database (SQLite and PostgreSQL) and a session on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tracker.db import make_engine, make_session_factory
from tracker.migrate import upgrade


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database, once per backend."""
    eng = make_engine(db_url)
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session the test commits itself, as a caller of tracker would."""
    factory = make_session_factory(engine)
    with factory() as sess:
        yield sess
