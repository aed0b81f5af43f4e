"""The daily overdue check: milestones past their forecast (or planned) date, not done.

Each becomes a `milestone_overdue` event; the default rules mark who the milestone is
waiting on, which the weekly summary then leads with.
"""

from __future__ import annotations

from mailroom.actions import apply_action
from mailroom.trigger import Trigger
from mailroom.wiring import Workspace
from rules import Event, MilestoneOverdue, Party, evaluate
from tracker.operations.milestones import list_milestones, project_today
from tracker.queries import list_projects
from tracker.types import Actor, MilestoneStatus, ServiceType

ACTOR = Actor.system("mailroom-scheduler")


def check_overdue(ws: Workspace) -> int:
    """Evaluate every overdue milestone of every open project; returns how many."""
    found = 0
    with ws.transaction() as session:
        for project in list_projects(session, include_closed=False):
            today = project_today(session, project.id)
            for m in list_milestones(session, project.id):
                due = m.forecast_date or m.planned_date
                if m.status is MilestoneStatus.DONE or due is None or due >= today:
                    continue
                found += 1
                facts = MilestoneOverdue(
                    project_code=project.code, service_type=ServiceType(project.service_type),
                    key=m.key, days_overdue=(today - due).days,
                    waits_on=Party(str(m.waits_on or "cro")), due_date=due, as_of=today,
                    status=m.status,
                )  # fmt: skip
                trigger = Trigger(
                    session=session, ws=ws, project_id=project.id, project_code=project.code,
                    project_name=project.name, service_type=ServiceType(project.service_type),
                    parsed=None, classification=None, message_pk=None, document_ids=(),  # type: ignore[arg-type]
                    actor=ACTOR, sender_roles=frozenset(),
                )  # fmt: skip
                for planned in evaluate(
                    ws.ruleset_for(project.code), Event.MILESTONE_OVERDUE, facts
                ).actions:
                    apply_action(trigger, planned.rule, planned.action)
    return found
