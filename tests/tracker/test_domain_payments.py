"""Payment lines: plans from milestones or quote terms, due, invoiced, paid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from tests.tracker.test_domain_support import World, footprint, make_world
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.operations.milestones import complete_milestone
from tracker.operations.payments import (
    link_invoice,
    list_payments,
    mark_paid,
    plan_from_milestones,
    plan_from_quote,
    refresh_payments_due,
)
from tracker.operations.quotes import parse_quote_text, record_quote
from tracker.types import PaymentStatus

QUOTE = (
    "Quote Q-9 Rev A\nTotal EUR 10,000.00\n"
    "Payment terms: 30% at PO signature; 70% on final report; Net 30\n"
)


def _planned(session: Session) -> World:
    world = make_world(session)
    plan_from_milestones(
        session, world.cro_pm, world.project_id, total=Decimal("20000.00"), currency="EUR"
    )
    session.commit()
    return world


def test_a_plan_from_milestone_shares_has_one_line_per_paying_milestone(session: Session) -> None:
    world = _planned(session)
    lines = list_payments(session, world.project_id)
    assert [(p.milestone_key, p.share, p.amount) for p in lines] == [
        ("kickoff_held", Decimal("50.0000"), Decimal("10000.00")),
        ("final_report_issued", Decimal("50.0000"), Decimal("10000.00")),
    ]
    assert {p.status for p in lines} == {PaymentStatus.NOT_DUE}


def test_a_plan_from_quote_terms_maps_each_tranche_to_a_milestone(session: Session) -> None:
    world = make_world(session)
    quote = record_quote(
        session, world.cro_pm, world.project_id, None, parse_quote_text(QUOTE), None
    )
    lines = plan_from_quote(session, world.sponsor_pm, world.project_id, quote.id)
    assert [(p.milestone_key, p.amount, p.currency) for p in lines] == [
        ("po_or_sow_executed", Decimal("3000.00"), "EUR"),
        ("final_report_issued", Decimal("7000.00"), "EUR"),
    ]


def test_a_second_plan_is_refused(session: Session) -> None:
    world = _planned(session)
    before = footprint(session)
    with pytest.raises(InvalidTransition):
        plan_from_milestones(session, world.cro_pm, world.project_id, total=None, currency=None)
    assert footprint(session) == before


def test_a_line_becomes_due_when_its_milestone_is_done(session: Session) -> None:
    world = _planned(session)
    complete_milestone(session, world.cro_pm, world.project_id, "kickoff_held")
    due = refresh_payments_due(session, world.project_id)
    assert [p.milestone_key for p in due] == ["kickoff_held"]
    assert refresh_payments_due(session, world.project_id) == []  # idempotent


def test_an_invoice_is_matched_by_the_milestone_it_mentions(session: Session) -> None:
    world = _planned(session)
    link = link_invoice(
        session,
        world.cro_pm,
        world.project_id,
        invoice_number="INV-2",
        amount=Decimal("10000.00"),
        currency="EUR",
        milestone_hint="Milestone: final report issued",
    )
    assert link.line.milestone_key == "final_report_issued" and link.matched_by == "milestone"
    assert link.premature  # the final report milestone is not done yet


def test_an_invoice_is_matched_by_amount_then_by_order(session: Session) -> None:
    world = make_world(session)
    quote = record_quote(
        session, world.cro_pm, world.project_id, None, parse_quote_text(QUOTE), None
    )
    plan_from_quote(session, world.cro_pm, world.project_id, quote.id)
    by_amount = link_invoice(
        session,
        world.cro_pm,
        world.project_id,
        invoice_number="A",
        amount=Decimal("7000.00"),
        currency="EUR",
    )
    by_order = link_invoice(
        session,
        world.cro_pm,
        world.project_id,
        invoice_number="B",
        amount=Decimal("1.00"),
        currency="EUR",
    )
    assert (by_amount.line.milestone_key, by_amount.matched_by) == ("final_report_issued", "amount")
    assert (by_order.line.milestone_key, by_order.matched_by) == ("po_or_sow_executed", "order")


def test_linking_the_same_invoice_twice_changes_nothing(session: Session) -> None:
    world = _planned(session)
    link_invoice(
        session,
        world.cro_pm,
        world.project_id,
        invoice_number="INV-1",
        amount=Decimal("10000.00"),
        currency="EUR",
    )
    session.commit()
    before = footprint(session)
    again = link_invoice(
        session,
        world.cro_pm,
        world.project_id,
        invoice_number="INV-1",
        amount=Decimal("10000.00"),
        currency="EUR",
    )
    assert again.already_linked and footprint(session) == before


def test_finance_marks_an_invoiced_line_paid(session: Session) -> None:
    world = _planned(session)
    link_invoice(
        session,
        world.cro_pm,
        world.project_id,
        invoice_number="INV-1",
        amount=Decimal("10000.00"),
        currency="EUR",
    )
    paid = mark_paid(session, world.finance, world.project_id, invoice_number="INV-1")
    assert paid.status is PaymentStatus.PAID and paid.paid_at is not None


def test_paying_a_line_that_was_never_invoiced_is_refused(session: Session) -> None:
    world = _planned(session)
    line = list_payments(session, world.project_id)[0]
    before = footprint(session)
    with pytest.raises(InvalidTransition):
        mark_paid(session, world.sponsor_pm, world.project_id, line_id=line.id)
    assert footprint(session) == before


@pytest.mark.parametrize("who", ["cro_pm", "cro_staff", "observer"])
def test_only_finance_or_the_sponsor_marks_paid(session: Session, who: str) -> None:
    world = _planned(session)
    link_invoice(
        session, world.cro_pm, world.project_id, invoice_number="INV-1", amount=None, currency=None
    )
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        mark_paid(session, getattr(world, who), world.project_id, invoice_number="INV-1")
    assert footprint(session) == before


def test_the_sponsor_cannot_link_an_invoice(session: Session) -> None:
    world = _planned(session)
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        link_invoice(
            session,
            world.sponsor_pm,
            world.project_id,
            invoice_number="X",
            amount=None,
            currency=None,
        )
    assert footprint(session) == before
