"""Named predicates: each is listed under its own name with a docstring, and decides right."""

from __future__ import annotations

import pytest

from rules import ReplyAbout, ReplyDecided, ReplyDecision
from rules.predicates import PREDICATES, authentic_reply, firm_approval
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


@pytest.mark.parametrize(
    ("about", "token_valid", "thread_matched", "roles", "approver", "expected"),
    [
        (ReplyAbout.CHANGE, True, False, {Role.SPONSOR_APPROVER}, True, True),
        (ReplyAbout.CHANGE, False, True, {Role.SPONSOR_APPROVER}, True, False),
        (ReplyAbout.DELIVERABLE, False, True, {Role.SPONSOR_PM}, False, True),
        (ReplyAbout.DELIVERABLE, True, False, {Role.SPONSOR_PM}, False, False),
        (ReplyAbout.DELIVERABLE, False, True, {Role.CRO_PM}, False, False),
    ],
    ids=[
        "change-by-token",
        "change-by-thread-only",
        "review-by-thread",
        "review-by-token-only",
        "review-from-the-cro",
    ],
)
def test_authentic_reply_takes_the_credential_of_its_request(
    about: ReplyAbout,
    token_valid: bool,
    thread_matched: bool,
    roles: set[Role],
    approver: bool,
    expected: bool,
) -> None:
    # Given an authenticated reply (DMARC passed) with one credential and one role
    facts = ReplyDecided(
        "p1", ServiceType.PK_PD, ReplyDecision.APPROVE, about, token_valid=token_valid,
        thread_matched=thread_matched, auth_ok=True, sender_roles=frozenset(roles),
        sender_is_approver=approver,
    )  # fmt: skip

    # When it is checked
    # Then a change needs its token and an approver, a review its thread and the sponsor side
    assert authentic_reply(facts) is expected
