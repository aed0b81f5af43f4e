"""Samples of a project, the sheets that listed them, and the discrepancies found."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, StrEnumType, UTCDateTime, utcnow
from tracker.types import SampleStatus


class SampleImport(Base):
    """One sample sheet taken in: the expected list, a shipment manifest or a receipt log."""

    __tablename__ = "sample_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[SampleStatus] = mapped_column(StrEnumType(SampleStatus))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    columns: Mapped[list[Any]] = mapped_column(JSON, default=list)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    source_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Sample(Base):
    """One physical sample, by the sponsor's ID (unique within the project)."""

    __tablename__ = "samples"
    __table_args__ = (
        UniqueConstraint("project_id", "sample_key", name="uq_samples_project_key"),
        Index("ix_samples_project_status", "project_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    sample_id: Mapped[str] = mapped_column(String(200))
    sample_key: Mapped[str] = mapped_column(String(200))  # case-folded ID used for matching
    status: Mapped[SampleStatus] = mapped_column(
        StrEnumType(SampleStatus), default=SampleStatus.EXPECTED
    )
    matrix: Mapped[str | None] = mapped_column(String(200))
    volume: Mapped[str | None] = mapped_column(String(100))
    storage: Mapped[str | None] = mapped_column(String(100))
    shipping_condition: Mapped[str | None] = mapped_column(String(200))
    timepoint: Mapped[str | None] = mapped_column(String(100))
    subject_id: Mapped[str | None] = mapped_column(String(100))
    accession: Mapped[str | None] = mapped_column(String(100))
    comments: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_import_id: Mapped[int | None] = mapped_column(
        ForeignKey("sample_imports.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SampleDiscrepancy(Base):
    """A mismatch between a sheet and the expected list: missing, extra or duplicate ID."""

    __tablename__ = "sample_discrepancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    import_id: Mapped[int] = mapped_column(ForeignKey("sample_imports.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    sample_id: Mapped[str] = mapped_column(String(200))
    resolved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
