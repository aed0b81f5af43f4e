"""Deliveries by mail: which milestone a delivered file is evidence of, and whether it
completes it.

Candidates are the milestones the service template says take a `deliverable` as
evidence (frame milestones that close on acceptance or closeout never do), and a final
delivery never lands on a draft milestone (nor a draft on a final one). A delivery
*completes* a candidate only when the document names it: the file names and subject
share a word stem with the milestone's key or name ("Bioanalytical_Report_DRAFT" →
draft bioanalytical report, "Validation report" → method validated, "data package" →
data delivered), rarer stems weighing more; when no name matches, a delivery that is the
message's main act may name it in its text (the classifier's milestone mentions). Interim data
("interim", "preliminary" in the file name or subject) and documents that name no
milestone are recorded against the milestone in progress — the first candidate after
the last one done — and complete nothing: interim concentrations mid-study neither
validate a method nor make its payment due. The sponsor's review comes later, by reply
(`mailroom.reviews`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
WORD = re.compile(r"[a-z]{3,}")
# Status words in milestone names say nothing about which document it is.
FILLER = frozenset({
    "and", "the", "for", "compl", "issue", "ready", "start", "deliv", "avail", "recei",
    "appro", "execu",
})  # fmt: skip
INTERIM = re.compile(r"\b(?:interim|preliminary|partial|unaudited|not\s+qa\s+audited)\b", re.I)
IN_PROGRESS = frozenset({
    MilestoneStatus.IN_PROGRESS, MilestoneStatus.WAITING_ON_CRO,
    MilestoneStatus.WAITING_ON_SPONSOR,
})  # fmt: skip


@dataclass(frozen=True)
class DeliveryTarget:
    """The milestone a delivery is recorded on, and whether it is evidence that it is done."""

    key: str
    completes: bool
    interim: bool = False


def delivery_keys(service_type: ServiceType) -> frozenset[str]:
    """The template's milestones that a delivered document is evidence of."""
    template = load_template(service_type)
    return frozenset(
        m.key for m in template.milestones if RuleLabel.DELIVERABLE in m.evidence_labels
    )


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("_", " "))


def stems(text: str) -> frozenset[str]:
    """Five-letter stems of the words, less status filler ("validation" meets "validated")."""
    return frozenset(w[:5] for w in _words(text)) - FILLER


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


def _candidates(t: Trigger, rows: list[Milestone], final: bool) -> list[Milestone]:
    evidence = delivery_keys(t.service_type) - NOT_DELIVERED
    wrong = "draft" if final else "final"
    found = [m for m in rows if m.key in evidence and wrong not in m.key.split("_")]
    return found or [m for m in rows if m.key in evidence] or rows


def _named(t: Trigger, candidates: list[Milestone], document: str) -> Milestone | None:
    """The candidate the document names, rarer shared stems weighing more; None if none."""
    own = {m.key: stems(f"{m.key} {m.name}") for m in candidates}
    wanted = stems(document)
    spread = {s: sum(s in mine for mine in own.values()) for s in wanted}
    mentioned: tuple[str, ...] = ()
    if t.document_index is None:  # the delivery is the message's own act
        keys = frozenset(m.key for m in candidates)
        mentioned = mentioned_milestones(t.entities, keys)

    def score(m: Milestone) -> tuple[float, int, int, int]:
        named = sum(1 / spread[s] for s in own[m.key] & wanted)
        not_done = int(m.status is not MilestoneStatus.DONE)
        return named, int(m.key in mentioned), not_done, -m.position

    best = max(candidates, key=score)
    return best if score(best)[0] > 0 or score(best)[1] else None


def current_milestone(candidates: list[Milestone], rows: list[Milestone]) -> Milestone:
    """The candidate in progress: one started, else the first after the last one done."""
    if started := [m for m in candidates if m.status in IN_PROGRESS]:
        return started[0]
    last_done = max((m.position for m in rows if m.status is MilestoneStatus.DONE), default=0)
    open_ = [m for m in candidates if m.status is not MilestoneStatus.DONE]
    after = [m for m in open_ if m.position > last_done]
    return (after or open_ or candidates)[0]


def delivery_target(t: Trigger, filenames: list[str], final: bool) -> DeliveryTarget:
    """Where a delivery is recorded and whether it completes that milestone (module doc)."""
    rows = sorted(milestones.list_milestones(t.session, t.project_id), key=lambda m: m.position)
    candidates = _candidates(t, rows, final)
    document = " ".join((*filenames, notices.clean_subject(t.parsed.subject)))
    if INTERIM.search(document.replace("_", " ")):
        return DeliveryTarget(current_milestone(candidates, rows).key, False, interim=True)
    named = _named(t, candidates, document)
    if named is not None:
        return DeliveryTarget(named.key, True)
    return DeliveryTarget(current_milestone(candidates, rows).key, False)


def delivery_milestone(t: Trigger, filenames: list[str], final: bool) -> str:
    """The milestone a delivery is evidence of (see the module docstring)."""
    return delivery_target(t, filenames, final).key


def record_deliverable(t: Trigger, _spec: ActionSpec) -> None:
    """Record each delivered file (or the linked delivery); complete its milestone when
    the document names it."""
    indexes = t.attachment_indexes("deliverable")
    files: list[tuple[str, int | None]] = [
        (t.parsed.attachments[i].filename, t.document_ids[i]) for i in indexes
    ]
    final = is_final(t, [name for name, _ in files])
    target = delivery_target(t, [name for name, _ in files], final)
    if not files and t.document_index is None:
        files = [(milestones.get_milestone(t.session, t.project_id, target.key).name, None)]
    for title, document_id in files:
        view = deliverables.record_deliverable(
            t.session, t.actor, t.project_id, milestone_key=target.key, title=title,
            document_id=document_id, source_message_id=t.message_pk, is_final=final,
            delivered_at=t.parsed.date,
            review_days=None if target.interim else deliverables.DEFAULT_REVIEW_DAYS,
        )  # fmt: skip
        notices.remember_deliverable(t, view)
    t.delivered_to = target.key
    t.delivery_completes = target.completes
    if target.completes:
        complete(t, ActionSpec(Action.COMPLETE_MILESTONE, milestone=target.key))


def request_review(t: Trigger, _spec: ActionSpec) -> None:
    """Recording the deliverable opened its review window; the rule's `send` asks."""
    t.done.append("review requested")
