"""Named predicates: each is listed under its own name with a docstring, and decides right."""

from __future__ import annotations

import pytest

from rules import ReplyAbout, ReplyDecided, ReplyDecision
from rules.predicates import PREDICATES, firm_approval
from tracker.types import Role, ServiceType


def test_every_predicate_is_registered_by_name_with_a_docstring() -> None:
    # Given the predicate table
    # Then each entry's key is its name and it explains itself
    for name, predicate in PREDICATES.items():
        assert predicate.name == name == predicate.check.__name__
        assert predicate.doc and predicate.events


@pytest.mark.parametrize(
    ("decision", "about", "approver", "expected"),
    [
        (ReplyDecision.APPROVE, ReplyAbout.CHANGE, True, True),
        (ReplyDecision.REJECT, ReplyAbout.CHANGE, True, False),
        (ReplyDecision.APPROVE, ReplyAbout.CHANGE, False, False),
        (ReplyDecision.NEEDS_REVIEW, ReplyAbout.CHANGE, True, False),
        (ReplyDecision.APPROVE, ReplyAbout.OTHER, True, False),
    ],
)
def test_firm_approval_needs_approve_from_an_authentic_approver(
    decision: ReplyDecision, about: ReplyAbout, approver: bool, expected: bool
) -> None:
    # Given a reply with a valid token and passing authentication
    facts = ReplyDecided(
        "p1",
        ServiceType.PK_PD,
        decision,
        about,
        token_valid=True,
        auth_ok=True,
        sender_roles=frozenset({Role.SPONSOR_APPROVER}),
        sender_is_approver=approver,
    )

    # When it is checked
    # Then only a firm approve from the approver on a change counts
    assert firm_approval(facts) is expected
