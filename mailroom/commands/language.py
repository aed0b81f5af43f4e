"""Language commands: classify, the classifier workflow, parse-reply, review, rules explain."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from mailroom.commands.output import emit_json, table
from mailroom.errors import UserError
from mailroom.wiring import Workspace


def _mail_files(paths: tuple[Path, ...]) -> Iterator[Path]:
    """Each file given, and a folder's files of one message each (as `ingest` reads them)."""
    from ingest.sources import MailFolderSource

    for path in paths:
        if path.is_dir():
            yield from MailFolderSource(path).message_files()
        else:
            yield path


def _parse_file(ws: Workspace, path: Path):  # type: ignore[no-untyped-def]
    from ingest import RawEmail, looks_like_email, parse

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    if not looks_like_email(data):
        raise UserError(f"{path}: not an email (no RFC 5322 header block)")
    return parse(
        RawEmail.from_bytes(data, f"file:{path}"),
        limits=ws.parse_limits,
        own_domains=frozenset({ws.settings.mail_domain}),
    )


def _readable_files(ws: Workspace, paths: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    """(path, parsed) of every file that is mail, and the one-line error of every other.

    One unreadable file in a batch must not cost the answers for the rest: they are
    printed, and the errors follow (see `_fail_if_any`).
    """
    good, errors = [], []
    for path in _mail_files(paths):
        try:
            good.append((path, _parse_file(ws, path)))
        except UserError as exc:
            errors.append(str(exc))
    return good, errors


def _fail_if_any(errors: list[str]) -> None:
    """Exit 1 after the results: each error on stderr, the last as the command's error."""
    for error in errors[:-1]:
        click.echo(f"error: {error}", err=True)
    if errors:
        raise UserError(errors[-1])


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (stable).")
@click.pass_obj
def classify(ws: Workspace, paths: tuple[Path, ...], as_json: bool) -> None:
    """Label messages, attachments and entities of .eml files.

    A folder means every .eml under it; the model loads once for all of them. A file that
    is not mail is reported after the others' results, and the exit status is 1.
    """
    from mailroom.conversions import message_input

    readable, errors = _readable_files(ws, paths)
    files = [path for path, _ in readable]
    parsed = [one for _, one in readable]
    results = ws.classifier.classify([message_input(p) for p in parsed]) if parsed else []
    for path, one, result in zip(files, parsed, results, strict=True):
        data = {
            "file": str(path),
            "message": {
                "label": str(result.message.label),
                "confidence": round(result.message.confidence, 4),
            },
            "attachments": [
                {
                    "filename": att.filename,
                    "label": str(pred.label),
                    "confidence": round(pred.confidence, 4),
                }
                for att, pred in zip(one.attachments, result.attachments, strict=True)
            ],
            "entities": [
                {"type": e.type, "text": e.text, "value": e.value} for e in result.entities
            ],
        }
        if as_json:
            emit_json(data)
        else:
            atts = ", ".join(f"{a['filename']}={a['label']}" for a in data["attachments"])
            click.echo(
                f"{path}: {data['message']['label']} "
                f"({data['message']['confidence']:.2f}){'  [' + atts + ']' if atts else ''}"
            )
    _fail_if_any(errors)


@click.group("classifier")
def classifier_group() -> None:
    """Train, evaluate and explain the classifier."""


@classifier_group.command("train")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to save the model (default: the packaged model directory).",
)
@click.option("--seed", default=0, show_default=True)
def classifier_train(out: Path | None, seed: int) -> None:
    """Rebuild the model from the labelled corpus (reproducible: pinned seed)."""
    from classifier import PACKAGED_MODEL_DIR, train

    report = train(out or PACKAGED_MODEL_DIR, seed=seed)
    click.echo(report.format())


@classifier_group.command("evaluate")
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True)
def classifier_evaluate(model: Path | None, as_json: bool) -> None:
    """Per-label precision/recall/F1, macro-F1 and confusion matrix on the held-out split."""
    from classifier import evaluate

    report = evaluate(model)
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(report.format())


@classifier_group.command("explain")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def classifier_explain(ws: Workspace, path: Path) -> None:
    """Show which signals decided the labels of one .eml."""
    from mailroom.conversions import message_input

    click.echo(ws.classifier.explain(message_input(_parse_file(ws, path))))


@click.command("parse-reply")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def parse_reply(ws: Workspace, paths: tuple[Path, ...], as_json: bool) -> None:
    """Read replies: new text and approve/reject decision.

    The same reading reply-to-confirm uses; auto-replies, bounces and mail that
    answers no request are `ignore`.
    """
    from mailroom.replies import read_reply_file

    readable, errors = _readable_files(ws, paths)
    for path, parsed in readable:
        reading = read_reply_file(parsed)
        data = {
            "file": str(path),
            "reply_text": reading.reply_text,
            "decision": reading.decision,
            "reason": reading.reason,
        }
        if as_json:
            emit_json(data)
        else:
            click.echo(
                f"{path}: {reading.decision} — {reading.reason}\n  "
                + reading.reply_text.replace("\n", "\n  ")
            )
    _fail_if_any(errors)


@click.group(invoke_without_command=True)
@click.option("--project", default=None, help="Only this project's queue.")
@click.option("--unrouted", is_flag=True, help="The unrouted messages instead.")
@click.pass_context
def review(ctx: click.Context, project: str | None, unrouted: bool) -> None:
    """List or correct mail that needs a human look.

    Low-confidence labels, refused approvals and (with --unrouted) unrouted mail;
    `review set` stores a corrected label, `review export` writes them as training data.
    """
    if ctx.invoked_subcommand is not None:
        return
    from tracker.operations.projects import project_by_code
    from tracker.operations.review import review_queue

    ws: Workspace = ctx.obj
    ws.require_initialised()
    with ws.transaction() as session:
        project_id = project_by_code(session, project).id if project else None
        items = review_queue(session, project_id, unrouted=unrouted)
    if not items:
        click.echo("the review queue is empty")
        return
    click.echo(table(
        ["id", "from", "subject", "label", "conf", "reason"],
        [[i.message_pk, i.from_email, (i.subject or "")[:50], i.label or "",
          f"{i.confidence:.2f}" if i.confidence is not None else "", i.unrouted_reason or ""]
         for i in items]))  # fmt: skip
    click.echo("\nset a label with: mailroom review set ID LABEL")


@review.command("set")
@click.argument("message_id", type=int)
@click.argument(
    "label",
    type=click.Choice(
        ["quote", "sample_sheet", "change_agreement", "deliverable", "invoice", "other"]
    ),
)
@click.pass_obj
def review_set(ws: Workspace, message_id: int, label: str) -> None:
    """Give message ID the right LABEL (stored as a correction)."""
    from tracker.operations.review import set_label
    from tracker.types import Actor

    ws.require_initialised()
    with ws.transaction() as session:
        set_label(session, Actor.system("reviewer-cli"), message_id, label)
    click.echo(f"message {message_id} labelled {label}")


@review.command("export")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSONL file (default: stdout).",
)
@click.pass_obj
def review_export(ws: Workspace, out: Path | None) -> None:
    """Export corrections as extra training data (JSONL)."""
    from tracker.operations.review import export_corrections

    ws.require_initialised()
    with ws.transaction() as session:
        if out is None:
            count = export_corrections(session, sys.stdout)
        else:
            with out.open("w", encoding="utf-8") as handle:
                count = export_corrections(session, handle)
    click.echo(f"{count} correction(s) exported", err=True)


@click.group("rules")
def rules_group() -> None:
    """Explain which rules matched a message."""


@rules_group.command("explain")
@click.argument("message")
@click.pass_obj
def rules_explain(ws: Workspace, message: str) -> None:
    """Which rules matched a filed MESSAGE (its id or Message-ID) and why."""
    from mailroom.explaining import explain_message

    ws.require_initialised()
    click.echo(explain_message(ws, message))
