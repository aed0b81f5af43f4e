"""Per-process objects, built on first use: nothing happens at import time.

A `Workspace` is one `--home`: its settings, database, raw and blob stores, the loaded
classifier, the rule set and the outbound sender. Each is created once, the first time a
command needs it, so `mailroom --help` never touches the disk and a worker loads the
model once for all its messages.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailroom.errors import NotInitialised
from mailroom.settings import CONFIG_NAME, Settings, example_toml, load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from classifier import Classifier
    from ingest import ParseLimits, RawStore
    from rules.loader import RuleSet


class Workspace:
    """Lazily built services of one workspace."""

    def __init__(
        self, home: Path | None = None, config: Path | None = None, settings: Settings | None = None
    ) -> None:
        self._home = home
        self._config = config
        # Quiet: file and record everything, queue no mail (`mailroom ingest --quiet`, for
        # importing old mail nobody should be answered about). `held_back` counts the mails
        # that would have been queued.
        self.quiet = False
        self.held_back = 0
        if settings is not None:
            self.__dict__["settings"] = settings

    @classmethod
    def lazy(cls, home: Path | None = None, config: Path | None = None) -> Workspace:
        return cls(home=home, config=config)

    @classmethod
    def from_settings(cls, settings: Settings) -> Workspace:
        return cls(settings=settings)

    @cached_property
    def settings(self) -> Settings:
        return load_settings(home=self._home, config=self._config)

    # -- storage -------------------------------------------------------------------
    @cached_property
    def engine(self) -> Engine:
        from tracker.db import make_engine

        url = self.settings.database_url
        if url.startswith("sqlite:///"):
            _sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
        return make_engine(url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        from tracker.db import make_session_factory

        return make_session_factory(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One session, one transaction: commit on success, roll back on error."""
        with self.session_factory.begin() as session:
            yield session

    @cached_property
    def raw_store(self) -> RawStore:
        from ingest import RawStore

        return RawStore(self.settings.raw_dir)

    @cached_property
    def blob_store(self) -> RawStore:
        from ingest import RawStore

        return RawStore(self.settings.blob_dir)

    @cached_property
    def parse_limits(self) -> ParseLimits:
        from ingest import ParseLimits

        mb = int(self.settings.get("store", "max_attachment_mb"))
        return ParseLimits(max_attachment_bytes=mb * 1024 * 1024)

    # -- language and decisions ------------------------------------------------------
    @cached_property
    def classifier(self) -> Classifier:
        from classifier import Classifier

        model_dir = self.settings.get("classifier", "model_dir")
        return Classifier.load(Path(model_dir) if model_dir else None)

    @cached_property
    def ruleset(self) -> RuleSet:
        from mailroom.startup import load_checked_ruleset

        return load_checked_ruleset(self.settings)

    @cached_property
    def project_rulesets(self) -> dict[str, RuleSet]:
        from mailroom.startup import load_project_rulesets

        return load_project_rulesets(self.settings)

    def ruleset_for(self, project_code: str) -> RuleSet:
        """The project's rules: its overlay applied to the defaults, or the defaults."""
        return self.project_rulesets.get(project_code, self.ruleset)

    @cached_property
    def sender(self) -> Any:
        from mailroom.senders import make_sender

        return make_sender(self.settings)

    # -- lifecycle -------------------------------------------------------------------
    def initialise(self) -> bool:
        """Create the workspace directories, secret, settings file and schema.

        Returns True when the workspace was new. Running it again is harmless.
        """
        home = self.settings.home
        created = not (home / CONFIG_NAME).exists()
        for folder in (
            home,
            self.settings.raw_dir,
            self.settings.blob_dir,
            self.settings.outbox_dir,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        secret_file = home / "secret.key"
        if not secret_file.exists() and not self.settings.get("mailroom", "secret"):
            secret = secrets.token_urlsafe(32)
            secret_file.write_text(secret + "\n")
            secret_file.chmod(0o600)
            # Not re-read from disk: settings given to `from_settings` have no file behind them.
            values = {**self.settings.values, ("mailroom", "secret"): secret}
            self.__dict__["settings"] = replace(self.settings, values=values)
        if created:
            (home / CONFIG_NAME).write_text(example_toml())
        self.migrate()
        return created

    def migrate(self) -> None:
        from tracker.migrate import upgrade

        upgrade(self.engine)

    def require_initialised(self) -> None:
        """Refuse to work on a workspace `mailroom init` never made (and create nothing),
        or on a database whose schema is not this version's (an upgrade that skipped
        `mailroom init` would otherwise fail message by message, at the first new column).
        """
        from sqlalchemy import inspect

        from tracker.migrate import current_heads

        url = self.settings.database_url
        missing_file = url.startswith("sqlite:///") and not _sqlite_path(url).exists()
        if missing_file or not inspect(self.engine).has_table("projects"):
            raise NotInitialised(
                f"workspace {self.settings.home} is not initialised: run `mailroom init`"
            )
        applied, heads = current_heads(self.engine)
        if applied != heads:
            at = ", ".join(sorted(applied)) or "none"
            raise NotInitialised(
                f"the database schema is at revision {at}, this version of Mailroom needs "
                f"{', '.join(sorted(heads))}: run `mailroom init` to bring it up to date"
            )


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))
