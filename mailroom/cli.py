"""The `mailroom` command: one workspace per `--home`, one-line errors, stable `--json`.

Commands are grouped in `mailroom.commands.*`; this module only builds the group, the
shared options and the error boundary (the one place that turns exceptions into exit
codes — no other module calls `sys.exit`).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from mailroom.errors import UserError
from mailroom.settings import SettingsError

EXIT_ERROR = 1
EXIT_USAGE = 2


class MailroomGroup(click.Group):
    """A click group whose commands fail with one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except (UserError, SettingsError) as exc:
            _fail(str(exc), EXIT_ERROR)
        except Exception as exc:
            if _is_domain_error(exc):
                _fail(str(exc) or type(exc).__name__, EXIT_ERROR)
            logging.getLogger("mailroom").debug("unexpected error", exc_info=True)
            _fail(_describe_unexpected(exc), EXIT_ERROR)
        return None


def _is_domain_error(exc: Exception) -> bool:
    """Errors whose message is written for the user (refusals, bad input, bad rules)."""
    from ingest.errors import IngestError
    from rules.errors import RuleError
    from tracker.errors import TrackerError

    return isinstance(exc, TrackerError | IngestError | RuleError)


def _describe_unexpected(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(cls=MailroomGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MAILROOM_HOME",
    default=None,
    help="Workspace directory (settings, database, raw store, outbox). Default ./.mailroom",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings file (default <home>/mailroom.toml).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr.")
@click.version_option(package_name="mailroom")
@click.pass_context
def main(ctx: click.Context, home: Path | None, config: Path | None, verbose: bool) -> None:
    """Mailroom: turn sponsor–CRO email into project records.

    People cc a project address on the mail they already write; Mailroom files each
    message, labels it (quote, sample sheet, change, deliverable, invoice, other),
    keeps the record and answers in the thread.
    """
    from mailroom.logs import configure_logging
    from mailroom.wiring import Workspace

    configure_logging(verbose)
    ctx.obj = Workspace.lazy(home=home, config=config)


def _register() -> None:
    from mailroom.commands import register_all

    register_all(main)


_register()
