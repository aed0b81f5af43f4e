"""Named checks that data cannot express, used as `check: <name>` in a rule.

The escape hatch, kept small and listed: each predicate is a plain function of the
facts, registered below with the events it understands (the loader refuses a check on
an event it was not written for) and a docstring that `mailroom rules explain` can show.
Prefer a field condition in YAML; add a predicate only when a rule would otherwise need
an expression.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rules.facts import (
    DocumentClassified,
    Event,
    Facts,
    MailKind,
    MessageClassified,
    ReplyAbout,
    ReplyDecided,
    ReplyDecision,
)
from tracker.types import CRO_ROLES, SPONSOR_ROLES, Role


def _roles(facts: Facts) -> frozenset[Role]:
    roles: frozenset[Role] = getattr(facts, "sender_roles", frozenset())
    return roles


def sender_is_cro(facts: Facts) -> bool:
    """The sender holds a CRO role (PM or staff) in this project."""
    return bool(_roles(facts) & CRO_ROLES)


def sender_is_sponsor(facts: Facts) -> bool:
    """The sender holds a sponsor role (PM or approver) in this project."""
    return bool(_roles(facts) & SPONSOR_ROLES)


def sender_is_finance(facts: Facts) -> bool:
    """The sender is the project's finance contact."""
    return Role.FINANCE in _roles(facts)


def authentic_reply(facts: Facts) -> bool:
    """The reply passed DMARC (when the server is trusted) and carries the credential of
    its request from someone entitled to decide: a valid signed token from a sponsor
    approver for a change, or a matched delivery thread from the sponsor side for a
    deliverable."""
    if not isinstance(facts, ReplyDecided) or not facts.auth_ok:
        return False
    if facts.about is ReplyAbout.CHANGE:
        return facts.token_valid and facts.sender_is_approver
    if facts.about is ReplyAbout.DELIVERABLE:
        return facts.thread_matched and sender_is_sponsor(facts)
    return False


def firm_approval(facts: Facts) -> bool:
    """An authentic reply whose decision is a firm approve (tentative wording is read as
    needs_review upstream and never reaches this)."""
    return (
        isinstance(facts, ReplyDecided)
        and facts.decision is ReplyDecision.APPROVE
        and authentic_reply(facts)
    )


def automated_mail(facts: Facts) -> bool:
    """Auto-replies, bounces, list traffic and our own mail: file it, never answer it."""
    return isinstance(facts, MessageClassified) and facts.mail_kind is not MailKind.NORMAL


def mentions_milestone(facts: Facts) -> bool:
    """The text names at least one milestone of the project's template."""
    return isinstance(facts, MessageClassified | DocumentClassified) and bool(facts.milestones)


def amount_without_currency(facts: Facts) -> bool:
    """Some amount has no currency next to it: a known source of disputes."""
    amounts = getattr(facts, "amounts", ())
    return any(not amount.currency for amount in amounts)


@dataclass(frozen=True)
class Predicate:
    name: str
    check: Callable[[Facts], bool]
    events: frozenset[Event]

    @property
    def doc(self) -> str:
        return " ".join((self.check.__doc__ or "").split())


_CLASSIFIED = frozenset({Event.MESSAGE_CLASSIFIED, Event.DOCUMENT_CLASSIFIED})
_WITH_ROLES = _CLASSIFIED | {Event.REPLY_DECIDED}
_REPLY = frozenset({Event.REPLY_DECIDED})

PREDICATES: dict[str, Predicate] = {
    "sender_is_cro": Predicate("sender_is_cro", sender_is_cro, _WITH_ROLES),
    "sender_is_sponsor": Predicate("sender_is_sponsor", sender_is_sponsor, _WITH_ROLES),
    "sender_is_finance": Predicate("sender_is_finance", sender_is_finance, _WITH_ROLES),
    "authentic_reply": Predicate("authentic_reply", authentic_reply, _REPLY),
    "firm_approval": Predicate("firm_approval", firm_approval, _REPLY),
    "automated_mail": Predicate(
        "automated_mail", automated_mail, frozenset({Event.MESSAGE_CLASSIFIED})
    ),
    "mentions_milestone": Predicate("mentions_milestone", mentions_milestone, _CLASSIFIED),
    "amount_without_currency": Predicate(
        "amount_without_currency", amount_without_currency, _CLASSIFIED
    ),
}
