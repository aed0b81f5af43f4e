"""Reply-to-confirm at the pipeline level: .eml files in, the record and the outbox folder out.

A change order cc'd to the project gets one approval request per sponsor approver; only
that approver's reply, with the signed token, firm wording and (when configured) a
passing DMARC verdict, decides it — once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from outbound.render import reply_token_address
from tests.mailroom.conftest import (
    APPROVER,
    CRO_PM,
    DOCX_TYPE,
    OUTSIDER,
    PROJECT,
    Harness,
    Mail,
    change_order_docx,
    make_project,
    make_workspace,
    reply_to,
)
from tracker import tokens
from tracker.models.audit import AuditEvent
from tracker.operations import changes
from tracker.types import ChangeStatus

SENT = datetime(2026, 3, 25, 10, tzinfo=UTC)
LATER = SENT + timedelta(days=1)


def _change_order() -> Mail:
    return Mail(
        CRO_PM, "Change order CO-001 for approval - HLX-208-101 additional timepoints",
        "Dear Michael,\n\nPlease find attached change order CO-001 for approval: two additional"
        " timepoints, out of scope. Cost impact +GBP 1,934.50.\n\nBest regards,\nJames", SENT,
        attachments=(("CO-001_HLX-208-101.docx", change_order_docx(), DOCX_TYPE),),
    )  # fmt: skip


def _request(h: Harness) -> EmailMessage:
    h.send(_change_order())
    return next(m for m in h.mail_to(APPROVER) if "+c-" in str(m["Reply-To"]))


def _status(h: Harness) -> ChangeStatus:
    with h.ws.transaction() as session:
        return changes.list_changes(session, h.project_id)[0].status


def _actions(h: Harness) -> list[str]:
    with h.ws.transaction() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_change_order_sends_one_signed_request_per_approver(harness: Harness) -> None:
    # Given a change order cc'd to the project; When it is ingested
    request = _request(harness)
    token = str(request["Reply-To"]).split("+c-")[1].split("@")[0]
    # Then the approver's request names the change, replies to a signed token address,
    # and carries the token in its Message-ID too
    assert len([m for m in harness.mail_to(APPROVER) if "+c-" in str(m["Reply-To"])]) == 1
    assert "CR-1" in str(request["Subject"])
    assert token in str(request["Message-ID"])
    assert _status(harness) is ChangeStatus.AWAITING_APPROVAL


def test_approver_reply_approves_once_and_keeps_evidence(harness: Harness) -> None:
    # Given the request; When the approver replies, quoting our "reply APPROVE" text
    request = _request(harness)
    harness.send(reply_to(request, APPROVER, "Approved - please go ahead.\n\nMichael", LATER))
    # Then the change is approved with its evidence, and the decision is announced
    with harness.ws.transaction() as session:
        change = changes.get_change(session, harness.project_id, 1)
        evidence = dict(change.decision_evidence or {})
        assert change.status is ChangeStatus.APPROVED
    assert evidence["raw_sha256"] and evidence["token_id"] and evidence["auth_verdict"]
    assert "new text" in str(evidence["quoted_split"])
    assert any("CR-1" in str(m["Subject"]) for m in harness.mail_to(CRO_PM))


def test_replayed_reply_changes_nothing_and_is_audited(harness: Harness) -> None:
    # Given an approval already given by reply
    request = _request(harness)
    harness.send(reply_to(request, APPROVER, "Approved.\n\nMichael", LATER))
    # When a second reply uses the same token
    harness.send(reply_to(request, APPROVER, "Rejected: too expensive after all.", LATER))
    # Then the change stays approved and the refused use is on record
    assert _status(harness) is ChangeStatus.APPROVED
    assert "decision_refused" in _actions(harness)


def test_spoofed_reply_changes_nothing_and_only_the_approver_is_told(harness: Harness) -> None:
    # Given the request; When someone else replies with the right token
    request = _request(harness)
    harness.send(reply_to(request, OUTSIDER, "Approved - go ahead.", LATER))
    # Then nothing is approved, the refusal is audited, the approver hears why, the spoofer nothing
    assert _status(harness) is ChangeStatus.AWAITING_APPROVAL
    assert "decision_refused" in _actions(harness)
    assert harness.mail_to(OUTSIDER) == []
    told = [m for m in harness.mail_to(APPROVER) if "+c-" not in str(m["Reply-To"])]
    assert (
        len(told) == 1
        and "Nothing in the project record was changed"
        in told[0].get_body(("plain",)).get_content()
    )


def test_expired_token_changes_nothing(harness: Harness) -> None:
    # Given the request and a token for the same approver that has already expired
    _request(harness)
    with harness.ws.transaction() as session:
        approver = changes.approvers_of(session, harness.project_id)[0]
        token = tokens.issue_token(
            session, harness.ws.settings.secret, harness.project_id, 1, approver.person_id,
            timedelta(days=1), now=datetime.now(UTC) - timedelta(days=3),
        )  # fmt: skip
    address = reply_token_address(harness.ws.settings.mail_domain, token)
    # When the approver answers through it
    harness.send(Mail(APPROVER, "Re: CR-1", "Approved.", LATER, to=(address,)))
    # Then nothing is approved and the refusal is audited
    assert _status(harness) is ChangeStatus.AWAITING_APPROVAL
    assert "decision_refused" in _actions(harness)


def test_auto_reply_to_the_request_changes_nothing(harness: Harness) -> None:
    # Given the request; When the approver's out-of-office answers it
    request = _request(harness)
    ooo = reply_to(request, APPROVER, "I am out of the office. Approved requests wait.", LATER,
                   **{"Auto-Submitted": "auto-replied"})  # fmt: skip
    harness.send(ooo)
    # Then nothing is decided, nobody is answered, and the reply is on record
    assert _status(harness) is ChangeStatus.AWAITING_APPROVAL
    assert "reply_ignored" in _actions(harness)


def test_tentative_reply_changes_nothing(harness: Harness) -> None:
    # Given the request; When the approver approves only in principle
    request = _request(harness)
    text = "I approve in principle, pending internal approval."
    harness.send(reply_to(request, APPROVER, text, LATER))
    # Then nothing is decided and the non-decision is audited
    assert _status(harness) is ChangeStatus.AWAITING_APPROVAL
    assert "decision_not_taken" in _actions(harness)


def test_negated_reply_changes_nothing(harness: Harness) -> None:
    # Given the request; When the approver writes that they cannot approve
    request = _request(harness)
    harness.send(reply_to(request, APPROVER, "I cannot approve this.", LATER))
    # Then it is neither an approval nor a rejection, and it is audited
    assert _status(harness) is ChangeStatus.AWAITING_APPROVAL
    assert "decision_not_taken" in _actions(harness)


def test_reply_to_tag_stripped_address_routes_by_in_reply_to(harness: Harness) -> None:
    # Given the request; When the reply went to the plain project address (+tag stripped)
    request = _request(harness)
    harness.send(reply_to(request, APPROVER, "Approved.\n\nMichael", LATER, to=PROJECT))
    # Then the In-Reply-To still finds the token and the change is approved
    assert _status(harness) is ChangeStatus.APPROVED


def _trusted(db_url: str, tmp_path: Path) -> Harness:
    ws = make_workspace(
        tmp_path / "home", db_url, MAILROOM_AUTH_TRUSTED_AUTHSERV_ID="mx.mailroom.example"
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return Harness(ws, make_project(ws), inbox)


def test_trusted_server_without_dmarc_pass_does_not_count(db_url: str, tmp_path: Path) -> None:
    # Given a workspace that trusts its receiving server's Authentication-Results
    h = _trusted(db_url, tmp_path)
    request = _request(h)
    # When the approver's reply carries no passing DMARC verdict from that server
    fail = "mx.mailroom.example; dmarc=fail header.from=helix.example"
    h.send(reply_to(request, APPROVER, "Approved.", LATER, **{"Authentication-Results": fail}))
    # Then it does not count
    assert _status(h) is ChangeStatus.AWAITING_APPROVAL


def test_trusted_server_with_dmarc_pass_counts(db_url: str, tmp_path: Path) -> None:
    # Given a workspace that trusts its receiving server's Authentication-Results
    h = _trusted(db_url, tmp_path)
    request = _request(h)
    # When the approver's reply passed DMARC at that server
    ok = "mx.mailroom.example; dkim=pass header.d=helix.example;"
    ok += " dmarc=pass header.from=helix.example"
    h.send(reply_to(request, APPROVER, "Approved.", LATER, **{"Authentication-Results": ok}))
    # Then the approval counts
    assert _status(h) is ChangeStatus.APPROVED


def test_decision_is_dated_by_the_reply_not_by_processing(harness: Harness) -> None:
    # Given the request; When the approver's reply, sent a day later, is read
    request = _request(harness)
    harness.send(reply_to(request, APPROVER, "Approved.\n\nMichael", LATER))
    # Then the change's decision time is the reply's Date
    with harness.ws.transaction() as session:
        change = changes.get_change(session, harness.project_id, 1)
        assert change.decided_at == LATER


def test_an_approval_naming_another_change_decides_nothing(harness: Harness) -> None:
    # Given the request for CR-1; When the approver answers it with "Approve CR-4."
    request = _request(harness)
    harness.send(reply_to(request, APPROVER, "Approve CR-4.\n\nMichael", LATER))
    # Then CR-1 still awaits its decision; naming CR-1 itself decides it
    assert _status(harness) is ChangeStatus.AWAITING_APPROVAL
    harness.send(reply_to(request, APPROVER, "Approve CR-1, thanks.\n\nMichael", LATER))
    assert _status(harness) is ChangeStatus.APPROVED
