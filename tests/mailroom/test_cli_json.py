"""`--json` output is stable: exactly the keys design.md promises, in that order."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner, Result

from mailroom.cli import main

DECISIONS = {"approve", "reject", "needs_review", "ignore"}


def _run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


def _lines(result: Result) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def _quote_mail(folder: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "James <james@lab.example>"
    msg["To"] = "proj-alpha@mailroom.example"
    msg["Subject"] = "Quotation Q-2026-0042 for the bioanalysis"
    msg["Message-ID"] = "<quote-1@lab.example>"
    msg.set_content("Dear Sarah,\n\nplease find attached our quotation Q-2026-0042, "
                    "total GBP 12,500.00 for 120 samples.\n\nJames\n")  # fmt: skip
    sheet = "Sample ID,Matrix,Volume\nS-001,plasma,0.5\nS-002,plasma,0.5\n"
    msg.add_attachment(sheet.encode(), maintype="text", subtype="csv", filename="samples.csv")
    path = folder / "quote.eml"
    path.write_bytes(msg.as_bytes())
    return path


def _approval_reply(folder: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Sarah <sarah@sponsor.example>"
    msg["To"] = "proj-alpha@mailroom.example"
    msg["Subject"] = "Re: Approval needed: change CO-3"
    msg["Message-ID"] = "<reply-1@sponsor.example>"
    msg["In-Reply-To"] = "<request-1@mailroom.example>"
    msg["References"] = "<request-1@mailroom.example>"
    msg.set_content("Approved.\n\nSarah\n\n> Please reply Approved or Rejected.\n")
    path = folder / "reply.eml"
    path.write_bytes(msg.as_bytes())
    return path


def test_classify_json_has_exactly_the_contract_keys(tmp_path: Path) -> None:
    # Given a quote email with a CSV attachment
    path = _quote_mail(tmp_path)

    # When it is classified with --json
    [data] = _lines(_run(tmp_path / "home", "classify", "--json", str(path)))

    # Then the object has the contract's keys, nested shapes and types
    assert list(data) == ["file", "message", "attachments", "entities"]
    assert data["file"] == str(path)
    message = data["message"]
    assert isinstance(message, dict) and list(message) == ["label", "confidence"]
    assert 0.0 <= message["confidence"] <= 1.0
    [attachment] = data["attachments"]  # type: ignore[misc]
    assert list(attachment) == ["filename", "label", "confidence"]
    assert attachment["filename"] == "samples.csv"
    entities = data["entities"]
    assert isinstance(entities, list) and entities
    assert all(list(e) == ["type", "text", "value"] for e in entities)


def test_classify_json_prints_one_object_per_eml_under_a_folder(tmp_path: Path) -> None:
    # Given a folder holding two .eml files and a file that is not one
    _quote_mail(tmp_path)
    _approval_reply(tmp_path)
    (tmp_path / "notes.txt").write_text("not mail")

    # When the folder is classified
    lines = _lines(_run(tmp_path / "home", "classify", "--json", str(tmp_path)))

    # Then there is one line per .eml, in path order
    assert [Path(str(d["file"])).name for d in lines] == ["quote.eml", "reply.eml"]


def test_parse_reply_json_has_exactly_the_contract_keys(tmp_path: Path) -> None:
    # Given an "Approved." reply to a request
    path = _approval_reply(tmp_path)

    # When it is read with --json
    [data] = _lines(_run(tmp_path / "home", "parse-reply", "--json", str(path)))

    # Then the object has the contract's keys and the quoted request is not in the text
    assert list(data) == ["file", "reply_text", "decision", "reason"]
    assert data["file"] == str(path)
    assert data["decision"] == "approve"
    assert "Please reply" not in str(data["reply_text"])


def test_parse_reply_json_ignores_mail_that_answers_nothing(tmp_path: Path) -> None:
    # Given a first message that is no reply at all
    path = _quote_mail(tmp_path)

    # When it is read with --json
    [data] = _lines(_run(tmp_path / "home", "parse-reply", "--json", str(path)))

    # Then the decision is ignore, with a reason
    assert data["decision"] == "ignore" and data["reason"]


def test_ingest_json_is_one_object_with_the_summary_keys_in_order(tmp_path: Path) -> None:
    # Given an initialised workspace and one message
    home = tmp_path / "home"
    _run(home, "init")
    path = _quote_mail(tmp_path)

    # When it is ingested with --json
    result = _run(home, "ingest", "--json", str(path))

    # Then stdout is exactly one JSON object with the summary keys, in the contract's order
    [data] = _lines(result)
    assert list(data) == ["seen", "new", "duplicate", "unrouted", "failed", "quarantined"]
    assert all(isinstance(v, int) for v in data.values())


def test_project_list_json_prints_one_object_per_project(tmp_path: Path) -> None:
    # Given two projects
    home = tmp_path / "home"
    _run(home, "init")
    for code in ("alpha", "beta"):
        _run(home, "project", "create", code, "--name", code.title(), "--service-type",
             "toxicology", "--sponsor", "S", "--cro", "C")  # fmt: skip

    # When they are listed with --json
    lines = _lines(_run(home, "project", "list", "--json"))

    # Then each line is one project with the same keys
    assert [d["code"] for d in lines] == ["alpha", "beta"]
    assert all(list(d) == ["code", "name", "service_type", "status", "address"] for d in lines)
    assert lines[0]["address"] == "proj-alpha@mailroom.example"


def test_status_json_is_one_object_naming_the_project(tmp_path: Path) -> None:
    # Given a project
    home = tmp_path / "home"
    _run(home, "init")
    _run(home, "project", "create", "alpha", "--name", "Alpha", "--service-type",
         "toxicology", "--sponsor", "S", "--cro", "C")  # fmt: skip

    # When its status is asked for with --json
    [data] = _lines(_run(home, "status", "alpha", "--json"))

    # Then it is one object about that project
    assert isinstance(data["project"], dict) and data["project"]["code"] == "alpha"
