"""The default rule set loads, refers only to what exists, and drives the main flows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rules import (
    OUTBOUND_TEMPLATES,
    Action,
    ActionSpec,
    Amount,
    Decision,
    DocumentClassified,
    Event,
    Facts,
    Label,
    MailKind,
    MessageClassified,
    MilestoneOverdue,
    Party,
    Recipient,
    ReplyAbout,
    ReplyDecided,
    ReplyDecision,
    ScheduleTick,
    TickKind,
    Weekday,
    evaluate,
    load_default_ruleset,
    referenced_milestones,
    referenced_templates,
    template_keys,
)
from rules.loader import DEFAULT_DIR, DEFAULT_FILES
from tracker.types import ChangeStatus, Role, ServiceType

RULES = load_default_ruleset()
CRO = frozenset({Role.CRO_PM})
SPONSOR = frozenset({Role.SPONSOR_PM})
APPROVER = frozenset({Role.SPONSOR_APPROVER})


def message(label: Label, **changes: object) -> MessageClassified:
    base: dict[str, object] = {
        "project_code": "p1",
        "service_type": ServiceType.ANALYTICAL_TESTING,
        "label": label,
        "confidence": 0.92,
        "sender_roles": CRO,
        "sender_is_member": True,
    }
    return MessageClassified(**{**base, **changes})  # type: ignore[arg-type]


def reply(decision: ReplyDecision, about: ReplyAbout, **changes: object) -> ReplyDecided:
    base: dict[str, object] = {
        "project_code": "p1",
        "service_type": ServiceType.ANALYTICAL_TESTING,
        "decision": decision,
        "about": about,
        "token_valid": True,
        "auth_ok": True,
        "sender_roles": APPROVER,
        "sender_is_approver": True,
        "change_status": ChangeStatus.AWAITING_APPROVAL,
    }
    return ReplyDecided(**{**base, **changes})  # type: ignore[arg-type]


def actions(decision: Decision) -> list[str]:
    return [str(planned.action) for planned in decision.actions]


def decide(event: Event, facts: Facts) -> Decision:
    return evaluate(RULES, event, facts)


def test_default_file_list_matches_the_directory() -> None:
    # Given the literal list of default files
    # When the directory is listed
    on_disk = sorted(path.name for path in DEFAULT_DIR.glob("*.yaml"))

    # Then every file is listed once, in name order
    assert list(DEFAULT_FILES) == on_disk


def test_defaults_send_only_outbound_templates() -> None:
    # Given the default rules
    # When the templates they send are collected
    used = {reference.value for reference in referenced_templates(RULES)}

    # Then each is in the closed outbound list, and every mail the flow needs is used
    assert used <= set(OUTBOUND_TEMPLATES)
    assert used >= {
        "document_filed",
        "sample_sheet_received",
        "change_approval_request",
        "change_decision",
        "deliverable_received",
        "deliverable_accepted",
        "payment_due",
        "reply_not_understood",
        "weekly_summary",
        "status_reply",
    }


def test_default_milestone_references_point_at_their_rule_lines() -> None:
    # Given the default rules
    # When their literal milestone references are collected
    references = referenced_milestones(RULES)

    # Then each names a rule file and a line inside it
    assert references
    assert all(r.file.startswith("rules/defaults/") and r.line > 0 for r in references)
    assert {r.value for r in references} >= {"final_deliverable_accepted", "samples_received"}


def test_low_confidence_is_flagged_and_nothing_else() -> None:
    # Given a member's message the classifier is unsure of
    facts = message(Label.QUOTE, confidence=0.41)

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then it only goes to review, and no later rule runs
    assert actions(decision) == ["flag_for_review low_confidence"]
    assert decision.stopped_by == "low-confidence-review"
    assert decision.trace[-1].rule == "low-confidence-review"


def test_classifier_asking_for_review_is_flagged_and_stops() -> None:
    # Given a confident label that the classifier still flagged
    decision = decide(Event.MESSAGE_CLASSIFIED, message(Label.QUOTE, needs_review=True))

    # Then it is the review flag alone
    assert actions(decision) == ["flag_for_review low_confidence"]


def test_non_member_is_flagged_and_a_refusal_requested() -> None:
    # Given a quote from someone outside the project
    facts = message(Label.QUOTE, sender_roles=frozenset(), sender_is_member=False)

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then it is filed for review with a refusal request, and nothing of the quote flow
    assert actions(decision) == ["flag_for_review non_member", "notify_refused non_member"]
    assert decision.stopped_by == "non-member-refused"


def test_auto_reply_is_filed_without_any_action() -> None:
    # Given an out-of-office reply from a member
    facts = message(Label.OTHER, mail_kind=MailKind.AUTO_REPLY)

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then nothing is done and nothing later is checked
    assert decision.actions == ()
    assert decision.stopped_by == "automated-mail-filed-only"


def test_quote_from_cro_is_recorded_and_confirmed() -> None:
    # Given a CRO quote
    decision = decide(Event.MESSAGE_CLASSIFIED, message(Label.QUOTE))

    # Then it is recorded and its receipt confirmed to the sender
    assert actions(decision) == ["record_quote", "send document_filed"]
    assert "quote-from-cro" in decision.hits


def test_quote_amount_without_currency_is_also_flagged() -> None:
    # Given a CRO quote with a total but no currency
    facts = message(Label.QUOTE, amounts=(Amount(Decimal("18500")),))

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then the quote flow runs and a person is asked to check the amount
    assert actions(decision) == [
        "flag_for_review amount_without_currency",
        "record_quote",
        "send document_filed",
    ]


def test_quote_from_sponsor_is_not_recorded_as_an_offer() -> None:
    # Given a "quote" sent by the sponsor (e.g. forwarding it back)
    decision = decide(Event.MESSAGE_CLASSIFIED, message(Label.QUOTE, sender_roles=SPONSOR))

    # Then no quote is recorded
    assert "record_quote" not in actions(decision)
    assert ("quote-from-cro", "check sender_is_cro failed") in [
        (entry.rule, entry.reason) for entry in decision.trace
    ]


@pytest.mark.parametrize(
    ("service_type", "milestone"),
    [
        (ServiceType.ANALYTICAL_TESTING, "samples_received"),
        (ServiceType.GENOMICS, "samples_received"),
        (ServiceType.BIOANALYSIS, "study_samples_received"),
        (ServiceType.IN_VITRO_ASSAY, "compounds_received"),
        (ServiceType.TOXICOLOGY, "test_article_received"),
        (ServiceType.FORMULATION, "api_received"),
        (ServiceType.CUSTOM, "materials_received"),
    ],
)
def test_cro_receipt_log_imports_samples_and_completes_receipt(
    service_type: ServiceType, milestone: str
) -> None:
    # Given a sample sheet from the CRO (its receipt log) in a project of this type
    facts = message(Label.SAMPLE_SHEET, service_type=service_type)

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then samples are imported, receipt confirmed, and that template's receipt milestone done
    assert actions(decision) == [
        "import_samples",
        "send sample_sheet_received",
        f"complete_milestone {milestone}",
    ]
    assert milestone in template_keys(service_type)


def test_sponsor_manifest_starts_receipt() -> None:
    # Given the sponsor's shipping manifest in a bioanalysis project
    facts = message(Label.SAMPLE_SHEET, service_type=ServiceType.BIOANALYSIS, sender_roles=SPONSOR)

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then the receipt milestone is started, not completed
    assert actions(decision) == [
        "import_samples",
        "send sample_sheet_received",
        "start_milestone study_samples_received",
    ]


def test_sample_table_in_body_of_other_mail_is_imported() -> None:
    # Given a chatty mail with a sample table pasted in, for a service without a receipt step
    facts = message(
        Label.OTHER, has_sample_table=True, service_type=ServiceType.CONTRACT_MANUFACTURING
    )

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then the samples are imported and confirmed
    assert actions(decision) == ["import_samples", "send sample_sheet_received"]


def test_change_agreement_opens_a_change_and_asks_approvers() -> None:
    # Given a change agreed in a status mail
    decision = decide(Event.MESSAGE_CLASSIFIED, message(Label.CHANGE_AGREEMENT))

    # Then a change is opened and the approvers asked
    assert decision.actions[-1].action == ActionSpec(
        Action.SEND, template="change_approval_request", to=Recipient.APPROVERS
    )
    assert actions(decision) == [
        "open_change",
        "request_approval",
        "send change_approval_request to=approvers",
    ]


def test_deliverable_from_cro_is_recorded_and_sent_for_review() -> None:
    # Given a CRO draft report naming its milestone
    facts = message(Label.DELIVERABLE, milestones=("draft_results",))

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then it is recorded, its milestone completed, the sponsor side asked to review it,
    # and the CRO sender told it was filed
    assert actions(decision) == [
        "record_deliverable",
        "request_review",
        "complete_milestone draft_results",
        "send deliverable_received to=sponsor",
        "send document_filed to=sender",
    ]


def test_deliverable_from_sponsor_goes_to_review() -> None:
    # Given a "deliverable" sent by the sponsor (its own CoA)
    decision = decide(Event.MESSAGE_CLASSIFIED, message(Label.DELIVERABLE, sender_roles=SPONSOR))

    # Then only a person looks at it
    assert actions(decision) == ["flag_for_review deliverable_not_from_cro"]


def test_invoice_is_linked() -> None:
    # Given an invoice from the CRO finance contact
    decision = decide(
        Event.MESSAGE_CLASSIFIED,
        message(
            Label.INVOICE,
            sender_roles=frozenset({Role.FINANCE}),
            amounts=(Amount(Decimal("9250"), "EUR"),),
        ),
    )

    # Then it is linked to its payment
    assert actions(decision) == ["link_invoice"]


def test_remittance_marks_the_invoice_paid_and_links_nothing() -> None:
    # Given the sponsor's finance contact writing "paid today by wire" about an invoice
    facts = message(Label.INVOICE, sender_roles=frozenset({Role.FINANCE}), payment_advice=True)

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then a visible rule marks it paid, and it is not linked as a new invoice
    assert actions(decision) == ["mark_paid"]
    assert "remittance-marks-paid" in [planned.rule for planned in decision.actions]


def test_payment_note_labelled_other_marks_paid_when_its_subject_names_the_invoice() -> None:
    # Given a short "payment received" note from finance the classifier calls `other`
    facts = message(
        Label.OTHER,
        sender_roles=frozenset({Role.FINANCE}),
        payment_advice=True,
        subject="RE: Invoice INV-NB-260604 - PO 4500012873",
    )

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then it marks the invoice paid
    assert actions(decision) == ["mark_paid"]


def test_payment_note_labelled_other_from_the_cro_pm_marks_nothing() -> None:
    # Given a CRO PM's "payment received, thanks" labelled `other` in the invoice thread
    facts = message(Label.OTHER, payment_advice=True, subject="RE: Invoice INV-1")

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then no rule marks anything paid
    assert "mark_paid" not in actions(decision)


def test_receipt_note_with_a_discrepancy_is_flagged_for_review() -> None:
    # Given the CRO's plain-text receipt confirmation: "87 of 88 tubes received"
    facts = message(
        Label.OTHER,
        service_type=ServiceType.BIOANALYSIS,
        milestones=("study_samples_received",),
        sample_discrepancy=True,
    )

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then the receipt milestone is completed and the discrepancy goes to a person
    assert actions(decision) == [
        "complete_milestone study_samples_received",
        "flag_for_review sample_discrepancy",
    ]


def test_sponsor_note_mentioning_discrepancies_is_not_flagged() -> None:
    # Given the sponsor's shipment mail flagged with discrepancy wording (the fact is set)
    facts = message(Label.SAMPLE_SHEET, sender_roles=SPONSOR, sample_discrepancy=True)

    # When it is decided
    decision = decide(Event.MESSAGE_CLASSIFIED, facts)

    # Then only the CRO's receipt note is a discrepancy report
    assert "flag_for_review sample_discrepancy" not in actions(decision)


def test_attached_deliverable_of_a_change_mail_is_recorded() -> None:
    # Given interim data attached to a change-agreement message
    facts = DocumentClassified(
        "p1",
        ServiceType.GENOMICS,
        Label.DELIVERABLE,
        0.88,
        filename="interim.xlsx",
        message_label=Label.CHANGE_AGREEMENT,
        sender_roles=CRO,
        sender_is_member=True,
    )

    # When the attachment is decided
    decision = decide(Event.DOCUMENT_CLASSIFIED, facts)

    # Then the second act is recorded too
    assert actions(decision) == ["record_deliverable", "request_review"]


def test_attachment_with_the_message_label_adds_nothing() -> None:
    # Given the quote PDF of a quote message
    facts = DocumentClassified(
        "p1",
        ServiceType.GENOMICS,
        Label.QUOTE,
        0.95,
        message_label=Label.QUOTE,
        sender_roles=CRO,
        sender_is_member=True,
    )

    # When the attachment is decided
    decision = decide(Event.DOCUMENT_CLASSIFIED, facts)

    # Then the message rules already covered it
    assert decision.actions == ()


@pytest.mark.parametrize("decision_word", [ReplyDecision.APPROVE, ReplyDecision.REJECT])
def test_authentic_change_decision_is_applied_and_announced(decision_word: ReplyDecision) -> None:
    # Given an approver's signed, authenticated answer to a change
    facts = reply(decision_word, ReplyAbout.CHANGE)

    # When it is decided
    decision = decide(Event.REPLY_DECIDED, facts)

    # Then the decision is applied and the project told
    assert actions(decision) == ["apply_reply_decision", "send change_decision to=members"]


@pytest.mark.parametrize(
    "changes",
    [
        {"token_valid": False, "token_reason": "expired"},
        {"auth_ok": False},
        {"sender_is_approver": False, "sender_roles": SPONSOR},
    ],
    ids=["bad-token", "failed-dmarc", "not-an-approver"],
)
def test_unauthentic_change_decision_is_never_applied(changes: dict[str, object]) -> None:
    # Given an approval missing one of token, authentication, approver role
    facts = reply(ReplyDecision.APPROVE, ReplyAbout.CHANGE, **changes)

    # When it is decided
    decision = decide(Event.REPLY_DECIDED, facts)

    # Then it goes to review and is not applied
    assert actions(decision) == ["flag_for_review unauthenticated_decision"]


def test_unclear_reply_is_asked_again() -> None:
    # Given a tentative answer ("approved in principle")
    decision = decide(Event.REPLY_DECIDED, reply(ReplyDecision.NEEDS_REVIEW, ReplyAbout.CHANGE))

    # Then the sender is told it was not understood, and nothing is applied
    assert actions(decision) == ["send reply_not_understood"]


def test_answer_to_decided_change_gets_its_status() -> None:
    # Given a second approval of a change already approved
    facts = reply(ReplyDecision.APPROVE, ReplyAbout.CHANGE, change_status=ChangeStatus.APPROVED)

    # When it is decided
    decision = decide(Event.REPLY_DECIDED, facts)

    # Then only the current status is sent back
    assert actions(decision) == ["send status_reply"]


def test_sponsor_acceptance_of_final_report_completes_and_bills() -> None:
    # Given the sponsor PM's "no further comments" on the final CoA, in its thread
    facts = review(ReplyDecision.APPROVE, milestone="coa_issued", deliverable_final=True)

    # When it is decided
    decision = decide(Event.REPLY_DECIDED, facts)

    # Then the deliverable is accepted, its milestone and the frame completed, payment due
    assert actions(decision) == [
        "apply_reply_decision",
        "complete_milestone coa_issued",
        "send deliverable_accepted to=members",
        "complete_milestone final_deliverable_accepted",
        "mark_payment_due final_deliverable_accepted",
        "send payment_due to=finance",
    ]


def review(decision: ReplyDecision, **changes: object) -> ReplyDecided:
    """A sponsor PM's reply in the thread of a delivery: its credential is the thread."""
    base: dict[str, object] = {
        "token_valid": False,
        "thread_matched": True,
        "sender_roles": SPONSOR,
        "sender_is_approver": False,
        "change_status": None,
    }
    return reply(decision, ReplyAbout.DELIVERABLE, **{**base, **changes})


def test_review_in_the_delivery_thread_counts_without_a_token() -> None:
    # Given the sponsor PM's "accepted" in the delivery thread (no token: reviews have none)
    facts = review(ReplyDecision.APPROVE, milestone="draft_results")

    # When it is decided
    decision = decide(Event.REPLY_DECIDED, facts)

    # Then it is applied
    assert actions(decision)[0] == "apply_reply_decision"


def test_review_outside_a_delivery_thread_is_not_applied() -> None:
    # Given an "accepted" from the sponsor side that matched no delivery thread
    facts = review(ReplyDecision.APPROVE, thread_matched=False)

    # Then it is only flagged
    assert actions(decide(Event.REPLY_DECIDED, facts)) == [
        "flag_for_review unauthenticated_decision"
    ]


def test_change_reply_needs_its_token_even_in_the_thread() -> None:
    # Given an approver's "approved" that matched a thread but carries no valid token
    facts = reply(ReplyDecision.APPROVE, ReplyAbout.CHANGE, token_valid=False, thread_matched=True)

    # Then a change is never decided by a thread alone
    assert actions(decide(Event.REPLY_DECIDED, facts)) == [
        "flag_for_review unauthenticated_decision"
    ]


def test_acceptance_from_the_cro_side_is_not_applied() -> None:
    # Given a CRO person "accepting" their own deliverable in its thread
    facts = review(ReplyDecision.APPROVE, sender_roles=CRO)

    # Then it is only flagged
    assert actions(decide(Event.REPLY_DECIDED, facts)) == [
        "flag_for_review unauthenticated_decision"
    ]


def test_overdue_milestone_sets_waiting_and_sends_nothing() -> None:
    # Given a milestone waiting on the sponsor, 9 days late
    facts = MilestoneOverdue(
        "p1",
        ServiceType.TOXICOLOGY,
        "protocol_approved",
        9,
        Party.SPONSOR,
        due_date=date(2026, 3, 1),
        as_of=date(2026, 3, 10),
    )

    # When it is decided
    decision = decide(Event.MILESTONE_OVERDUE, facts)

    # Then it is marked as waiting on the sponsor, and no mail is planned
    assert actions(decision) == ["set_waiting protocol_approved waits_on=sponsor"]


def test_weekly_tick_sends_the_summary_and_other_ticks_do_not() -> None:
    # Given the weekly tick and a sweep tick
    weekly = ScheduleTick(TickKind.WEEKLY_SUMMARY, Weekday.MON, 7, date(2026, 3, 9), "p1")
    sweep = ScheduleTick(TickKind.SWEEP, Weekday.MON, 7, date(2026, 3, 9))

    # When each is decided
    # Then only the weekly one sends the summary to members
    assert actions(decide(Event.SCHEDULE_TICK, weekly)) == ["send weekly_summary to=members"]
    assert actions(decide(Event.SCHEDULE_TICK, sweep)) == []
