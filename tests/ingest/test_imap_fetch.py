"""Fetching from a real Dovecot: batches, BODY.PEEK, checkpoints, UIDVALIDITY, oversize."""

from __future__ import annotations

import pytest

from ingest.sources.imap import FolderCheckpoint, ImapResyncLimit, ImapSource
from tests.fixtures.dovecot import ImapAccount, imap_settings, make_message


def test_fetch_new_yields_every_message_in_batches_of_batch_size(
    imap_account: ImapAccount,
) -> None:
    # Given 7 messages and a batch size of 3
    sent = [make_message(f"m{i}") for i in range(7)]
    imap_account.append_many(sent)
    # When everything after "no checkpoint" is fetched
    with ImapSource(imap_settings(imap_account, batch_size=3)) as source:
        batches = list(source.fetch_new("INBOX", None))
    # Then the batches hold 3, 3 and 1 messages, byte for byte, in UID order
    assert [len(b.messages) for b in batches] == [3, 3, 1]
    assert [m.data for b in batches for m in b.messages] == sent
    assert [b.checkpoint_after.last_uid for b in batches] == [3, 6, 7]


def test_fetched_messages_carry_an_origin_with_folder_uidvalidity_and_uid(
    imap_account: ImapAccount,
) -> None:
    # Given one message
    uid = imap_account.append(make_message())
    uidvalidity = imap_account.uidvalidity()
    # When it is fetched
    with ImapSource(imap_settings(imap_account)) as source:
        (batch,) = source.fetch_new("INBOX", None)
    # Then its origin names the folder, the epoch and the UID
    assert batch.messages[0].origin == f"imap:INBOX:{uidvalidity}:{uid}"


def test_fetching_leaves_messages_unseen(imap_account: ImapAccount) -> None:
    # Given two unread messages
    imap_account.append_many([make_message("a"), make_message("b")])
    # When they are fetched
    with ImapSource(imap_settings(imap_account)) as source:
        fetched = [m for b in source.fetch_new("INBOX", None) for m in b.messages]
    # Then both were read and neither is flagged \Seen on the server
    assert len(fetched) == 2
    assert all(b"\\Seen" not in flags for flags in imap_account.flags().values())


def test_fetching_with_post_processing_on_still_leaves_messages_unseen(
    imap_account: ImapAccount,
) -> None:
    # Given a source that selects read-write (post-processing on)
    imap_account.append(make_message())
    settings = imap_settings(imap_account, post_process=("flag", "Filed"))
    # When the message is fetched (but not yet post-processed)
    with ImapSource(settings) as source:
        list(source.fetch_new("INBOX", None))
    # Then BODY.PEEK left it unseen
    assert all(b"\\Seen" not in flags for flags in imap_account.flags().values())


def test_a_checkpoint_resumes_without_refetching(imap_account: ImapAccount) -> None:
    # Given 3 messages already fetched, and the checkpoint after them
    imap_account.append_many([make_message(f"old{i}") for i in range(3)])
    with ImapSource(imap_settings(imap_account)) as source:
        checkpoint = [b.checkpoint_after for b in source.fetch_new("INBOX", None)][-1]
    # When 2 more arrive and a new connection resumes from that checkpoint
    new = [make_message("new0"), make_message("new1")]
    imap_account.append_many(new)
    with ImapSource(imap_settings(imap_account)) as source:
        batches = list(source.fetch_new("INBOX", checkpoint))
    # Then only the 2 new messages come back
    assert [m.data for b in batches for m in b.messages] == new
    assert batches[-1].checkpoint_after == FolderCheckpoint("INBOX", checkpoint.uidvalidity, 5)


def test_a_checkpoint_at_the_newest_uid_yields_nothing(imap_account: ImapAccount) -> None:
    # Given a checkpoint at the highest UID ("UID n+1:*" still matches that message)
    imap_account.append_many([make_message("a"), make_message("b")])
    checkpoint = FolderCheckpoint("INBOX", imap_account.uidvalidity(), 2)
    # When fetching after it
    with ImapSource(imap_settings(imap_account)) as source:
        batches = list(source.fetch_new("INBOX", checkpoint))
    # Then nothing is yielded
    assert batches == []


def test_an_empty_folder_seen_first_yields_one_empty_batch_with_its_checkpoint(
    imap_account: ImapAccount,
) -> None:
    # Given an empty folder and no checkpoint
    imap_account.create_folder("Empty")
    # When it is fetched
    with ImapSource(imap_settings(imap_account)) as source:
        batches = list(source.fetch_new("Empty", None))
    # Then one empty batch hands over the epoch to persist
    assert [(len(b.messages), b.checkpoint_after.last_uid) for b in batches] == [(0, 0)]
    assert batches[0].checkpoint_after.uidvalidity == imap_account.uidvalidity("Empty")


def test_a_new_uidvalidity_restarts_and_reyields_every_message(
    imap_account: ImapAccount,
) -> None:
    # Given 4 messages fetched to a checkpoint
    sent = [make_message(f"m{i}") for i in range(4)]
    imap_account.append_many(sent)
    with ImapSource(imap_settings(imap_account)) as source:
        checkpoint = [b.checkpoint_after for b in source.fetch_new("INBOX", None)][-1]
    # When the mailbox is recreated with the same mail (new UIDVALIDITY)
    new_uidvalidity = imap_account.recreate_mailbox()
    with ImapSource(imap_settings(imap_account)) as source:
        batches = list(source.fetch_new("INBOX", checkpoint))
        status = source.status().folder("INBOX")
    # Then all 4 come back, flagged as a resync, under the new epoch
    assert sorted(m.data for b in batches for m in b.messages) == sorted(sent)
    assert all(b.uidvalidity_changed for b in batches)
    assert batches[-1].checkpoint_after.uidvalidity == new_uidvalidity
    assert status is not None and status.resyncs == 1


def test_too_many_uidvalidity_changes_in_an_hour_give_up(imap_account: ImapAccount) -> None:
    # Given a source allowed one resync per hour, already past one
    imap_account.append(make_message())
    settings = imap_settings(imap_account, max_resyncs_per_hour=1)
    source = ImapSource(settings)
    checkpoint = FolderCheckpoint("INBOX", 1, 0)  # an epoch the server never had
    list(source.fetch_new("INBOX", checkpoint))
    # When UIDVALIDITY differs from the checkpoint a second time
    # Then the source gives up with a resync-limit error
    with pytest.raises(ImapResyncLimit):
        list(source.fetch_new("INBOX", FolderCheckpoint("INBOX", 2, 0)))
    source.close()


def test_an_oversize_message_yields_headers_only_with_a_reason(
    imap_account: ImapAccount,
) -> None:
    # Given a small message and one of about 20 kB, with a 10 kB limit
    small = make_message("small")
    big = make_message("big one", size=20_000)
    imap_account.append_many([small, big])
    settings = imap_settings(imap_account, max_message_bytes=10_000)
    # When they are fetched
    with ImapSource(settings) as source:
        (batch,) = source.fetch_new("INBOX", None)
    # Then the small one is whole, the big one is headers plus a reason, and both are passed
    assert [m.data for m in batch.messages] == [small]
    (oversize,) = batch.oversize
    assert oversize.uid == 2 and oversize.size == len(big)
    assert b"Subject: big one" in oversize.headers and b"xxxx" not in oversize.headers
    assert "max_message_bytes" in oversize.reason
    assert batch.checkpoint_after.last_uid == 2


def test_status_reports_last_uid_and_new_mail_time_per_folder(
    imap_account: ImapAccount,
) -> None:
    # Given two fetched messages
    imap_account.append_many([make_message("a"), make_message("b")])
    with ImapSource(imap_settings(imap_account)) as source:
        list(source.fetch_new("INBOX", None))
        # When the status is read
        status = source.status()
    # Then the folder shows its epoch, last UID and that new mail was seen
    folder = status.folder("INBOX")
    assert folder is not None
    assert (folder.uidvalidity, folder.last_uid) == (imap_account.uidvalidity(), 2)
    assert folder.last_new_mail_at is not None
    assert status.idle_supported and status.mode == "idle"
