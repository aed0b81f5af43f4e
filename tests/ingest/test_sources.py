from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from ingest import SourceError, open_source
from ingest.sources import EmlFolderSource, MaildirSource, MboxSource
from tests.ingest.builders import simple_mail


def _mail(n: int) -> bytes:
    return simple_mail(body=f"message {n}\n", subject=f"number {n}").as_bytes()


def test_eml_folder_yields_every_eml_recursively_in_sorted_order(tmp_path: Path) -> None:
    # Given .eml files in nested folders, plus a file that is not .eml
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.eml").write_bytes(_mail(2))
    (tmp_path / "a.eml").write_bytes(_mail(1))
    (tmp_path / "b" / "notes.txt").write_text("not mail")
    # When the folder is opened and read
    source = open_source(tmp_path)
    origins = [raw.origin for raw in source]
    # Then both .eml files come out, in path order, with absolute file origins
    assert isinstance(source, EmlFolderSource)
    assert source.count() == 2
    assert origins == [f"file:{tmp_path / 'a.eml'}", f"file:{tmp_path / 'b' / '2.eml'}"]


def test_single_eml_file_is_a_source_of_one(tmp_path: Path) -> None:
    # Given one .eml file
    path = tmp_path / "one.eml"
    path.write_bytes(_mail(1))
    # When it is opened
    messages = list(open_source(path))
    # Then it yields exactly its bytes
    assert [m.data for m in messages] == [path.read_bytes()]


def test_mbox_yields_each_message_without_envelope_lines(tmp_path: Path) -> None:
    # Given an mbox written by the stdlib with three messages, one containing "From " text
    path = tmp_path / "archive.mbox"
    box = mailbox.mbox(path)
    for n in range(3):
        box.add(_mail(n))
    box.add(simple_mail(body="From here on\nwe talk.\n").as_bytes())
    box.flush()
    box.close()
    # When it is read
    source = open_source(path)
    messages = list(source)
    # Then all four come out, numbered origins, no envelope line, bodies intact
    assert isinstance(source, MboxSource)
    assert source.count() == 4
    assert [m.origin for m in messages] == [f"mbox:{path}#{n}" for n in range(1, 5)]
    assert all(not m.data.startswith(b"From ") for m in messages)
    assert b"message 0" in messages[0].data
    assert b"we talk." in messages[3].data


def test_maildir_reads_new_and_cur_without_moving_anything(tmp_path: Path) -> None:
    # Given a Maildir with one message in new/ and one (flagged) in cur/
    box = mailbox.Maildir(tmp_path / "Mail")
    box.add(_mail(1))
    seen = mailbox.MaildirMessage(_mail(2))
    seen.set_subdir("cur")
    seen.add_flag("S")
    box.add(seen)
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "Mail").rglob("*"))
    # When it is read
    source = open_source(tmp_path / "Mail")
    messages = list(source)
    # Then both are yielded, files untouched, origins without the flag suffix
    assert isinstance(source, MaildirSource)
    assert source.count() == 2
    assert len(messages) == 2
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "Mail").rglob("*")) == before
    assert all(":2," not in m.origin and m.origin.startswith("maildir:") for m in messages)


def test_open_source_refuses_a_file_that_is_not_mail(tmp_path: Path) -> None:
    # Given a PDF-like file
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    # When it is opened / Then a clear SourceError names it
    with pytest.raises(SourceError, match="not an email, mbox or Maildir"):
        open_source(path)


def test_open_source_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        open_source(tmp_path / "nope")


def test_open_source_refuses_a_folder_without_mail(tmp_path: Path) -> None:
    # Given a folder holding no .eml and no Maildir structure
    (tmp_path / "readme.txt").write_text("hi")
    # When it is opened / Then SourceError
    with pytest.raises(SourceError, match=r"no \.eml files"):
        open_source(tmp_path)
