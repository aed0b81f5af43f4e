"""Build each outbound template's context from the record, pick recipients, queue the mail.

This is the one module that reads tracker results and writes outbound contexts: it
knows both shapes so neither package has to. Recipients come from project roles, never
from the inbound headers alone, and nobody outside a project gets its data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ingest import ParsedEmail
from mailroom.outgoing import confirmation_recipients, enqueue_mail
from outbound import types as ctx
from outbound.policy import notice_dedupe_key
from outbound.render import make_message_id, reply_token_address
from rules import Recipient
from tracker import audit, tokens
from tracker.db import utcnow
from tracker.errors import InvalidTransition
from tracker.operations import changes, quotes
from tracker.operations.projects import find_person, get_person
from tracker.queries import members
from tracker.types import Role, TokenStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.decisions import Trigger
    from mailroom.wiring import Workspace
    from tracker.operations.deliverables import DeliverableView
    from tracker.operations.payments import PaymentLineView
    from tracker.operations.samples import SampleImportResult

PREFIX = re.compile(r"^\s*((re|aw|fwd?|tr|sv|wg|antw)\s*:\s*)+", re.I)
TAG = re.compile(r"\[PRJ-[a-z0-9-]+\]\s*", re.I)

GROUPS: dict[Recipient, frozenset[Role]] = {
    Recipient.SPONSOR: frozenset({Role.SPONSOR_PM, Role.SPONSOR_APPROVER}),
    Recipient.CRO: frozenset({Role.CRO_PM, Role.CRO_STAFF}),
    Recipient.APPROVERS: frozenset({Role.SPONSOR_APPROVER}),
    Recipient.FINANCE: frozenset({Role.FINANCE}),
    Recipient.MEMBERS: frozenset(Role),
}


def clean_subject(subject: str) -> str:
    return TAG.sub("", PREFIX.sub("", subject or "")).strip()


def _project(t: Trigger) -> ctx.ProjectRef:
    return ctx.ProjectRef(code=t.project_code, name=t.project_name)


def _answering(t: Trigger) -> tuple[str | None, tuple[str, ...], str]:
    return t.parsed.message_id, t.parsed.references, t.parsed.subject


def _member_emails(session: Session, project_id: int, roles: frozenset[Role]) -> list[str]:
    return [m.emails[0] for m in members(session, project_id) if m.emails and m.roles & roles]


def recipients_for(t: Trigger, group: Recipient | None) -> tuple[str, ...]:
    """Addresses for a rule's `to:`; the default is the confirmation policy (sender or all)."""
    everyone = {e for m in members(t.session, t.project_id) for e in m.emails}
    if group is None or group is Recipient.SENDER:
        return confirmation_recipients(
            t.ws, t.sender, [a.email for a in t.parsed.to], [a.email for a in t.parsed.cc],
            everyone,
        )  # fmt: skip
    return tuple(_member_emails(t.session, t.project_id, GROUPS[group]))


def _queue(
    t: Trigger,
    template: str,
    context: ctx.TemplateContext,
    recipients: Sequence[str],
    **extra: object,
) -> None:
    enqueue_mail(
        t.session,
        t.ws,
        template=template,
        context=context,
        recipients=recipients,
        project_id=t.project_id,
        answering=extra.pop("answering", _answering(t)),
        **extra,
    )  # type: ignore[arg-type]


# -- what the actions remember for the confirmations --------------------------------------


def _money(amount: Decimal | None, currency: str | None) -> str:
    return f"{currency or '???'} {amount:,.2f}" if amount is not None else "not stated"


def remember_quote(t: Trigger, version: int) -> None:
    """Keep a recorded quote's key facts for the confirmation (title once, facts listed)."""
    quote = quotes.get_quote(t.session, t.project_id, version)
    facts = quotes.facts_of(quote)
    title = f"Quote v{version}" + (f" ({facts.reference})" if facts.reference else "")
    found = [ctx.Fact("Total", _money(quote.total, quote.currency))]
    if quote.expiry_date:
        found.append(ctx.Fact("Valid until", quote.expiry_date.isoformat()))
    if version > 1:
        diff = quotes.quote_diff(t.session, t.project_id, version - 1, version)
        if diff.total_delta is not None:
            found.append(ctx.Fact(f"Total vs v{version - 1}", f"{diff.total_delta:+,.2f}"))
        changed = len(diff.assumptions_added) + len(diff.assumptions_removed)
        if changed:
            found.append(ctx.Fact("Assumptions changed", str(changed)))
    t.done.append(f"{title}: {found[0].value}")
    t.__dict__.setdefault("quotes", []).append((title, tuple(found)))


def remember_samples(t: Trigger, result: SampleImportResult, rows: int) -> None:
    t.done.append(f"samples: {rows} rows ({result.stage})")
    issues = [ctx.SampleIssue(s, "missing (expected, not in this sheet)") for s in result.missing]
    issues += [ctx.SampleIssue(s, "not on the expected list") for s in result.extra]
    issues += [ctx.SampleIssue(s, "duplicate ID") for s in result.duplicates]
    t.__dict__.setdefault("samples", []).append((rows, tuple(issues)))


def remember_deliverable(t: Trigger, view: DeliverableView) -> None:
    t.done.append(f"deliverable {view.title} v{view.version}")
    t.__dict__.setdefault("deliverables", []).append(view)


# -- template contexts ------------------------------------------------------------------


def _document_filed(t: Trigger) -> ctx.DocumentFiledContext:
    label = t.classification.message.label.value if t.classification else "other"
    recorded = t.__dict__.get("quotes") or []
    if recorded:
        title, facts = recorded[-1]
    else:
        title = clean_subject(t.parsed.subject)
        facts = tuple(ctx.Fact("Recorded", line) for line in t.done)
    return ctx.DocumentFiledContext(
        project=_project(t), document_title=title, label=label, facts=facts, filed_from=t.sender
    )


def _sample_sheet(t: Trigger) -> ctx.SampleSheetContext:
    found = t.__dict__.get("samples") or [(0, ())]
    rows = sum(n for n, _ in found)
    issues = tuple(issue for _, group in found for issue in group)
    return ctx.SampleSheetContext(
        project=_project(t),
        document_title=clean_subject(t.parsed.subject),
        sample_count=rows,
        mismatches=issues,
    )


def _deliverable_received(t: Trigger) -> ctx.DeliverableReceivedContext | None:
    views = t.__dict__.get("deliverables") or []
    if not views:
        return None
    first = views[0]
    return ctx.DeliverableReceivedContext(
        project=_project(t), title=first.title, delivered_by=t.actor.name or t.sender,
        version=f"v{first.version}", files=tuple(v.title for v in views),
        review_deadline=first.review_due, milestone=first.milestone_key,
    )  # fmt: skip


def send_template(t: Trigger, template: str, group: Recipient | None) -> None:
    """Queue the named template for this trigger (rules `send:` action)."""
    if template == "change_approval_request":
        return approval_requests(t)
    if template == "change_decision":
        return _change_decision(t, group)
    if template == "reply_not_understood":
        _audit_not_taken(t)
        return _reply_not_understood(t)
    if template == "status_reply":
        return status_reply(t)
    builders = {
        "document_filed": _document_filed,
        "sample_sheet_received": _sample_sheet,
        "deliverable_received": _deliverable_received,
        "deliverable_accepted": _deliverable_accepted,
    }
    build = builders.get(template)
    context = build(t) if build else None
    if context is not None:
        _queue(t, template, context, recipients_for(t, group))


def _deliverable_accepted(t: Trigger) -> ctx.DeliverableAcceptedContext:
    return ctx.DeliverableAcceptedContext(
        project=_project(t), title=clean_subject(t.parsed.subject),
        accepted_by=t.actor.name or t.sender, accepted_on=t.day,
    )  # fmt: skip


# -- reply-to-confirm ---------------------------------------------------------------------


def approval_requests(t: Trigger) -> None:
    """One request per sponsor approver, each with its own signed, single-use token."""
    if t.change_id is None:
        return
    ws = t.ws
    change = changes.get_change(t.session, t.project_id, t.change_id)
    view = changes.view(change)
    ttl = timedelta(days=int(ws.settings.get("approvals", "token_ttl_days")))
    cost = (
        f"{view.impact.currency or ''} {view.impact.cost_delta:,.2f}".strip()
        if view.impact.cost_delta is not None
        else None
    )
    for approver in changes.approvers_of(t.session, t.project_id):
        if not approver.email:
            continue
        token = tokens.issue_token(
            t.session, ws.settings.secret, t.project_id, t.change_id, approver.person_id, ttl
        )
        person = get_person(t.session, approver.person_id)
        context = ctx.ChangeApprovalContext(
            project=_project(t), change_number=_number(view.code), title=view.title,
            description=view.what_changed[:1500], approver_name=person.name,
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


def _number(code: str) -> int:
    digits = re.sub(r"\D", "", code)
    return int(digits) if digits else 0


def apply_change_decision(t: Trigger) -> None:
    """Approve or reject the change named by the token; consume the token (single use)."""
    reply = t.reply
    if reply is None or reply.change_id is None:
        return
    evidence = changes.ApprovalEvidence(
        raw_sha256=t.parsed.sha256, auth_verdict=reply.auth_verdict, token_id=reply.token_id,
        reply_text=t.parsed.reply_text,
        quoted_split=f"new text {len(t.parsed.reply_text)} of {len(t.parsed.body_text)} chars",
    )  # fmt: skip
    used = tokens.consume_token(
        t.session,
        t.ws.settings.secret,
        reply.token,
        approver_id=reply.approver_id or -1,
        message_id=t.message_pk,
    )
    if not used.valid:  # lost a race with another reply using the same token
        raise InvalidTransition(f"reply token is {used.status}")
    decide = changes.approve_change if reply.decision == "approve" else changes.reject_change
    decide(t.session, t.actor, t.project_id, reply.change_id, evidence, t.message_pk)
    t.change_id = reply.change_id


def _change_decision(t: Trigger, group: Recipient | None) -> None:
    if t.reply is None or t.reply.change_id is None:
        return
    view = changes.view(changes.get_change(t.session, t.project_id, t.reply.change_id))
    context = ctx.ChangeDecisionContext(
        project=_project(t), change_number=_number(view.code), title=view.title,
        decision=str(view.status), decided_by=t.actor.name or t.sender,
        decided_on=t.day, reason=t.reply.reason or None,
    )  # fmt: skip
    _queue(t, "change_decision", context, recipients_for(t, group or Recipient.MEMBERS))


def _reply_not_understood(t: Trigger, reason: str | None = None) -> None:
    """Only the approver the request went to is told why; never the sender of a spoof."""
    reply = t.reply
    if reply is None or reply.approver_id is None:
        return
    if reply.status in {TokenStatus.BAD_SIGNATURE, TokenStatus.MALFORMED, TokenStatus.UNKNOWN}:
        return
    approver = get_person(t.session, reply.approver_id)
    if not approver.addresses:
        return
    context = ctx.ReplyNotUnderstoodContext(
        original_subject=t.parsed.subject, project=_project(t),
        reason=reason or reply.reason or "the reply did not say approve or reject",
        expected="APPROVE, or REJECT followed by your reason",
    )  # fmt: skip
    _queue(t, "reply_not_understood", context, [approver.addresses[0].email])


def _audit_not_taken(t: Trigger) -> None:
    """A reply whose wording is not a decision (tentative, negated) is on record as such."""
    reply = t.reply
    if reply is None:
        return
    audit.append(
        t.session, project_id=t.project_id, actor=t.actor, action="decision_not_taken",
        entity="change", entity_id=reply.change_id, before=None,
        after={"decision": str(reply.decision), "reason": reply.reason,
               "token": str(reply.status)},
        source_message_id=t.message_pk,
    )  # fmt: skip


def tell_approver_why(t: Trigger) -> None:
    """Audit a decision that did not count and tell the approver (only) why."""
    reply = t.reply
    if reply is None:
        return
    why = {
        TokenStatus.EXPIRED: "the approval link in your reply has expired",
        TokenStatus.USED: "this request was already answered",
        TokenStatus.WRONG_APPROVER: "the reply did not come from the address it was sent to",
    }.get(reply.status, "the reply could not be authenticated")
    if reply.status is TokenStatus.VALID and not reply.auth_ok:
        why = f"your mail server's authentication check failed ({reply.auth_verdict})"
    audit.append(
        t.session, project_id=t.project_id, actor=t.actor, action="decision_refused",
        entity="change", entity_id=reply.change_id, before=None,
        after={"decision": str(reply.decision), "token": str(reply.status),
               "auth": reply.auth_verdict, "why": why},
        source_message_id=t.message_pk,
    )  # fmt: skip
    _reply_not_understood(t, why)


# -- payments, status, refusals -----------------------------------------------------------


def payment_due(t: Trigger, line: PaymentLineView) -> None:
    amount = f"{line.currency or ''} {line.amount:,.2f}".strip() if line.amount else "—"
    context = ctx.PaymentDueContext(
        project=_project(t), description=line.label, amount=amount, milestone=line.milestone_key
    )
    _queue(
        t,
        "payment_due",
        context,
        recipients_for(t, Recipient.FINANCE),
        answering=None,
        dedupe_key=f"payment-due:{t.project_id}:{line.id}",
    )


def status_reply(t: Trigger) -> None:
    from mailroom.summaries import status_context

    _queue(t, "status_reply", status_context(t.session, t.project_id), [t.sender])


def refused_notice(session: Session, ws: Workspace, parsed: ParsedEmail, reason: str) -> None:
    """At most once per address, reason and day, and only to a person we know."""
    from mailroom.outgoing import may_answer

    sender = parsed.from_.email if parsed.from_ else ""
    if not sender or not may_answer(str(parsed.kind)) or find_person(session, sender) is None:
        return
    today = utcnow().date()
    context = ctx.RefusedNoticeContext(
        original_subject=parsed.subject, reason=reason, received_on=today,
        explanation=REFUSAL_TEXT.get(reason, "it could not be filed to a project you belong to"),
    )  # fmt: skip
    enqueue_mail(
        session,
        ws,
        template="refused_notice",
        context=context,
        recipients=[sender],
        project_id=None,
        answering=(parsed.message_id, parsed.references, parsed.subject),
        dedupe_key=notice_dedupe_key(sender, reason, today),
    )


REFUSAL_TEXT = {
    "non_member": "you are not a member of the project it was addressed to",
    "no_project_address": "it was not addressed to a project address",
    "unknown_project": "the project address it was sent to does not exist",
    "invalid_token": "the reply link it used is not valid",
    "ambiguous_participants": "it could belong to more than one project",
    "project_closed": "the project it was addressed to is closed",
}
