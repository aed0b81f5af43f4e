"""Deliveries by mail: which milestone a delivered file is evidence of, draft or final.

Candidates are the milestones the service template says take a `deliverable` as
evidence (frame milestones that close on acceptance or closeout never do). The one
whose key shares most words with the file names and subject wins, mentioned and open
ones first, and a final delivery never lands on a draft milestone (nor a draft on a
final one). The delivery completes that milestone on the mail's date; the sponsor's
review of it comes later, by reply (`mailroom.reviews`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mailroom import notices
from mailroom.facts import mentioned_milestones
from mailroom.milestone_updates import complete
from rules import Action
from rules import Label as RuleLabel
from rules.milestones import load_template
from rules.schema import ActionSpec
from tracker.operations import deliverables, milestones
from tracker.types import MilestoneStatus, ServiceType

if TYPE_CHECKING:
    from mailroom.trigger import Trigger
    from tracker.models.milestone import Milestone

# Frame milestones a delivery is never evidence of: they close on acceptance or closeout.
NOT_DELIVERED = frozenset({"final_deliverable_accepted", "closeout", "archived"})
WORD = re.compile(r"[a-z]+")
FILLER = frozenset({"and", "or", "ba", "tt"})


def delivery_keys(service_type: ServiceType) -> frozenset[str]:
    """The template's milestones that a delivered document is evidence of."""
    template = load_template(service_type)
    return frozenset(
        m.key for m in template.milestones if RuleLabel.DELIVERABLE in m.evidence_labels
    )


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def is_final(t: Trigger, filenames: list[str]) -> bool:
    """A final delivery: its file says so, else its new text, else its subject.

    A "Re: draft report" thread often carries the final; the file name or the words of
    the new text ("the final signed report is available") decide before the subject.
    """
    subject = notices.clean_subject(t.parsed.subject)
    for text in (" ".join(filenames), t.parsed.reply_text[:800], subject):
        words = _words(text)
        score = words.count("final") - words.count("draft")
        if score:
            return score > 0
    return False


def delivery_milestone(t: Trigger, filenames: list[str], final: bool) -> str:
    """The milestone a delivery is evidence of (see the module docstring)."""
    rows = milestones.list_milestones(t.session, t.project_id)
    evidence = delivery_keys(t.service_type) - NOT_DELIVERED
    keys = frozenset(m.key for m in rows)
    mentioned = mentioned_milestones(t.entities, keys)
    words = set(_words(" ".join((*filenames, t.parsed.subject))))
    wrong = "draft" if final else "final"

    def score(m: Milestone) -> tuple[int, int, int, int]:
        parts = [part for part in m.key.split("_") if part not in FILLER]
        return (
            -int(wrong in parts), len(words & set(parts)), int(m.key in mentioned),
            int(m.status is not MilestoneStatus.DONE),
        )  # fmt: skip

    candidates = [m for m in rows if m.key in evidence] or rows
    return max(candidates, key=score).key


def record_deliverable(t: Trigger, _spec: ActionSpec) -> None:
    """Record each delivered file (or the linked delivery) and complete its milestone."""
    indexes = t.attachment_indexes("deliverable")
    files: list[tuple[str, int | None]] = [
        (t.parsed.attachments[i].filename, t.document_ids[i]) for i in indexes
    ]
    final = is_final(t, [name for name, _ in files])
    key = delivery_milestone(t, [name for name, _ in files], final)
    if not files and t.document_index is None:
        files = [(milestones.get_milestone(t.session, t.project_id, key).name, None)]
    for title, document_id in files:
        view = deliverables.record_deliverable(
            t.session, t.actor, t.project_id, milestone_key=key, title=title,
            document_id=document_id, source_message_id=t.message_pk, is_final=final,
            delivered_at=t.parsed.date,
        )  # fmt: skip
        notices.remember_deliverable(t, view)
    t.delivered_to = key
    complete(t, ActionSpec(Action.COMPLETE_MILESTONE, milestone=key))


def request_review(t: Trigger, _spec: ActionSpec) -> None:
    """Recording the deliverable opened its review window; the rule's `send` asks."""
    t.done.append("review requested")
