"""`mailroom demo`: a fresh embedded workspace, the bundled threads ingested, a summary shown.

The demo also plays the people's part of reply-to-confirm (`mailroom.demo.replies`): the
approver answers each change approval request "Approved", and the sponsor PM accepts each
final deliverable by replying to Mailroom's review request. The replies are ingested like
any mail, so the decisions show in the record exactly as they would from a real mailbox.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

from mailroom.demo.replies import demo_replies
from mailroom.ingestion import ingest_path
from mailroom.outgoing import drain
from mailroom.projects import import_projects
from mailroom.status_view import render_status
from mailroom.wiring import Workspace

DEMO_DIR = Path(__file__).parent
MAIL_DIR = DEMO_DIR / "mail"
PROJECTS_FILE = DEMO_DIR / "projects.toml"


def load_demo_projects() -> dict[str, object]:
    return tomllib.loads(PROJECTS_FILE.read_text(encoding="utf-8"))


def _create_projects(ws: Workspace, spec: dict[str, object]) -> list[str]:
    with ws.transaction() as session:
        return import_projects(session, spec, domain=ws.settings.mail_domain)


def run_demo(ws: Workspace, *, fresh: bool, echo: Callable[[str], None]) -> None:
    home = ws.settings.home
    if fresh and home.exists():
        shutil.rmtree(home)
        ws = Workspace.lazy(home=home)
    ws.initialise()
    echo(f"Mailroom demo workspace: {home}")
    echo("Classifier: trained spaCy textcat + rules (packaged model)\n")
    codes = _create_projects(ws, load_demo_projects())
    for code in codes:
        summary = ingest_path(ws, MAIL_DIR / code, progress=False)
        echo(f"ingested {code}: " + ", ".join(f"{k} {v}" for k, v in summary.as_dict().items()))
    others = MAIL_DIR / "_other"
    if others.exists():
        summary = ingest_path(ws, others, progress=False)
        echo("ingested other mail: " + ", ".join(f"{k} {v}" for k, v in summary.as_dict().items()))
    sent = drain(ws)
    replies = demo_replies(ws)
    if replies:
        summary = ingest_path(ws, replies, progress=False)
        echo(
            f"people answered {summary.as_dict()['seen']} request(s) by reply"
            " (approvers: change approvals; sponsor PMs: final deliverables)"
        )
        sent += drain(ws)
    echo(f"outbound mail written to {ws.settings.outbox_dir}: {sent} message(s)\n")
    with ws.transaction() as session:
        for code in codes:
            echo(render_status(session, code))
            echo("")
