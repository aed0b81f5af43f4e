"""Changes by mail: open a change record, ask the approvers, apply their signed decision.

One change, one record. A change is often agreed in passing ("as agreed on Thursday's
call, we will add two timepoints; the formal change order follows") and then sent as a
formal change order. While the informal change is still undecided, an order that
answers its thread, or that names the same scope (`mailroom.change_scope`), revises it —
title, what changed, cost, the order document — and the approvers are asked again with
the formal terms, instead of a second change being opened.

Any other follow-up in the thread of an undecided change ("Approved - please proceed
with CO-001" sent to the thread rather than to our approval request) is not a new change
and not a decision either: only the signed reply decides. It is flagged so a person sees
the informal answer.
"""

from __future__ import annotations

from mailroom import notices
from mailroom.change_scope import same_scope, scope_overlap
from mailroom.trigger import Trigger
from rules.schema import ActionSpec
from tracker import tokens
from tracker.errors import InvalidTransition
from tracker.operations import changes, review
from tracker.operations.messages import find_filed_message
from tracker.types import Actor, ChangeStatus

OPEN_CHANGE = frozenset({ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL})
SYSTEM = Actor.system("mailroom-rules")


def _undecided(t: Trigger) -> list[changes.ChangeView]:
    return [c for c in changes.list_changes(t.session, t.project_id) if c.status in OPEN_CHANGE]


def thread_change(t: Trigger) -> changes.ChangeView | None:
    """An undecided change that a message this one answers opened or revised."""
    pks = set()
    for ref in t.thread_ids:
        filed = find_filed_message(t.session, ref)
        if filed is not None and filed.project_id == t.project_id:
            pks.add(filed.id)
    touched = set(changes.changes_touched_by(t.session, t.project_id, pks))
    open_ = [c for c in _undecided(t) if c.id in touched]
    return open_[-1] if open_ else None


def order_document(t: Trigger) -> int | None:
    """The change-order document this message carries, if it carries one."""
    if t.classification is None:
        return None
    return next(
        (
            t.document_ids[i]
            for i, pred in enumerate(t.classification.attachments)
            if pred.label.value == changes.CHANGE_ORDER_LABEL and i < len(t.document_ids)
        ),
        None,
    )


def _is_informal(t: Trigger, change: changes.ChangeView) -> bool:
    return not changes.change_documents(t.session, t.project_id, change.id)


def _order_text(t: Trigger) -> str:
    texts = [t.parsed.subject, t.new_text]
    texts += [text for text, doc in t.texts_for(changes.CHANGE_ORDER_LABEL) if doc is not None]
    return "\n\n".join(texts)


def informal_change_for_order(t: Trigger) -> changes.ChangeView | None:
    """The informal, undecided change a formal order restates: its thread's, else the one
    whose wording names the same scope most closely."""
    if order_document(t) is None:
        return None
    in_thread = thread_change(t)
    if in_thread is not None:
        return in_thread if _is_informal(t, in_thread) else None
    text = _order_text(t)
    # the wording first (no query), then the documents of all that match at once
    scoped = [c for c in _undecided(t) if same_scope(c.what_changed, text)]
    informal_ids = changes.informal_changes(t.session, t.project_id, scoped)
    informal = [c for c in scoped if c.id in informal_ids]
    return max(informal, key=lambda c: scope_overlap(c.what_changed, text), default=None)


def _revise(t: Trigger, change: changes.ChangeView) -> None:
    amount, currency = t.money()
    revision = changes.ChangeRevision(
        title=notices.clean_subject(t.parsed.subject), what_changed=t.new_text.strip()[:2000],
        cost_delta=amount, currency=currency, document_id=order_document(t),
    )  # fmt: skip
    view = changes.revise_change(
        t.session, t.actor, t.project_id, change.id, revision, t.message_pk
    )
    t.change_id, t.change_is_new, t.change_revised = view.id, False, True
    t.done.append(f"{view.code} revised by the formal change order")


def open_change(t: Trigger, _spec: ActionSpec) -> None:
    """Open a change, unless the message restates or follows up one already undecided."""
    if (informal := informal_change_for_order(t)) is not None:
        _revise(t, informal)
        return
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
    """Move a new (or newly formal, still proposed) change to awaiting approval."""
    if t.change_id is None or not (t.change_is_new or t.change_revised):
        return
    change = changes.get_change(t.session, t.project_id, t.change_id)
    if change.status is not ChangeStatus.PROPOSED:
        return  # a revised change already awaiting approval is asked again, not moved
    # Asking the approvers is Mailroom's own act, whoever proposed the change.
    changes.request_approval(t.session, SYSTEM, t.project_id, t.change_id, t.message_pk)


def approvers_to_ask(t: Trigger) -> bool:
    """Approvers hear about a change this message opened or restated, not a follow-up."""
    return t.change_id is not None and (t.change_is_new or t.change_revised)


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
