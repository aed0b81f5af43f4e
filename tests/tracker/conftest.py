"""Tracker test fixtures: a migrated database (SQLite and PostgreSQL) and a session on it.

Migrating a fresh database per test is the slow part, so each backend is migrated
once per run: on SQLite every test gets a copy of a migrated file; on PostgreSQL
every test starts from the one migrated database with all tables truncated (identities
restarted). The migrations themselves are tested on the shared, empty `db_url`
databases in `test_migrations.py`.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from tests.fixtures.databases import PG_HOST, PG_PORT
from tests.fixtures.services import port_open, require
from tracker.db import make_engine, make_session_factory
from tracker.migrate import upgrade


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _pg_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"


@pytest.fixture(scope="session")
def pg_migrated() -> Iterator[str]:
    """One migrated PostgreSQL database for the run, emptied before each test."""
    require(port_open(PG_HOST, PG_PORT), "PostgreSQL on 127.0.0.1:5432")
    name = f"mailroom_tmpl_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        upgrade(_pg_url(name))
        yield name
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tracker-template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database URL of its own, once per backend."""
    if request.param == "sqlite":
        path = tmp_path / "mailroom.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = _pg_url(request.getfixturevalue("pg_migrated"))
    _truncate_all(url)
    yield url


def _truncate_all(url: str) -> None:
    eng = make_engine(url)
    try:
        with eng.begin() as conn:
            names = conn.scalars(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    " AND tablename <> 'alembic_version'"
                )
            ).all()
            tables = ", ".join(f'"{n}"' for n in names)
            conn.execute(text(f"TRUNCATE TABLE {tables} RESTART IDENTITY CASCADE"))
    finally:
        eng.dispose()


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database, once per backend."""
    eng = make_engine(migrated_url)
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
