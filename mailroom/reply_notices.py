"""Reply-to-confirm mail: approval requests, decisions, and "we could not act on your reply".

Each approval request carries its own signed, single-use token (Reply-To address and
Message-ID). When a reply does not count — tentative wording, an expired or used token,
a failed DMARC check, the wrong side — the refusal is audited, and only the person the
request went to (the approver, or the sponsor-side reviewer) is told why; never the
sender of a spoof, and never a CRO person "accepting" their own delivery.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from mailroom.addressing import project_ref, queue, recipients_for
from mailroom.outgoing import enqueue_mail
from outbound import types as ctx
from outbound.render import make_message_id, reply_token_address
from rules import Recipient, ReplyAbout
from tracker import audit, tokens
from tracker.db import utcnow
from tracker.operations import changes
from tracker.operations.projects import get_person
from tracker.types import TokenStatus

if TYPE_CHECKING:
    from mailroom.trigger import Trigger

EXPECTED = {
    ReplyAbout.CHANGE: "APPROVE, or REJECT followed by your reason",
    ReplyAbout.DELIVERABLE: 'ACCEPTED (or "no further comments"), or your comments',
}
WHY_REFUSED = {
    TokenStatus.EXPIRED: "the approval link in your reply has expired",
    TokenStatus.USED: "this request was already answered",
    TokenStatus.WRONG_APPROVER: "the reply did not come from the address it was sent to",
}


def _number(code: str) -> int:
    digits = re.sub(r"\D", "", code)
    return int(digits) if digits else 0


def approval_requests(t: Trigger, _group: Recipient | None = None) -> None:
    """One request per sponsor approver, each with its own signed, single-use token.

    Only for a change this message opened or restated formally: a follow-up in the
    thread of a change already asked about asks nobody again.
    """
    from mailroom.change_requests import approvers_to_ask

    if t.change_id is None or not approvers_to_ask(t):
        return
    ws = t.ws
    view = changes.view(changes.get_change(t.session, t.project_id, t.change_id))
    ttl = timedelta(days=int(ws.settings.get("approvals", "token_ttl_days")))
    impact = view.impact
    cost = (
        f"{impact.currency or ''} {impact.cost_delta:,.2f}".strip()
        if impact.cost_delta is not None
        else None
    )
    for approver in changes.approvers_of(t.session, t.project_id):
        if not approver.email:
            continue
        token = tokens.issue_token(
            t.session, ws.settings.secret, t.project_id, t.change_id, approver.person_id, ttl
        )
        context = ctx.ChangeApprovalContext(
            project=project_ref(t), change_number=_number(view.code), title=view.title,
            description=view.what_changed[:1500],
            approver_name=get_person(t.session, approver.person_id).name,
            reply_token=token, requested_by=view.requested_by, cost_impact=cost,
            expires_on=(utcnow() + ttl).date(),
        )  # fmt: skip
        enqueue_mail(
            t.session, ws, template="change_approval_request", context=context,
            recipients=[approver.email], project_id=t.project_id,
            reply_to=reply_token_address(ws.settings.mail_domain, token),
            message_id=make_message_id(ws.settings.mail_domain, token),
        )  # fmt: skip
    t.done.append(f"{view.code} sent for approval")


def change_decision(t: Trigger, group: Recipient | None) -> None:
    """Announce an applied change decision to the project."""
    if t.reply is None or t.reply.change_id is None:
        return
    view = changes.view(changes.get_change(t.session, t.project_id, t.reply.change_id))
    context = ctx.ChangeDecisionContext(
        project=project_ref(t), change_number=_number(view.code), title=view.title,
        decision=str(view.status), decided_by=t.actor.name or t.sender,
        decided_on=t.day, reason=t.reply.reason or None,
    )  # fmt: skip
    queue(t, "change_decision", context, recipients_for(t, group or Recipient.MEMBERS))


def _reply_not_understood(t: Trigger, reason: str | None = None) -> None:
    """Only the person the request went to is told why; never the sender of a spoof."""
    reply = t.reply
    if reply is None or reply.approver_id is None:
        return
    if reply.status in {TokenStatus.BAD_SIGNATURE, TokenStatus.MALFORMED, TokenStatus.UNKNOWN}:
        return
    person = get_person(t.session, reply.approver_id)
    if not person.addresses:
        return
    context = ctx.ReplyNotUnderstoodContext(
        original_subject=t.parsed.subject, project=project_ref(t),
        reason=reason or reply.reason or "the reply did not say approve or reject",
        expected=EXPECTED[reply.about],
    )  # fmt: skip
    queue(t, "reply_not_understood", context, [person.addresses[0].email])


def _entity(t: Trigger) -> tuple[str, int | None]:
    reply = t.reply
    assert reply is not None
    if reply.about is ReplyAbout.DELIVERABLE:
        return "deliverable", reply.deliverable_ids[0] if reply.deliverable_ids else None
    return "change", reply.change_id


def reply_not_understood(t: Trigger, _group: Recipient | None = None) -> None:
    """A reply whose wording is not a decision (tentative, negated): audited, and asked again."""
    reply = t.reply
    if reply is None:
        return
    entity, entity_id = _entity(t)
    audit.append(
        t.session, project_id=t.project_id, actor=t.actor, action="decision_not_taken",
        entity=entity, entity_id=entity_id, before=None,
        after={"decision": str(reply.decision), "reason": reply.reason,
               "token": str(reply.status)},
        source_message_id=t.message_pk,
    )  # fmt: skip
    _reply_not_understood(t)


def tell_why_refused(t: Trigger) -> None:
    """Audit a decision that did not count and tell the person asked (only) why."""
    reply = t.reply
    if reply is None:
        return
    why = WHY_REFUSED.get(reply.status, "the reply could not be authenticated")
    if reply.status is TokenStatus.VALID and not reply.auth_ok:
        why = f"your mail server's authentication check failed ({reply.auth_verdict})"
    elif reply.about is ReplyAbout.DELIVERABLE and reply.approver_id is None:
        why = "only the sponsor side can accept or comment on a deliverable"
    entity, entity_id = _entity(t)
    audit.append(
        t.session, project_id=t.project_id, actor=t.actor, action="decision_refused",
        entity=entity, entity_id=entity_id, before=None,
        after={"decision": str(reply.decision), "token": str(reply.status),
               "auth": reply.auth_verdict, "why": why},
        source_message_id=t.message_pk,
    )  # fmt: skip
    _reply_not_understood(t, why)


SENDERS: dict[str, Callable[[Trigger, Recipient | None], None]] = {
    "change_approval_request": approval_requests,
    "change_decision": change_decision,
    "reply_not_understood": reply_not_understood,
}
