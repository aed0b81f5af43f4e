"""Quote versions: one row per quote document version, with the facts read from its text."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, UTCDateTime, utcnow


class Quote(Base):
    """A version of the project's quote family (v1, v2, ...; at most one accepted).

    Line items and term lists are JSON: they are read and compared whole, never queried
    row by row, and keep the order the quote gave them.
    """

    __tablename__ = "quotes"
    __table_args__ = (UniqueConstraint("project_id", "version", name="uq_quotes_project_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    source_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    number: Mapped[str | None] = mapped_column(String(100))
    revision: Mapped[str | None] = mapped_column(String(20))
    issue_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str | None] = mapped_column(String(3))
    total: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    line_items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    optional_items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    assumptions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    exclusions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    payment_terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    accepted: Mapped[bool] = mapped_column(default=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    accepted_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
