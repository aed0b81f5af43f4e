"""Deliverables: what the CRO delivered against a milestone, its version and review state."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, StrEnumType, UTCDateTime, utcnow
from tracker.types import DeliverableStatus


class Deliverable(Base):
    """One version of a deliverable; the same title on the same milestone is the next version."""

    __tablename__ = "deliverables"
    __table_args__ = (
        UniqueConstraint(
            "project_id", "milestone_key", "title_key", "version", name="uq_deliverables_version"
        ),
        Index("ix_deliverables_project_status", "project_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL")
    )
    milestone_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str] = mapped_column(String(300))  # case-folded, spaces collapsed
    version: Mapped[int] = mapped_column(Integer)
    is_final: Mapped[bool] = mapped_column(default=False)
    status: Mapped[DeliverableStatus] = mapped_column(
        StrEnumType(DeliverableStatus), default=DeliverableStatus.AWAITING_REVIEW
    )
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    source_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    delivered_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    review_due: Mapped[date | None] = mapped_column(Date)
    reviewed_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    review_comment: Mapped[str | None] = mapped_column(Text)
