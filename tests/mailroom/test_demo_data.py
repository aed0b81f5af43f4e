"""The bundled demo data (`mailroom/demo/`) and the benchmark corpus generator.

The demo must look like real sponsor–CRO mail and stay loadable: every message parses,
threads resolve, attachments open with their own libraries, and the committed files are
exactly what `scripts/make_demo_data.py` produces.
"""

from __future__ import annotations

import email
import io
import mailbox
import re
import tomllib
from email import policy
from email.message import EmailMessage
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest

from benchmarks.make_corpus import generate_messages, write_corpus
from scripts.mailgen.demo import build
from tracker.types import Role, ServiceType

DEMO = Path(__file__).resolve().parents[2] / "mailroom" / "demo"
EML_FILES = sorted(DEMO.glob("mail/*/*.eml"))
REQUIRED_ROLES = {Role.SPONSOR_APPROVER, Role.SPONSOR_PM, Role.CRO_PM, Role.CRO_STAFF, Role.FINANCE}


@cache
def _parsed(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


@cache
def _projects() -> dict[str, object]:
    return tomllib.loads((DEMO / "projects.toml").read_text(encoding="utf-8"))


def _ids(value: str | None) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value or "")


def _addresses(msg: EmailMessage) -> set[str]:
    found = set()
    for header in ("From", "To", "Cc"):
        for _, addr in email.utils.getaddresses([str(v) for v in msg.get_all(header, [])]):
            found.add(addr.lower())
    return found


def _open_attachment(filename: str, data: bytes) -> int:
    """Open the file with its own library; return how much content it holds."""
    suffix = filename.rsplit(".", 1)[-1].lower()
    if suffix == "pdf":
        return len(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text())
    if suffix == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        return sum(1 for _ in sheet.iter_rows())
    if suffix == "docx":
        return len(docx.Document(io.BytesIO(data)).paragraphs)
    if suffix == "csv":
        return len(data.decode("utf-8").splitlines())
    raise AssertionError(f"unexpected attachment type: {filename}")


def test_demo_has_at_least_40_messages_over_three_projects() -> None:
    # Given the committed demo folders
    projects = {path.parent.name for path in EML_FILES}
    # Then there is enough mail to show every stage of several engagements
    assert len(EML_FILES) >= 40
    assert len(projects) >= 3


@pytest.mark.parametrize("path", EML_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_demo_message_parses_with_message_id_from_and_date(path: Path) -> None:
    # When the stdlib parser reads the raw bytes
    msg = _parsed(path)
    # Then it finds no defects and the headers every message needs
    assert not msg.defects
    assert len(_ids(msg["Message-ID"])) == 1
    assert msg["From"].addresses
    assert msg["Date"].datetime.tzinfo is not None


def test_thread_references_point_to_earlier_demo_messages() -> None:
    # Given every demo message in story order, project by project
    for project in sorted({p.parent for p in EML_FILES}):
        seen: dict[str, object] = {}
        for path in sorted(project.glob("*.eml")):
            msg = _parsed(path)
            # Then In-Reply-To and References only name messages already written
            for ref in _ids(msg["In-Reply-To"]) + _ids(msg["References"]):
                assert ref in seen, f"{path.name}: {ref} is not an earlier demo message"
                assert seen[ref] < msg["Date"].datetime, f"{path.name} predates {ref}"
            seen[_ids(msg["Message-ID"])[0]] = msg["Date"].datetime


def test_every_demo_attachment_opens_with_its_library() -> None:
    # Given every attachment of every demo message
    opened = []
    for path in EML_FILES:
        for part in _parsed(path).iter_attachments():
            # When it is opened with pypdf / openpyxl / python-docx / csv
            opened.append(
                (
                    part.get_filename(),
                    _open_attachment(part.get_filename(), part.get_payload(decode=True)),
                )
            )
    # Then each holds content and every kind is represented
    assert all(size > 0 for _, size in opened), opened
    assert {name.rsplit(".", 1)[1] for name, _ in opened} == {"pdf", "xlsx", "docx", "csv"}


def test_projects_toml_uses_valid_roles_and_service_types() -> None:
    # Given the demo projects file
    data = _projects()
    # Then its values are members of the tracker's enums and codes follow the convention
    assert data["mail_domain"] == "mailroom.example"
    for project in data["project"]:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{1,30}", project["code"])
        ServiceType(project["service_type"])
        for member in project["member"]:
            Role(member["role"])
            assert {"name", "email", "timezone"} <= member.keys()
            assert member["organisation"] in {project["sponsor"], project["cro"]}


def test_projects_cover_three_service_types_and_every_required_role() -> None:
    # Given the demo projects
    projects = _projects()["project"]
    # Then they differ in service type and each has the roles the rules depend on
    assert len({p["service_type"] for p in projects}) >= 3
    for project in projects:
        roles = {Role(m["role"]) for m in project["member"]}
        assert roles >= REQUIRED_ROLES, project["code"]


def test_every_project_folder_matches_a_project_code() -> None:
    # Given the project codes in projects.toml / Then each mail folder is one of them
    codes = {p["code"] for p in _projects()["project"]}
    assert {path.parent.name for path in EML_FILES} == codes


def _member_addresses(code: str) -> set[str]:
    project = next(p for p in _projects()["project"] if p["code"] == code)
    return {e.lower() for m in project["member"] for e in [m["email"], *m.get("other_emails", [])]}


def test_each_message_reaches_its_project_by_one_routing_rule() -> None:
    # Given the routing rules of design.md (address, thread, subject tag, participants)
    for project in sorted({p.parent for p in EML_FILES}):
        code, filed = project.name, set()
        address, members = f"proj-{code}@mailroom.example", _member_addresses(project.name)
        for path in sorted(project.glob("*.eml")):
            msg = _parsed(path)
            routes = [
                address in _addresses(msg),
                any(ref in filed for ref in _ids(msg["References"])),
                f"[prj-{code}]" in str(msg["Subject"]).lower(),
                _addresses(msg) <= members,
            ]
            # Then at least one of them files the message to its own project
            assert any(routes), path.name
            filed.add(_ids(msg["Message-ID"])[0])


def test_demo_includes_the_routing_hard_cases() -> None:
    # Given all demo messages without the project address in To/Cc
    hidden = [
        p
        for p in EML_FILES
        if f"proj-{p.parent.name}@mailroom.example" not in _addresses(_parsed(p))
    ]
    subjects = [str(_parsed(p)["Subject"]) for p in hidden]
    # Then one routes by subject tag, one by References and one by participants only
    assert any(s.startswith("[PRJ-") for s in subjects)
    assert any(
        _parsed(p)["References"] and "[PRJ-" not in str(_parsed(p)["Subject"]) for p in hidden
    )
    assert any(
        not _parsed(p)["References"] and "[PRJ-" not in str(_parsed(p)["Subject"]) for p in hidden
    )


def test_demo_includes_the_mail_shape_hard_cases() -> None:
    # Given all demo messages
    msgs = [_parsed(p) for p in EML_FILES]
    subjects = [str(m["Subject"]) for m in msgs]
    # Then the awkward shapes real mailboxes contain are present
    assert any(m.get_content_type() == "text/html" for m in msgs), "HTML-only mail"
    assert any(s.startswith("AW: ") for s in subjects), "German reply prefix"
    assert any(s.startswith(("Fwd: ", "FW: ")) for s in subjects), "forward"
    assert any(m["Auto-Submitted"] == "auto-replied" for m in msgs), "out-of-office"


def test_exactly_one_demo_message_comes_from_outside_the_project() -> None:
    # Given each message's sender and its project's members / Then one sender is unknown
    outsiders = [
        p.name
        for p in EML_FILES
        if _parsed(p)["From"].addresses[0].addr_spec.lower() not in _member_addresses(p.parent.name)
    ]
    assert len(outsiders) == 1, outsiders


def test_committed_demo_matches_a_fresh_build() -> None:
    # When the generator runs again
    files = build()
    # Then it reproduces the committed bytes (rerun scripts/make_demo_data.py if not)
    committed = {
        p.relative_to(DEMO).as_posix()
        for p in DEMO.rglob("*")
        if p.is_file() and p.suffix in {".eml", ".toml", ".md"}
    }
    assert set(files) == committed
    stale = [name for name, data in files.items() if (DEMO / name).read_bytes() != data]
    assert not stale, f"demo data is stale, run scripts/make_demo_data.py: {stale[:5]}"


def test_demo_stays_small() -> None:
    # Given everything under mailroom/demo / Then it stays well inside the package budget
    assert sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file()) < 3 * 2**20


def test_corpus_is_reproducible_for_a_seed() -> None:
    # When the same seed runs twice / Then the bytes match; another seed differs
    first = list(generate_messages(50, seed=7))
    assert first == list(generate_messages(50, seed=7))
    assert first != list(generate_messages(50, seed=8))


def test_corpus_messages_parse_and_vary_in_size_label_and_attachments() -> None:
    # Given 600 generated messages
    messages = list(generate_messages(600, seed=3))
    parsed = [email.message_from_bytes(raw, policy=policy.default) for _, raw in messages]
    sizes = sorted(len(raw) for _, raw in messages)
    with_files = [m for m in parsed if any(True for _ in m.iter_attachments())]
    # Then every message is well formed, bodies differ, and the mix is as advertised
    assert not any(m.defects for m in parsed)
    assert len({m.get_body(("plain",)).get_content() for m in parsed}) == len(parsed)
    assert 0.3 < len(with_files) / len(parsed) < 0.5
    assert sizes[0] >= 1_500 and sizes[len(sizes) // 2] < 60_000
    assert len({name.rsplit("-", 1)[1] for name, _ in messages}) == 6


def test_corpus_attachments_open_with_their_libraries() -> None:
    # Given the attachments of 300 generated messages / Then every pooled kind opens
    kinds = {}
    for _, raw in generate_messages(300, seed=5):
        for part in email.message_from_bytes(raw, policy=policy.default).iter_attachments():
            name = part.get_filename()
            kinds[name.rsplit(".", 1)[1]] = _open_attachment(name, part.get_payload(decode=True))
    assert set(kinds) == {"pdf", "xlsx", "docx", "csv"}
    assert all(kinds.values())


@pytest.mark.parametrize("fmt", ["eml", "mbox", "maildir"])
def test_make_corpus_writes_the_requested_count_and_projects(fmt: str, tmp_path: Path) -> None:
    # When a small corpus is written in each format
    write_corpus(tmp_path, 25, seed=1, fmt=fmt)
    # Then the source holds exactly that many messages and the projects file loads
    if fmt == "eml":
        count = len(list((tmp_path / "mail").glob("*.eml")))
    elif fmt == "mbox":
        box = mailbox.mbox(tmp_path / "corpus.mbox", create=False)
        count = len(box)
        box.close()
    else:
        count = len(mailbox.Maildir(tmp_path / "maildir", create=False))
    assert count == 25
    projects = tomllib.loads((tmp_path / "projects.toml").read_text())["project"]
    assert all(ServiceType(p["service_type"]) for p in projects)
