"""One realistic context per template, for the rendering tests (built here, no fixture files)."""

from __future__ import annotations

from datetime import date

from outbound.types import (
    ChangeApprovalContext,
    ChangeDecisionContext,
    ChangeLine,
    DeliverableAcceptedContext,
    DeliverableLine,
    DeliverableReceivedContext,
    DocumentFiledContext,
    Fact,
    MilestoneLine,
    OutgoingEmail,
    PaymentDueContext,
    PaymentLine,
    ProjectRef,
    RefusedNoticeContext,
    ReplyNotUnderstoodContext,
    SampleCount,
    SampleIssue,
    SampleSheetContext,
    StatusReplyContext,
    TemplateContext,
    WaitingItem,
    WeeklySummaryContext,
)

PROJECT = ProjectRef(code="acme-tox", name="ACME 28-day tox")
TOKEN = "abcdefghijklmnop234567abcdefghijklmnopqr"  # tracker.tokens shape: 40 base32 chars


def weekly(project: ProjectRef = PROJECT, member: str = "Dana Sponsor") -> WeeklySummaryContext:
    return WeeklySummaryContext(
        project=project,
        member_name=member,
        iso_week="2025-W07",
        week_start=date(2025, 2, 10),
        week_end=date(2025, 2, 16),
        timezone="Europe/Berlin",
        waiting_on=(
            WaitingItem("Approval of CR-3 Additional timepoints", "Dana Sponsor (sponsor)", 6),
            WaitingItem("Review of Draft report v1", "sponsor", 2),
        ),
        milestones_done=(MilestoneLine("kickoff_held", "Kickoff held", done_on=date(2025, 2, 11)),),
        milestones_due_next=(
            MilestoneLine("dosing_start", "Dosing start", due=date(2025, 2, 20), owner="CRO"),
        ),
        milestones_overdue=(
            MilestoneLine("samples_received", "Samples received", due=date(2025, 2, 7)),
        ),
        open_changes=(ChangeLine(3, "Additional timepoints", "awaiting approval", 6, "sponsor"),),
        deliverables_awaiting_review=(
            DeliverableLine("Draft report", "v1", date(2025, 2, 14), date(2025, 3, 7)),
        ),
        samples_by_status=(SampleCount("received", 48), SampleCount("in analysis", 12)),
        payments_due=(PaymentLine("Milestone 2", "USD 12,000.00", date(2025, 2, 28), "INV-778"),),
    )


def all_contexts() -> dict[str, TemplateContext]:
    """template name → a filled context of the right type."""
    return {
        "document_filed": DocumentFiledContext(
            project=PROJECT,
            document_title="Quote v2",
            label="quote",
            milestone="quote_accepted",
            facts=(
                Fact("Total", "USD 48,500"),
                Fact("Valid to", "valid to 31 Mar 2025"),
                Fact("Assumptions", "3 assumptions changed"),
            ),
            filed_from="pm@cro.example",
        ),
        "sample_sheet_received": SampleSheetContext(
            project=PROJECT,
            document_title="manifest_box1.xlsx",
            sample_count=48,
            expected_count=50,
            mismatches=(SampleIssue("S-017", "not on the manifest"),),
        ),
        "change_approval_request": ChangeApprovalContext(
            project=PROJECT,
            change_number=3,
            title="Additional timepoints",
            description="Add 48 h and 72 h timepoints to the PK arm",
            approver_name="Dana Sponsor",
            reply_token=TOKEN,
            requested_by="Sam Sponsor",
            reason="sponsor scope request",
            cost_impact="+ USD 6,200",
            schedule_impact="Final report moves from 14 Mar to 28 Mar",
            affected=("draft_report", "final_report"),
            expires_on=date(2025, 3, 1),
        ),
        "change_decision": ChangeDecisionContext(
            project=PROJECT,
            change_number=3,
            title="Additional timepoints",
            decision="approved",
            decided_by="Dana Sponsor",
            decided_on=date(2025, 2, 12),
        ),
        "deliverable_received": DeliverableReceivedContext(
            project=PROJECT,
            title="Draft report",
            delivered_by="Chris CRO",
            version="v1",
            files=("draft_report_v1.pdf", "tables.xlsx"),
            review_deadline=date(2025, 3, 7),
            milestone="draft_report",
        ),
        "deliverable_accepted": DeliverableAcceptedContext(
            project=PROJECT,
            title="Final report",
            accepted_by="Dana Sponsor",
            accepted_on=date(2025, 3, 20),
            version="v2",
            milestone="final_deliverable_accepted",
        ),
        "payment_due": PaymentDueContext(
            project=PROJECT,
            description="Milestone 2",
            amount="USD 12,000.00",
            due_date=date(2025, 2, 28),
            invoice_number="INV-778",
        ),
        "reply_not_understood": ReplyNotUnderstoodContext(
            original_subject="Re: Approval requested: CR-3",
            reason="the reply says 'in principle', which is not a decision",
            expected="APPROVE or REJECT <reason>",
            project=PROJECT,
            change_number=3,
        ),
        "refused_notice": RefusedNoticeContext(
            original_subject="samples",
            reason="unknown_project",
            explanation="the address it was sent to is not a project address",
            received_on=date(2025, 2, 12),
        ),
        "weekly_summary": weekly(),
        "status_reply": StatusReplyContext(
            project=PROJECT,
            as_of=date(2025, 2, 12),
            waiting_on=(WaitingItem("Approval of CR-3", "sponsor", 6),),
        ),
    }


def outgoing(template: str = "document_filed", **changes: object) -> OutgoingEmail:
    """An OutgoingEmail for `template` with the sample context; keyword args override fields."""
    fields: dict[str, object] = {
        "template": template,
        "context": all_contexts()[template],
        "mail_from": "Mailroom <mailroom@mailroom.example>",
        "recipients": ("pm@cro.example",),
    }
    fields.update(changes)
    return OutgoingEmail(**fields)  # type: ignore[arg-type]
