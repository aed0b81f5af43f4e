"""A sponsor's review of a delivery, applied: accepted, or changes requested.

`mailroom.reply_reading` found the deliverables the reply answers and the rules decided
it is authentic (the thread matched, the sender is on the sponsor side, DMARC passed
when the receiving server is trusted). Each deliverable still awaiting review moves;
a final one completes its milestone on the reply's day, and payment lines its
acceptance triggers fall due (finance is told).
"""

from __future__ import annotations

from mailroom.invoicing import announce_due
from mailroom.trigger import Trigger
from rules import ReplyDecision
from tracker.errors import InvalidTransition
from tracker.operations import deliverables


def apply_review(t: Trigger) -> None:
    """Accept or ask for changes on every deliverable the reply answers."""
    reply = t.reply
    if reply is None or not reply.deliverable_ids:
        return
    comment = t.parsed.reply_text.strip()[:2000] or None
    for deliverable_id in reply.deliverable_ids:
        if reply.decision is ReplyDecision.APPROVE:
            _accept(t, deliverable_id, comment)
        elif reply.decision is ReplyDecision.REJECT:
            view = deliverables.request_changes(
                t.session, t.actor, t.project_id, deliverable_id, t.message_pk, comment,
                reviewed_at=t.sent_at,
            )  # fmt: skip
            t.reviewed.append(view)
            t.done.append(f"changes requested on {view.title} v{view.version}")
        else:
            raise InvalidTransition(f"a {reply.decision} reply decides no review")


def _accept(t: Trigger, deliverable_id: int, comment: str | None) -> None:
    outcome = deliverables.accept_deliverable(
        t.session, t.actor, t.project_id, deliverable_id, t.message_pk, comment,
        reviewed_at=t.sent_at, on=t.day,
    )  # fmt: skip
    view = outcome.deliverable
    t.reviewed.append(view)
    t.done.append(f"{view.title} v{view.version} accepted")
    if outcome.milestone_completed:
        t.done.append(f"milestone {outcome.milestone_completed} done {t.day.isoformat()}")
    announce_due(t, outcome.payments_due)
