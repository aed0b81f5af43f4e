"""Milestone actions: start, complete (on the mail's day), forecast, mark who it waits on.

Completing `quote_accepted` also accepts the latest quote version (its terms become the
payment plan), and every completion lets the payment lines it triggers fall due.
"""

from __future__ import annotations

from datetime import timedelta

from mailroom.invoicing import refresh_payments
from mailroom.quote_reading import accept_latest_quote
from mailroom.trigger import Trigger
from rules.schema import ActionSpec
from tracker.operations import milestones
from tracker.types import MilestoneStatus, WaitingOn


def start(t: Trigger, spec: ActionSpec) -> None:
    """Start a milestone; one already done stays done (cohort 2's manifest after receipt)."""
    key = str(spec.milestone)
    if milestones.get_milestone(t.session, t.project_id, key).status is MilestoneStatus.DONE:
        return
    milestones.start_milestone(
        t.session, t.actor, t.project_id, str(spec.milestone), source_message_id=t.message_pk
    )
    t.done.append(f"milestone {spec.milestone} started")


def complete(t: Trigger, spec: ActionSpec) -> None:
    """Complete on the day the mail was sent; evidence seen again changes nothing.

    After a delivery, only the milestone the delivery was recorded against completes, and
    only when the delivery is evidence that it is done: a final report that names "draft
    report" and "archiving" completes neither, and interim data completes nothing.
    """
    key = str(spec.milestone)
    if t.delivered_to is not None and (key != t.delivered_to or not t.delivery_completes):
        return
    if milestones.get_milestone(t.session, t.project_id, key).status is MilestoneStatus.DONE:
        return
    milestones.complete_milestone(
        t.session, t.actor, t.project_id, key, on=t.day, source_message_id=t.message_pk
    )
    t.done.append(f"milestone {key} done {t.day.isoformat()}")
    if key == "quote_accepted":
        accept_latest_quote(t)
    refresh_payments(t)


def forecast(t: Trigger, spec: ActionSpec) -> None:
    day = t.day + timedelta(days=spec.days or 0)
    milestones.forecast_milestone(
        t.session, t.actor, t.project_id, str(spec.milestone), day, source_message_id=t.message_pk
    )


def set_waiting(t: Trigger, spec: ActionSpec) -> None:
    side = WaitingOn(spec.waits_on) if spec.waits_on else None
    milestones.set_waiting(
        t.session, t.actor, t.project_id, str(spec.milestone), side, source_message_id=t.message_pk
    )
