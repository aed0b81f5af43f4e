"""Change requests (CR-1, CR-2, ... per project): what, why, who, impact, and the decision."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, StrEnumType, UTCDateTime, utcnow
from tracker.types import ChangeStatus


class ChangeRequest(Base):
    """One change to the agreed scope, answering the five questions of a change record.

    `decision_evidence` keeps what an approval or rejection rested on (raw sha256, the
    authentication verdict, the reply token id, the reply text and how it was split from
    the quoted part), so a decision can be re-checked later.
    """

    __tablename__ = "change_requests"
    __table_args__ = (UniqueConstraint("project_id", "number", name="uq_changes_project_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    what_changed: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(Text, default="")
    reason_category: Mapped[str | None] = mapped_column(String(64))
    requested_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    requested_by: Mapped[str] = mapped_column(String(320), default="")
    requester_side: Mapped[str] = mapped_column(String(16))  # sponsor | cro
    impact_milestones: Mapped[list[Any]] = mapped_column(JSON, default=list)
    impact_deliverables: Mapped[list[Any]] = mapped_column(JSON, default=list)
    cost_delta: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    updated_target: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ChangeStatus] = mapped_column(
        StrEnumType(ChangeStatus), default=ChangeStatus.PROPOSED
    )
    proposed_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    approval_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    decided_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def code(self) -> str:
        return f"CR-{self.number}"
