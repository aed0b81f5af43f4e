"""Changes by mail: open a change record, ask the approvers, apply their signed decision.

A follow-up in the thread of a change still open ("Approved - please proceed with
CO-001" sent to the thread rather than to our approval request) is not a new change and
not a decision either: only the signed reply decides. It is flagged so a person sees the
informal answer.
"""

from __future__ import annotations

from mailroom import notices
from mailroom.trigger import Trigger
from rules.schema import ActionSpec
from tracker import tokens
from tracker.errors import InvalidTransition
from tracker.operations import changes, review
from tracker.operations.messages import find_filed_message
from tracker.types import Actor, ChangeStatus

OPEN_CHANGE = frozenset({ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL})
SYSTEM = Actor.system("mailroom-rules")


def thread_change(t: Trigger) -> changes.ChangeView | None:
    """An undecided change opened by a message this one answers (a follow-up in its thread)."""
    pks = set()
    for ref in t.thread_ids:
        filed = find_filed_message(t.session, ref)
        if filed is not None and filed.project_id == t.project_id:
            pks.add(filed.id)
    open_ = [
        c for c in changes.list_changes(t.session, t.project_id)
        if c.proposed_message_id in pks and c.status in OPEN_CHANGE
    ]  # fmt: skip
    return open_[-1] if open_ else None


def open_change(t: Trigger, _spec: ActionSpec) -> None:
    """Open a change, unless the message follows up one already open in its thread."""
    if (existing := thread_change(t)) is not None:
        t.change_id, t.change_is_new = existing.id, False
        review.flag_message(t.session, t.message_pk, f"follow-up to {existing.code}")
        t.done.append(f"follow-up to {existing.code} ({existing.status})")
        return
    amount, currency = t.money()
    spec = changes.ChangeSpec(
        title=notices.clean_subject(t.parsed.subject) or "Change",
        what_changed=t.new_text.strip()[:2000],
        requested_by=t.sender,
        impact=changes.ChangeImpact(cost_delta=amount, currency=currency),
    )
    view = changes.open_change(t.session, t.actor, t.project_id, spec, t.message_pk)
    t.change_id = view.id
    t.done.append(f"{view.code} opened")


def request_approval(t: Trigger, _spec: ActionSpec) -> None:
    if t.change_id is None or not t.change_is_new:
        return
    # Asking the approvers is Mailroom's own act, whoever proposed the change.
    changes.request_approval(t.session, SYSTEM, t.project_id, t.change_id, t.message_pk)


def apply_change_decision(t: Trigger) -> None:
    """Approve or reject the change named by the token, dated by the reply; single use."""
    reply = t.reply
    if reply is None or reply.change_id is None or reply.token is None:
        return
    evidence = changes.ApprovalEvidence(
        raw_sha256=t.parsed.sha256, auth_verdict=reply.auth_verdict, token_id=reply.token_id,
        reply_text=t.parsed.reply_text,
        quoted_split=f"new text {len(t.parsed.reply_text)} of {len(t.parsed.body_text)} chars",
    )  # fmt: skip
    used = tokens.consume_token(
        t.session, t.ws.settings.secret, reply.token, approver_id=reply.approver_id or -1,
        message_id=t.message_pk,
    )  # fmt: skip
    if not used.valid:  # lost a race with another reply using the same token
        raise InvalidTransition(f"reply token is {used.status}")
    decide = changes.approve_change if reply.decision == "approve" else changes.reject_change
    decide(
        t.session, t.actor, t.project_id, reply.change_id, evidence, t.message_pk,
        decided_at=t.sent_at,
    )  # fmt: skip
    t.change_id = reply.change_id
