"""Is this message an answer to one of our requests, and what does it decide?

Two kinds of request, two credentials:

* A **change approval request** carries a signed, single-use token in its Reply-To
  address and Message-ID. A reply naming the token (in a recipient address, or in the
  Message-ID it answers) is read as approve / reject / needs review; it counts only when
  the token is valid for that sender and the trusted server's DMARC verdict passes.
* A **delivery** (and our `deliverable_received` review request, which threads under it)
  is answered in its thread. A member's reply whose In-Reply-To/References name a
  delivery filed in this project, with deliverables still awaiting review, and whose new
  text accepts or asks for changes, is a review. Only the sponsor side's review counts;
  anyone else's is refused by the rules (audited, flagged, nothing written).

Roles always come from the tracker, never from headers.
"""

from __future__ import annotations

import re

from classifier.reply_decision import read_decision
from ingest import MailKind, ParsedEmail
from mailroom.trigger import ReplyFacts, Trigger
from rules import ReplyAbout, ReplyDecision
from tracker import tokens
from tracker.operations import changes
from tracker.operations.deliverables import DeliverableView, awaiting_review
from tracker.operations.messages import find_filed_message, notice_answering
from tracker.types import SPONSOR_ROLES, TokenStatus

EXPLICIT_REJECT = re.compile(r"\b(reject(ed)?|declined?)\b", re.I)
CHANGE_CODE = re.compile(r"\bCR[-\s]?0*(\d+)\b", re.I)


def reply_token_of(parsed: ParsedEmail) -> str | None:
    """A reply token from a recipient address or from the Message-ID being answered."""
    for address in parsed.recipients:
        local = address.email.partition("@")[0]
        if "+c-" in local and (token := tokens.find_token(local)):
            return token
    for ref in (*parsed.in_reply_to, *reversed(parsed.references)):
        if ref.strip("<>").startswith("mr.c-") and (token := tokens.find_token(ref)):
            return token
    return None


def auth_verdict(trigger: Trigger) -> tuple[bool, str]:
    """DMARC (or aligned DKIM) from the trusted server, or True when none is configured."""
    from ingest.auth_results import dmarc_verdict

    parsed = trigger.parsed
    authserv = str(trigger.ws.settings.get("auth", "trusted_authserv_id"))
    if not authserv:
        return True, "untrusted: no receiving server configured"
    domain = parsed.from_.email.rpartition("@")[2] if parsed.from_ else ""
    verdict = dmarc_verdict(parsed.headers, authserv, domain)
    return verdict.passed, verdict.reason


def _change_decision(parsed: ParsedEmail) -> tuple[ReplyDecision, str]:
    if parsed.kind is not MailKind.NORMAL:
        return ReplyDecision.IGNORE, f"{parsed.kind} mail is never a decision"
    reading = read_decision(parsed.reply_text)
    decision, reason = ReplyDecision(reading.decision.value), reading.reason
    if decision is ReplyDecision.REJECT and not EXPLICIT_REJECT.search(parsed.reply_text):
        # "I cannot approve this" withholds an approval; it is not a reasoned REJECT.
        return ReplyDecision.NEEDS_REVIEW, f"negated, not a rejection: {reason}"
    return decision, reason


def _about_another_change(
    trigger: Trigger, change_id: int, decision: ReplyDecision, reason: str
) -> tuple[ReplyDecision, str]:
    """ "Approve CR-18." sent in answer to the request for CR-21 decides nothing: the token
    names CR-21, the words name another change; a person sorts out which was meant."""
    named = {int(n) for n in CHANGE_CODE.findall(trigger.parsed.reply_text)}
    if not named or trigger.project_id is None:
        return decision, reason
    number = changes.get_change(trigger.session, trigger.project_id, change_id).number
    if number in named:
        return decision, reason
    others = ", ".join(f"CR-{n}" for n in sorted(named))
    return ReplyDecision.NEEDS_REVIEW, f"the reply names {others}, the request was CR-{number}"


def read_change_reply(trigger: Trigger, token: str) -> ReplyFacts:
    """The decision in a reply carrying an approval token, with the token's verdict."""
    session, secret = trigger.session, trigger.ws.settings.secret
    approver_id = trigger.actor.person_id
    check = tokens.check_token(session, secret, token, approver_id=approver_id)
    if approver_id is None and check.status is TokenStatus.VALID:
        check = tokens.check_token(session, secret, token, approver_id=-1)
    decision, reason = _change_decision(trigger.parsed)
    if check.change_id is not None and decision in (ReplyDecision.APPROVE, ReplyDecision.REJECT):
        decision, reason = _about_another_change(trigger, check.change_id, decision, reason)
    auth_ok, verdict = auth_verdict(trigger)
    return ReplyFacts(
        about=ReplyAbout.CHANGE, decision=decision, reason=reason, status=check.status,
        auth_ok=auth_ok, auth_verdict=verdict, token=token, token_id=check.token_id,
        change_id=check.change_id, approver_id=check.approver_id,
    )  # fmt: skip


def _label(trigger: Trigger) -> str:
    return trigger.classification.message.label.value if trigger.classification else "other"


def _thread_with_notice_parents(trigger: Trigger) -> list[str]:
    """The thread, with each of our notices followed by the message it answered."""
    refs: list[str] = []
    for ref in trigger.thread_ids:
        refs.append(ref)
        if parent := notice_answering(trigger.session, ref):
            refs.append(parent)
    return refs


def _awaiting_review(trigger: Trigger) -> list[DeliverableView]:
    return [
        d for d in awaiting_review(trigger.session, trigger.project_id)
        if d.source_message_id is not None
    ]  # fmt: skip


def answered_deliveries(
    trigger: Trigger, awaiting: list[DeliverableView] | None = None
) -> tuple[int, ...]:
    """Deliverables awaiting review from the nearest delivery this message answers."""
    awaiting = _awaiting_review(trigger) if awaiting is None else awaiting
    for ref in _thread_with_notice_parents(trigger):
        filed = find_filed_message(trigger.session, ref)
        if filed is None or filed.project_id != trigger.project_id:
            continue
        found = tuple(d.id for d in awaiting if d.source_message_id == filed.id)
        if found:
            return found
    return ()


def read_review_reply(trigger: Trigger) -> ReplyFacts | None:
    """A member's review of a delivery this message answers, or None when it is not one.

    A CRO person's "accepted" in the thread is still returned (and refused by the rules);
    only a new delivery from the CRO side is left to be recorded as one.
    """
    if not trigger.thread_ids or not trigger.sender_roles:
        return None  # not a reply, or a non-member: the guards deal with it
    sponsor = bool(trigger.sender_roles & SPONSOR_ROLES)
    label = _label(trigger)
    if not trigger.may_be_review() or (label == "deliverable" and not sponsor):
        return None
    read = trigger.readings  # read while preparing: no need to ask for deliverables
    if read is not None and (read.review is None or read.review.decision is None):
        return None  # says no decision
    awaiting = _awaiting_review(trigger)
    if not awaiting:
        return None  # nothing to review
    reading = trigger.text_readings().review
    if reading is None or reading.decision is None:
        return None
    deliverable_ids = answered_deliveries(trigger, awaiting)
    if not deliverable_ids:
        return None
    auth_ok, verdict = auth_verdict(trigger)
    return ReplyFacts(
        about=ReplyAbout.DELIVERABLE, decision=reading.decision, reason=reading.reason,
        status=TokenStatus.VALID, auth_ok=auth_ok, auth_verdict=verdict,
        approver_id=trigger.actor.person_id if sponsor else None,
        deliverable_ids=deliverable_ids,
    )  # fmt: skip
