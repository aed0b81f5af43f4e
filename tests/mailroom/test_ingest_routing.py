"""Routing through `mailroom ingest`: per-project duplicates, the References chain, and
unrouted mail kept with a reason code."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from mailroom.cli import main
from tracker.models.message import Message
from tracker.models.project import Project

ALPHA = "proj-alpha@mailroom.example"
BETA = "proj-beta@mailroom.example"


def _run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


def _workspace(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    _run(home, "init")
    for code in ("alpha", "beta"):
        _run(home, "project", "create", code, "--name", code.title(), "--service-type",
             "toxicology", "--sponsor", "Sponsor Inc", "--cro", "Lab Ltd")  # fmt: skip
    return home


def _mail(mid: str, *, to: str, sender: str = "pat@sponsor.example", **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = "Dose formulation plan"
    msg["Message-ID"] = f"<{mid}@mail.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(f"Message {mid}: the formulation plan is attached below.\n")
    return msg.as_bytes()


def _ingest(home: Path, tmp_path: Path, name: str, *messages: bytes) -> dict[str, int]:
    folder = tmp_path / name
    folder.mkdir()
    for n, data in enumerate(messages):
        (folder / f"{n:02d}.eml").write_bytes(data)
    return json.loads(_run(home, "ingest", "--json", str(folder)).stdout)


def _filed(home: Path) -> list[tuple[str | None, str | None, str | None, str | None]]:
    """(message-id, project code, route rule, unrouted reason) of every filed row."""
    engine = create_engine(f"sqlite:///{home / 'mailroom.sqlite3'}")
    with Session(engine) as session:
        rows = session.execute(
            select(Message.message_id, Project.code, Message.route_rule, Message.unrouted_reason)
            .outerjoin(Project, Project.id == Message.project_id)
            .order_by(Message.id)
        ).all()
    engine.dispose()
    return [(m, c, str(r) if r else None, str(u) if u else None) for m, c, r, u in rows]


def test_mail_to_two_project_addresses_is_filed_in_both(tmp_path: Path) -> None:
    # Given one message addressed to two projects
    home = _workspace(tmp_path)

    # When it is ingested
    counts = _ingest(home, tmp_path, "in", _mail("both", to=f"{ALPHA}, {BETA}"))

    # Then it is one new message, filed once in each project
    assert counts["new"] == 1
    assert sorted(code for _, code, _, _ in _filed(home)) == ["alpha", "beta"]


def test_a_second_copy_of_a_filed_message_is_a_duplicate_per_project(tmp_path: Path) -> None:
    # Given a message filed in alpha
    home = _workspace(tmp_path)
    _ingest(home, tmp_path, "first", _mail("m1", to=ALPHA))

    # When another copy (other bytes, same Message-ID) arrives addressed to alpha and beta
    copy = _mail("m1", to=f"{ALPHA}, {BETA}", Delivered_To=BETA)
    counts = _ingest(home, tmp_path, "second", copy)

    # Then alpha keeps its one filing and beta gets its first
    assert counts["new"] == 1
    assert sorted(code for _, code, _, _ in _filed(home)) == ["alpha", "beta"]


def test_a_later_reply_to_an_earlier_message_joins_via_the_references_chain(
    tmp_path: Path,
) -> None:
    # Given a thread started without the project, which cc'd alpha in its second message
    home = _workspace(tmp_path)
    cc_mid_thread = _mail(
        "t2",
        to="lab@cro.example",
        Cc=ALPHA,
        In_Reply_To="<t1@mail.example>",
        References="<t1@mail.example>",
    )
    _ingest(home, tmp_path, "thread", cc_mid_thread)

    # When someone answers the FIRST message, without the project address
    late = _mail(
        "t3",
        to="pat@sponsor.example",
        sender="someone@cro.example",
        In_Reply_To="<t1@mail.example>",
        References="<t1@mail.example>",
    )
    counts = _ingest(home, tmp_path, "late", late)

    # Then the late reply joins alpha by thread, and the unfiled start stays unfiled
    assert counts["new"] == 1
    assert _filed(home)[-1] == ("t3@mail.example", "alpha", "thread", None)
    assert "t1@mail.example" not in [m for m, *_ in _filed(home)]


def test_mail_for_an_unknown_project_address_is_kept_unrouted_with_its_reason(
    tmp_path: Path,
) -> None:
    # Given a message to a project address that does not exist
    home = _workspace(tmp_path)

    # When it is ingested
    counts = _ingest(home, tmp_path, "in", _mail("x1", to="proj-nope@mailroom.example"))

    # Then it is stored, unrouted, with the reason code
    assert counts["unrouted"] == 1
    assert _filed(home) == [("x1@mail.example", None, None, "unknown_project")]


def test_mail_naming_no_project_is_kept_unrouted_with_its_reason(tmp_path: Path) -> None:
    # Given a message from a stranger to an address Mailroom does not handle
    home = _workspace(tmp_path)

    # When it is ingested
    counts = _ingest(home, tmp_path, "in", _mail("x2", to="someone@elsewhere.example"))

    # Then it is stored, unrouted, with a reason code
    assert counts["unrouted"] == 1
    [(mid, code, rule, reason)] = _filed(home)
    assert (mid, code, rule) == ("x2@mail.example", None, None)
    assert reason == "unknown_sender"
