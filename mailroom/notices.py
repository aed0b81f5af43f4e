"""Build each outbound template's context from the record and queue it (rules `send:`).

This is where tracker results become outbound contexts: it knows both shapes so neither
package has to. The handlers remember what they recorded on the trigger (quotes, samples,
deliverables, reviews); the confirmation sent by the same rule reads it from there.
Reply-to-confirm mail (approval requests, decisions, "we could not read your reply")
lives in `mailroom.reply_notices`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from ingest import ParsedEmail
from mailroom import reply_notices
from mailroom.addressing import clean_subject, project_ref, queue, recipients_for
from mailroom.outgoing import enqueue_mail
from outbound import types as ctx
from outbound.policy import notice_dedupe_key
from rules import Recipient
from tracker.db import utcnow
from tracker.operations import quotes
from tracker.operations.projects import find_person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.trigger import Trigger
    from mailroom.wiring import Workspace
    from tracker.operations.deliverables import DeliverableView
    from tracker.operations.payments import PaymentLineView
    from tracker.operations.samples import SampleImportResult

__all__ = ["clean_subject", "send_template"]


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
    t.quotes.append((title, tuple(found)))


def remember_samples(t: Trigger, result: SampleImportResult, rows: int) -> None:
    t.done.append(f"samples: {rows} rows ({result.stage})")
    issues = [ctx.SampleIssue(s, "missing (expected, not in this sheet)") for s in result.missing]
    issues += [ctx.SampleIssue(s, "not on the expected list") for s in result.extra]
    issues += [ctx.SampleIssue(s, "duplicate ID") for s in result.duplicates]
    t.samples.append((rows, tuple(issues)))


def remember_deliverable(t: Trigger, view: DeliverableView) -> None:
    t.done.append(f"deliverable {view.title} v{view.version}")
    t.deliverables.append(view)


# -- template contexts ------------------------------------------------------------------


def _document_filed(t: Trigger) -> ctx.DocumentFiledContext:
    label = t.classification.message.label.value if t.classification else "other"
    if t.quotes:
        title, facts = t.quotes[-1]
    else:
        title = clean_subject(t.parsed.subject)
        facts = tuple(ctx.Fact("Recorded", line) for line in t.done)
    return ctx.DocumentFiledContext(
        project=project_ref(t), document_title=title, label=label, facts=facts, filed_from=t.sender
    )


def _sample_sheet(t: Trigger) -> ctx.SampleSheetContext:
    found = t.samples or [(0, ())]
    return ctx.SampleSheetContext(
        project=project_ref(t),
        document_title=clean_subject(t.parsed.subject),
        sample_count=sum(n for n, _ in found),
        mismatches=tuple(issue for _, group in found for issue in group),
    )


def _deliverable_received(t: Trigger) -> ctx.DeliverableReceivedContext | None:
    if not t.deliverables:
        return None
    first = t.deliverables[0]
    return ctx.DeliverableReceivedContext(
        project=project_ref(t), title=first.title, delivered_by=t.actor.name or t.sender,
        version=f"v{first.version}", files=tuple(v.title for v in t.deliverables),
        review_deadline=first.review_due, milestone=first.milestone_key,
    )  # fmt: skip


def _deliverable_accepted(t: Trigger) -> ctx.DeliverableAcceptedContext | None:
    accepted = [v for v in t.reviewed if str(v.status) == "accepted"]
    if not accepted:
        return None
    first = accepted[0]
    return ctx.DeliverableAcceptedContext(
        project=project_ref(t), title=", ".join(v.title for v in accepted),
        accepted_by=t.actor.name or t.sender, accepted_on=t.day, version=f"v{first.version}",
        milestone=first.milestone_key,
    )  # fmt: skip


BUILDERS: dict[str, Callable[[Trigger], ctx.TemplateContext | None]] = {
    "document_filed": _document_filed,
    "sample_sheet_received": _sample_sheet,
    "deliverable_received": _deliverable_received,
    "deliverable_accepted": _deliverable_accepted,
}


def built_from_trigger(template: str) -> bool:
    """Whether `send_template` builds this template from the trigger alone (no record
    read or written before its one outbox row)."""
    return template in BUILDERS and template not in reply_notices.SENDERS


def send_template(t: Trigger, template: str, group: Recipient | None) -> None:
    """Queue the named template for this trigger (rules `send:` action).

    `payment_due` has no builder here: each line that falls due is announced once, to
    finance, by the action that made it due (`mailroom.invoicing`).
    """
    if template in reply_notices.SENDERS:
        reply_notices.SENDERS[template](t, group)
        return
    if template == "status_reply":
        status_reply(t)
        return
    build = BUILDERS.get(template)
    context = build(t) if build else None
    if context is not None:
        queue(t, template, context, recipients_for(t, group))


# -- payments, status, refusals -----------------------------------------------------------


def payment_due(t: Trigger, line: PaymentLineView) -> None:
    """Tell finance a payment line is due, once per line (not in the sender's thread)."""
    amount = f"{line.currency or ''} {line.amount:,.2f}".strip() if line.amount else "—"
    context = ctx.PaymentDueContext(
        project=project_ref(t), description=line.label, amount=amount,
        milestone=line.milestone_key,
    )  # fmt: skip
    queue(
        t, "payment_due", context, recipients_for(t, Recipient.FINANCE), threaded=False,
        dedupe_key=f"payment-due:{t.project_id}:{line.id}",
    )  # fmt: skip


def status_reply(t: Trigger) -> None:
    from mailroom.summaries import status_context

    queue(t, "status_reply", status_context(t.session, t.project_id), [t.sender])


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
        session, ws, template="refused_notice", context=context, recipients=[sender],
        project_id=None, answering=(parsed.message_id, parsed.references, parsed.subject),
        dedupe_key=notice_dedupe_key(sender, reason, today),
    )  # fmt: skip


REFUSAL_TEXT = {
    "non_member": "you are not a member of the project it was addressed to",
    "no_project_address": "it was not addressed to a project address",
    "unknown_project": "the project address it was sent to does not exist",
    "invalid_token": "the reply link it used is not valid",
    "ambiguous_participants": "it could belong to more than one project",
    "project_closed": "the project it was addressed to is closed",
}
