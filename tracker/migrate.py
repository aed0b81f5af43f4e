"""Run the tracker's Alembic migrations from code (no alembic.ini at run time)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from tracker.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config pointing at `tracker/migrations`, optionally bound to a connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _engine(engine_or_url: Engine | str) -> tuple[Engine, bool]:
    if isinstance(engine_or_url, str):
        return make_engine(engine_or_url), True
    return engine_or_url, False


def upgrade(engine_or_url: Engine | str, revision: str = "heads") -> None:
    """Bring the database up to `revision` (all heads by default) in one transaction."""
    engine, owned = _engine(engine_or_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
    finally:
        if owned:
            engine.dispose()


def downgrade(engine_or_url: Engine | str, revision: str) -> None:
    engine, owned = _engine(engine_or_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), revision)
    finally:
        if owned:
            engine.dispose()


def current_heads(engine_or_url: Engine | str) -> tuple[set[str], set[str]]:
    """(revisions applied to the database, head revisions of the scripts)."""
    engine, owned = _engine(engine_or_url)
    try:
        with engine.connect() as connection:
            applied = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        if owned:
            engine.dispose()
    return applied, set(_script_heads())


@cache
def _script_heads() -> tuple[str, ...]:
    """The head revisions of the migration scripts (read once: they ship with the code)."""
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())
