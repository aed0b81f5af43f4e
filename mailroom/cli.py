"""The `mailroom` command: one workspace per `--home`, one-line errors, stable `--json`.

Commands are grouped in `mailroom.commands.*`; this module only builds the group, the
shared options and the error boundary (the one place that turns exceptions into exit
codes — no other module calls `sys.exit`). Every failure the user can meet is printed
as a single `error: …` line on stderr:

    exit 1   a refused request, bad input or bad setting (`UserError`, `SettingsError`,
             a domain error), or an unexpected crash (its type and first line; `-v`
             logs the traceback)
    exit 2   a usage mistake (unknown option, missing argument, path that does not exist)
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from mailroom.errors import UserError
from mailroom.settings import SettingsError

EXIT_ERROR = 1
EXIT_USAGE = 2


class MailroomGroup(click.Group):
    """A click group whose commands fail with one line, never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            _fail_usage(exc)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.exceptions.NoArgsIsHelpError):
            raise
        except click.UsageError as exc:
            _fail_usage(exc)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except (UserError, SettingsError) as exc:
            _fail(str(exc), EXIT_ERROR)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except Exception as exc:
            if _is_domain_error(exc):
                _fail(str(exc) or type(exc).__name__, EXIT_ERROR)
            logging.getLogger("mailroom").debug("unexpected error", exc_info=True)
            _fail(_describe_unexpected(exc), EXIT_ERROR)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In the order of `mailroom.commands.SECTIONS`, not alphabetical."""
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """One help section per kind of work, so a new user sees where to start."""
        from mailroom.commands import SECTIONS

        width = max(len(name) for name in self.commands)
        limit = formatter.width - 6 - width
        for title, entries in SECTIONS:
            rows = [
                (name.ljust(width), command.get_short_help_str(limit))
                for name, command in entries
                if not command.hidden
            ]
            with formatter.section(title):
                formatter.write_dl(rows)


def _is_domain_error(exc: Exception) -> bool:
    """Errors whose message is written for the user (refusals, bad input, bad rules)."""
    from ingest.errors import IngestError
    from rules.errors import RuleError
    from tracker.errors import TrackerError

    return isinstance(exc, TrackerError | IngestError | RuleError)


def _describe_unexpected(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {_one_line(message)}", err=True)
    sys.exit(code)


def _fail_usage(exc: click.UsageError) -> NoReturn:
    path = exc.ctx.command_path if exc.ctx is not None else "mailroom"
    _fail(f"{path}: {exc.format_message()} (see `{path} --help`)", EXIT_USAGE)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (`mailroom … | head`): stop quietly, like other Unix tools."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_ERROR)


@click.group(cls=MailroomGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MAILROOM_HOME",
    default=None,
    help="Workspace directory: settings, database, raw mail, outbox "
    "[env MAILROOM_HOME; default ./.mailroom].",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings file [default <home>/mailroom.toml].",
)
@click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr.")
@click.version_option(package_name="mailroom")
@click.pass_context
def main(ctx: click.Context, home: Path | None, config: Path | None, verbose: bool) -> None:
    """Mailroom: turn sponsor–CRO email into project records.

    People cc a project address on the mail they already write; Mailroom files each
    message, labels it (quote, sample sheet, change, deliverable, invoice, other),
    keeps the record and answers in the thread.

    \b
    First steps:
      mailroom demo                        a sample workspace, built and shown
      mailroom init                        create the workspace in --home
      mailroom project create CODE ...     a project; its address is proj-CODE@<domain>
      mailroom ingest PATH                 file mail from mail files or folders, mbox, Maildir
      mailroom status CODE                 the project at a glance
    """
    from mailroom.logs import configure_logging
    from mailroom.wiring import Workspace

    configure_logging(verbose)
    ctx.obj = Workspace.lazy(home=home, config=config)


def _register() -> None:
    from mailroom.commands import register_all

    register_all(main)


_register()
