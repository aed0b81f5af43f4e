from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from ingest import SourceError, open_source
from ingest.sources import MaildirSource, MailFolderSource, MboxSource
from tests.ingest.builders import simple_mail


def _mail(n: int) -> bytes:
    return simple_mail(body=f"message {n}\n", subject=f"number {n}").as_bytes()


def test_eml_folder_yields_every_eml_recursively_in_sorted_order(tmp_path: Path) -> None:
    # Given .eml files in nested folders, plus a text file that is not mail
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.eml").write_bytes(_mail(2))
    (tmp_path / "a.eml").write_bytes(_mail(1))
    (tmp_path / "b" / "notes.txt").write_text("not mail")
    # When the folder is opened and read
    source = open_source(tmp_path)
    origins = [raw.origin for raw in source]
    # Then both .eml files come out, in path order, with absolute file origins
    assert isinstance(source, MailFolderSource)
    assert source.count() == 2
    assert origins == [f"file:{tmp_path / 'a.eml'}", f"file:{tmp_path / 'b' / '2.eml'}"]
    # And the text file is listed as skipped, not read
    assert source.skipped == [tmp_path / "b" / "notes.txt"]


def test_a_folder_is_read_by_what_its_files_hold_not_by_their_names(tmp_path: Path) -> None:
    # Given an export folder: an Outlook .msg, MH-style numbered files, a .txt message,
    # an mbox of two, a README, a spreadsheet, and hidden files
    (tmp_path / "outlook.msg").write_bytes(b"\xd0\xcf\x11\xe0 whatever Outlook wrote")
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "1").write_bytes(_mail(1))
    (tmp_path / "inbox" / "2").write_bytes(b"\r\n" + _mail(2))  # a stray blank line first
    (tmp_path / "saved.txt").write_bytes(_mail(3))
    box = mailbox.mbox(tmp_path / "archive")
    for n in (4, 5):
        box.add(_mail(n))
    box.flush()
    box.close()
    (tmp_path / "README.md").write_text("# Mail export\n\nSubject lines are kept as sent.\n")
    (tmp_path / "sheet.csv").write_text("Sample ID,Matrix\nS-1,Plasma\n")
    (tmp_path / ".DS_Store").write_bytes(_mail(6))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(_mail(7))
    # When the folder is opened and read
    source = open_source(tmp_path)
    messages = list(source)
    # Then every message is read once, mbox messages one by one, in path order
    assert isinstance(source, MailFolderSource)
    assert [m.origin for m in messages] == [
        f"mbox:{tmp_path / 'archive'}#1",
        f"mbox:{tmp_path / 'archive'}#2",
        f"file:{tmp_path / 'inbox' / '1'}",
        f"file:{tmp_path / 'inbox' / '2'}",
        f"file:{tmp_path / 'outlook.msg'}",
        f"file:{tmp_path / 'saved.txt'}",
    ]
    assert source.count() == len(messages)
    assert b"message 4" in messages[0].data and not messages[0].data.startswith(b"From ")
    assert b"message 5" in messages[1].data
    assert source.message_files() == [
        tmp_path / "inbox" / "1", tmp_path / "inbox" / "2", tmp_path / "outlook.msg",
        tmp_path / "saved.txt",
    ]  # fmt: skip
    # And what holds no mail is skipped and listed; hidden files are not even looked at
    assert source.skipped == [tmp_path / "README.md", tmp_path / "sheet.csv"]


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
    # Given a folder holding no mail file and no Maildir structure
    (tmp_path / "readme.txt").write_text("hi")
    # When it is opened / Then SourceError says what mail it looked for
    with pytest.raises(SourceError, match=r"holds no mail \(\.eml or \.msg files, mbox"):
        open_source(tmp_path)
