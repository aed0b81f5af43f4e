"""Reply-to-confirm with the real things: Dovecot in, aiosmtpd out, nothing in between faked.

Every message Mailroom reads is APPENDed to the project mailbox on Dovecot and fetched by
the poller; every message it writes is sent over SMTP and read back from the listener.
The approver's reply is always built from the request that ARRIVED at the listener (its
Reply-To, its Message-ID, its text quoted), so the test follows what a person's mail
client would do with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.fixtures.dovecot import ImapAccount
from tests.fixtures.smtp import SmtpListener
from tests.mailroom.conftest import APPROVER, CRO_PM, OUTSIDER
from tests.mailroom.e2e_support import (
    MailLoop,
    answer,
    change_order,
    open_loop,
    resent_copy,
    sqlite_only,
    strip_tag,
)
from tracker.types import ChangeStatus

pytestmark = [pytest.mark.dovecot]


@pytest.fixture
def loop(
    db_url: str, tmp_path: Path, imap_account: ImapAccount, smtp_server: SmtpListener
) -> Iterator[MailLoop]:
    loop = open_loop(tmp_path / "home", db_url, imap_account, smtp_server)
    yield loop
    loop.close()


def _request(loop: MailLoop) -> EmailMessage:
    """Deliver the change order and return the one approval request that arrived."""
    loop.exchange(change_order())
    (request,) = loop.requests_for(APPROVER)
    return request


def _approved(loop: MailLoop) -> EmailMessage:
    """Run the request and its approving reply through; return the request that arrived."""
    request = _request(loop)
    reply = answer(request, APPROVER, "Approved - please go ahead.\n\nMichael")
    loop.exchange(reply)
    return request


@sqlite_only
def test_change_order_cc_to_project_brings_a_signed_request_to_the_approver(
    loop: MailLoop,
) -> None:
    # Given a change order To the approver, cc'd to the project address, in the mailbox
    # When the poller files it and the outbox drains
    loop.exchange(change_order())
    # Then exactly one approval request reached the approver over SMTP, answerable by token
    (request,) = loop.requests_for(APPROVER)
    token = str(request["Reply-To"]).split("+c-")[1].split("@")[0]
    assert token in str(request["Message-ID"])
    assert "CR-1" in str(request["Subject"])
    assert str(request["Auto-Submitted"]) == "auto-generated"
    assert loop.change_status() is ChangeStatus.AWAITING_APPROVAL


def test_approver_reply_to_the_arrived_request_approves_the_change(loop: MailLoop) -> None:
    # Given the request as it arrived at the approver
    request = _request(loop)
    # When the approver's reply to it lands in the project mailbox and is polled
    loop.deliver(answer(request, APPROVER, "Approved - please go ahead.\n\nMichael"))
    loop.poll()
    # Then the change is approved
    assert loop.change_status() is ChangeStatus.APPROVED


def test_decision_confirmation_arrives_in_the_approvers_thread(loop: MailLoop) -> None:
    # Given the request; When the approver's reply is filed and the outbox drains
    request = _request(loop)
    reply = answer(request, APPROVER, "Approved - please go ahead.\n\nMichael")
    loop.exchange(reply)
    # Then one confirmation of the decision arrives, threaded under the reply, for both sides
    (decision,) = loop.decisions()
    body = decision.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert body.startswith("Change CR-1 ") and "was approved" in body.splitlines()[0]
    assert str(decision["In-Reply-To"]) == reply.message_id
    assert str(request["Message-ID"]) in str(decision["References"])
    assert decision in loop.arrived_for(CRO_PM) and decision in loop.arrived_for(APPROVER)


@sqlite_only
def test_spoofed_reply_with_the_right_token_changes_nothing(loop: MailLoop) -> None:
    # Given the request; When someone else sends a reply to it, token address and all
    request = _request(loop)
    loop.exchange(answer(request, OUTSIDER, "Approved - go ahead."))
    # Then nothing is approved, no decision goes out, the approver alone is told why
    assert loop.change_status() is ChangeStatus.AWAITING_APPROVAL
    assert loop.decisions() == []
    assert loop.refusals() == ["wrong_approver"]
    assert loop.arrived_for(OUTSIDER) == []
    assert len(loop.notices_for(APPROVER)) == 1


@sqlite_only
def test_reply_to_an_expired_request_changes_nothing(loop: MailLoop) -> None:
    # Given a request whose token has expired since it was sent
    old = loop.expired_request(_request(loop))
    # When the approver answers that old request
    loop.exchange(answer(old, APPROVER, "Approved.\n\nMichael"))
    # Then nothing is approved, no decision goes out, the refusal says why
    assert loop.change_status() is ChangeStatus.AWAITING_APPROVAL
    assert loop.decisions() == []
    assert loop.refusals() == ["expired"]


@sqlite_only
def test_replayed_approval_changes_nothing_more(loop: MailLoop) -> None:
    # Given a change approved by reply, with its confirmation sent
    request = _request(loop)
    reply = answer(request, APPROVER, "Approved - please go ahead.\n\nMichael")
    loop.exchange(reply)
    # When the same reply is delivered again through another hop
    arrived = loop.exchange(resent_copy(reply.build()))
    # Then the change stays approved, the decision was announced once, nothing is answered
    assert loop.change_status() is ChangeStatus.APPROVED
    assert len(loop.decisions()) == 1
    assert arrived == []


def test_second_reply_with_a_used_token_changes_nothing(loop: MailLoop) -> None:
    # Given a change approved by reply
    request = _approved(loop)
    # When the approver answers the same request again, this time rejecting
    loop.exchange(answer(request, APPROVER, "Rejected: too expensive after all."))
    # Then the change stays approved, no second decision goes out, the refusal is on record
    assert loop.change_status() is ChangeStatus.APPROVED
    assert len(loop.decisions()) == 1
    assert loop.refusals() == ["used"]


@sqlite_only
def test_auto_reply_to_the_request_changes_nothing_and_is_not_answered(loop: MailLoop) -> None:
    # Given the request; When the approver's out-of-office answers it
    request = _request(loop)
    ooo = answer(request, APPROVER, "I am out of the office. Approved requests wait.",
                 **{"Auto-Submitted": "auto-replied"})  # fmt: skip
    arrived = loop.exchange(ooo)
    # Then nothing is decided and nothing is sent back
    assert loop.change_status() is ChangeStatus.AWAITING_APPROVAL
    assert arrived == []
    assert "reply_ignored" in loop.audit_actions()


@sqlite_only
def test_reply_to_the_tag_stripped_address_routes_by_in_reply_to(loop: MailLoop) -> None:
    # Given the request; When the reply went to its Reply-To with the +c- tag stripped
    request = _request(loop)
    plain = strip_tag(str(request["Reply-To"]))
    loop.exchange(answer(request, APPROVER, "Approved.\n\nMichael", to=plain))
    # Then the In-Reply-To still finds the token: approved and announced
    assert "+" not in plain
    assert loop.change_status() is ChangeStatus.APPROVED
    assert len(loop.decisions()) == 1


TRUSTED_MX = "mx.mailroom.example"


@pytest.fixture
def trusting_loop(
    sqlite_url: str, tmp_path: Path, imap_account: ImapAccount, smtp_server: SmtpListener
) -> Iterator[MailLoop]:
    """A workspace that trusts the Authentication-Results its own MX writes."""
    loop = open_loop(
        tmp_path / "home", sqlite_url, imap_account, smtp_server,
        MAILROOM_AUTH_TRUSTED_AUTHSERV_ID=TRUSTED_MX,
    )  # fmt: skip
    yield loop
    loop.close()


def test_reply_with_a_dmarc_pass_from_the_trusted_mx_counts(trusting_loop: MailLoop) -> None:
    # Given the request; When the reply arrives with our MX's passing verdict on it
    request = _request(trusting_loop)
    verdict = f"{TRUSTED_MX}; dkim=pass header.d=helix.example; dmarc=pass"
    reply = answer(request, APPROVER, "Approved.\n\nMichael", **{"Authentication-Results": verdict})
    trusting_loop.exchange(reply)
    # Then the approval counts and is announced
    assert trusting_loop.change_status() is ChangeStatus.APPROVED
    assert len(trusting_loop.decisions()) == 1


def test_reply_vouched_for_only_by_another_server_does_not_count(
    trusting_loop: MailLoop,
) -> None:
    # Given the request; When the reply carries a passing verdict written by some other server
    request = _request(trusting_loop)
    forged = "mx.elsewhere.example; dkim=pass header.d=helix.example; dmarc=pass"
    reply = answer(request, APPROVER, "Approved.\n\nMichael", **{"Authentication-Results": forged})
    trusting_loop.exchange(reply)
    # Then nothing is approved and no decision goes out
    assert trusting_loop.change_status() is ChangeStatus.AWAITING_APPROVAL
    assert trusting_loop.decisions() == []
    assert "decision_refused" in trusting_loop.audit_actions()


@sqlite_only
def test_reply_fetched_by_the_poll_command_approves_the_change(loop: MailLoop) -> None:
    # Given the request as it arrived at the approver
    request = _request(loop)
    loop.deliver(answer(request, APPROVER, "Approved - please go ahead.\n\nMichael"))
    # When `mailroom poll --once` runs as its own process and the outbox drains
    result = loop.poll_command()
    loop.send()
    # Then it exits cleanly, the change is approved and the decision arrives
    assert result.returncode == 0, result.stderr
    assert loop.change_status() is ChangeStatus.APPROVED
    assert len(loop.decisions()) == 1
