"""Project milestones: the template's sequence with plan, forecast and actual dates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, StrEnumType, UTCDateTime
from tracker.types import MilestoneStatus, WaitingOn


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("project_id", "key", name="uq_milestones_project_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    planned_date: Mapped[date | None] = mapped_column(Date)
    forecast_date: Mapped[date | None] = mapped_column(Date)
    actual_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[MilestoneStatus] = mapped_column(
        StrEnumType(MilestoneStatus), default=MilestoneStatus.PENDING
    )
    waiting_on: Mapped[WaitingOn | None] = mapped_column(StrEnumType(WaitingOn))
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waits_on: Mapped[WaitingOn | None] = mapped_column(StrEnumType(WaitingOn))  # template default
    payment_share: Mapped[float | None] = mapped_column(Float)
