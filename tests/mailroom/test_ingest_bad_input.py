"""Bad input through `mailroom ingest`: kept, marked, and never stopping the run.

A message that cannot be parsed at all is stored raw and recorded as failed with the
reason; an attachment that cannot be read (truncated PDF, random-bytes XLSX, zip bomb)
is kept and marked unreadable while its message is filed; an attachment's file name
never becomes a path. All inputs are generated here.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner, Result
from fpdf import FPDF
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from mailroom.cli import main
from tracker.models.message import Document, Message, RawMessage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


def _workspace(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    _run(home, "init")
    _run(home, "project", "create", "alpha", "--name", "Alpha", "--service-type",
         "bioanalysis", "--sponsor", "Sponsor Inc", "--cro", "Lab Ltd")  # fmt: skip
    return home


def _mail_with(filename: str, content_type: str, payload: bytes, n: int = 0) -> bytes:
    msg = EmailMessage()
    msg["From"] = "lab@cro.example"
    msg["To"] = "proj-alpha@mailroom.example"
    msg["Subject"] = f"Files for you ({n})"
    msg["Message-ID"] = f"<bad-input-{n}@cro.example>"
    msg.set_content("Please see the attached file.\n")
    maintype, subtype = content_type.split("/")
    msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def _truncated_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Final bioanalytical report, version 2")
    data = bytes(pdf.output())
    return data[: len(data) // 2]


def _zip_bomb() -> bytes:
    """An XLSX-named zip whose one member expands ~1000x (20 MiB of zeros)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def _ingest(home: Path, folder: Path) -> dict[str, int]:
    return json.loads(_run(home, "ingest", "--json", str(folder)).stdout)


def _session(home: Path) -> Session:
    return Session(create_engine(f"sqlite:///{home / 'mailroom.sqlite3'}"))


def test_unparseable_bytes_are_stored_raw_and_recorded_as_failed(tmp_path: Path) -> None:
    # Given a folder with random bytes saved as .eml, then a good message
    home = _workspace(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    garbage = os.urandom(4096)
    (folder / "a-garbage.eml").write_bytes(garbage)
    (folder / "b-good.eml").write_bytes(_mail_with("notes.txt", "text/plain", b"plain notes"))

    # When the folder is ingested
    counts = _ingest(home, folder)

    # Then the bytes are in the raw store, failed with a reason, and the run went on
    sha = hashlib.sha256(garbage).hexdigest()
    assert (home / "raw" / sha[:2] / sha[2:4] / sha).read_bytes() == garbage
    with _session(home) as session:
        row = session.scalars(select(RawMessage).where(RawMessage.sha256 == sha)).one()
        assert (row.status, row.reason) == ("failed", "not_an_email")
    assert (counts["failed"], counts["new"]) == (1, 1)


def _filed_document(tmp_path: Path, filename: str, content_type: str, payload: bytes) -> Document:
    home = _workspace(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "mail.eml").write_bytes(_mail_with(filename, content_type, payload))
    counts = _ingest(home, folder)
    assert counts["new"] == 1, counts
    with _session(home) as session:
        message = session.scalars(select(Message)).one()
        document = session.scalars(select(Document)).one()
        assert document.message_pk == message.id
        session.expunge(document)
    blob = home / "blobs" / document.sha256[:2] / document.sha256[2:4] / document.sha256
    assert blob.read_bytes() == payload  # kept as received
    return document


def test_a_truncated_pdf_is_kept_unreadable_and_its_message_is_filed(tmp_path: Path) -> None:
    # Given a message whose PDF attachment was cut in half
    # When it is ingested
    document = _filed_document(tmp_path, "report.pdf", "application/pdf", _truncated_pdf())

    # Then the document is filed and marked unreadable
    assert document.text_status == "unreadable"


def test_random_bytes_named_xlsx_are_kept_unreadable(tmp_path: Path) -> None:
    # Given a message whose "spreadsheet" is random bytes
    # When it is ingested
    document = _filed_document(tmp_path, "samples.xlsx", XLSX, os.urandom(5000))

    # Then the document is filed and marked unreadable
    assert document.text_status == "unreadable"


def test_a_zip_bomb_xlsx_is_kept_unreadable_without_expanding(tmp_path: Path) -> None:
    # Given a message whose XLSX expands a thousandfold
    # When it is ingested
    document = _filed_document(tmp_path, "manifest.xlsx", XLSX, _zip_bomb())

    # Then the document is filed, marked unreadable, and stored at its packed size
    assert document.text_status == "unreadable"
    assert document.size < 1024 * 1024


def test_attachment_file_names_never_become_paths(tmp_path: Path) -> None:
    # Given attachments named to escape the workspace
    home = _workspace(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = ["../../escape.txt", str(tmp_path / "abs-escape.txt"), "..\\..\\win-escape.txt"]
    for n, name in enumerate(hostile):
        (folder / f"{n}.eml").write_bytes(_mail_with(name, "text/plain", f"x{n}".encode(), n))

    # When they are ingested
    counts = _ingest(home, folder)

    # Then nothing was written under those names and the stored names hold no path
    assert counts["new"] == 3
    written = [p.name for p in tmp_path.rglob("*") if "escape" in p.name]
    assert written == []
    with _session(home) as session:
        names = session.scalars(select(Document.filename)).all()
    assert len(names) == 3
    assert all("/" not in n and "\\" not in n and ".." not in n for n in names)
