"""Post-processing handled mail on a real Dovecot: off by default, flag or move when asked."""

from __future__ import annotations

from ingest.sources.imap import ImapSource
from tests.fixtures.dovecot import ImapAccount, imap_settings, make_message


def _fetch_uids(source: ImapSource, folder: str = "INBOX") -> list[int]:
    batches = list(source.fetch_new(folder, None))
    return [int(m.origin.rsplit(":", 1)[1]) for b in batches for m in b.messages]


def test_post_processing_is_off_by_default_and_changes_nothing(
    imap_account: ImapAccount,
) -> None:
    # Given default settings and a fetched message
    imap_account.append(make_message())
    before = imap_account.flags()
    with ImapSource(imap_settings(imap_account)) as source:
        uids = _fetch_uids(source)
        # When post-processing is requested
        source.post_process("INBOX", uids)
    # Then the message is untouched
    assert imap_account.flags() == before


def test_flag_post_processing_adds_the_keyword(imap_account: ImapAccount) -> None:
    # Given a source that flags handled mail with "MailroomFiled"
    imap_account.append_many([make_message("a"), make_message("b")])
    settings = imap_settings(imap_account, post_process=("flag", "MailroomFiled"))
    with ImapSource(settings) as source:
        uids = _fetch_uids(source)
        # When the handled messages are post-processed
        source.post_process("INBOX", uids)
    # Then both carry the keyword, and neither was marked \Seen
    flags = imap_account.flags()
    assert all(b"MailroomFiled" in f for f in flags.values())
    assert all(b"\\Seen" not in f for f in flags.values())


def test_move_post_processing_moves_mail_to_the_target_folder(
    imap_account: ImapAccount,
) -> None:
    # Given a source that moves handled mail to "Filed"
    imap_account.create_folder("Filed")
    imap_account.append_many([make_message("a"), make_message("b"), make_message("c")])
    settings = imap_settings(imap_account, post_process=("move", "Filed"))
    with ImapSource(settings) as source:
        uids = _fetch_uids(source)
        # When two of the three are post-processed
        source.post_process("INBOX", uids[:2])
    # Then they left INBOX for Filed and the third stayed
    assert imap_account.uids("INBOX") == [uids[2]]
    assert len(imap_account.uids("Filed")) == 2
