"""Who a notice goes to, and queueing it in the thread it answers.

Recipients come from project roles, never from the inbound headers alone, and nobody
outside a project gets its data: a rule's `to:` names a role group, resolved here
against the project's membership.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mailroom.outgoing import confirmation_recipients, enqueue_mail
from outbound import types as ctx
from rules import Recipient
from tracker.queries import members
from tracker.types import Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.trigger import Trigger

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
    """The subject without reply prefixes and our project tag."""
    return TAG.sub("", PREFIX.sub("", subject or "")).strip()


def project_ref(t: Trigger) -> ctx.ProjectRef:
    return ctx.ProjectRef(code=t.project_code, name=t.project_name)


def answering(t: Trigger) -> tuple[str | None, tuple[str, ...], str]:
    """(Message-ID, References, Subject) of the trigger: our notice threads under it."""
    return t.parsed.message_id, t.parsed.references, t.parsed.subject


def member_emails(session: Session, project_id: int, roles: frozenset[Role]) -> list[str]:
    return [m.emails[0] for m in members(session, project_id) if m.emails and m.roles & roles]


def recipients_for(t: Trigger, group: Recipient | None) -> tuple[str, ...]:
    """Addresses for a rule's `to:`; the default is the confirmation policy (sender or all)."""
    if group is None or group is Recipient.SENDER:
        everyone = {e for m in members(t.session, t.project_id) for e in m.emails}
        return confirmation_recipients(
            t.ws, t.sender, [a.email for a in t.parsed.to], [a.email for a in t.parsed.cc],
            everyone,
        )  # fmt: skip
    return tuple(member_emails(t.session, t.project_id, GROUPS[group]))


def queue(
    t: Trigger,
    template: str,
    context: ctx.TemplateContext,
    recipients: Sequence[str],
    *,
    threaded: bool = True,
    dedupe_key: str | None = None,
) -> None:
    """Queue one notice in the trigger's transaction, in its thread unless `threaded` is off."""
    enqueue_mail(
        t.session, t.ws, template=template, context=context, recipients=recipients,
        project_id=t.project_id, answering=answering(t) if threaded else None,
        dedupe_key=dedupe_key,
    )  # fmt: skip
