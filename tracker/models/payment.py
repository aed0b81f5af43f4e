"""Payment lines: the milestone-linked tranches of a project and their invoices."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, StrEnumType, UTCDateTime, utcnow
from tracker.types import PaymentStatus


class PaymentLine(Base):
    """One tranche: a share of the total or a fixed amount, due when its trigger happens.

    The trigger is a milestone (done) or that milestone's deliverable (accepted). The
    invoice fields are filled when an invoice is linked to the line.
    """

    __tablename__ = "payment_lines"
    __table_args__ = (Index("ix_payment_lines_project_status", "project_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL")
    )
    milestone_key: Mapped[str | None] = mapped_column(String(64))
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id", ondelete="SET NULL"))
    share: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))  # percent of the total
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[PaymentStatus] = mapped_column(
        StrEnumType(PaymentStatus), default=PaymentStatus.NOT_DUE
    )
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invoice_number: Mapped[str | None] = mapped_column(String(100))
    invoice_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    invoice_currency: Mapped[str | None] = mapped_column(String(3))
    invoice_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    invoice_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    invoiced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paid_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    paid_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
