"""Raw messages (the ingest ledger), threads, filed messages, their references, documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, StrEnumType, UTCDateTime, utcnow
from tracker.types import ProcessingStatus, RouteRule, UnroutedReason


class RawMessage(Base):
    """One stored raw email, keyed by sha256: the ingest ledger and the sweeper's work list."""

    __tablename__ = "raw_messages"
    __table_args__ = (Index("ix_raw_messages_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(String(1000), default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[ProcessingStatus] = mapped_column(
        StrEnumType(ProcessingStatus), default=ProcessingStatus.STORED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Thread(Base):
    """A conversation within one project (or among unrouted mail when project is None)."""

    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(Text, default="")
    root_message_id: Mapped[str | None] = mapped_column(String(998))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Message(Base):
    """One email filed in one project (project None: kept unrouted, with a reason)."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("project_id", "raw_id", name="uq_messages_project_raw"),
        Index("ix_messages_message_id", "message_id"),
        Index("ix_messages_project_review", "project_id", "needs_review"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    raw_id: Mapped[int] = mapped_column(ForeignKey("raw_messages.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id"))
    message_id: Mapped[str | None] = mapped_column(String(998))  # the Message-ID header
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    subject: Mapped[str] = mapped_column(Text, default="")
    from_email: Mapped[str] = mapped_column(String(320), default="")
    from_name: Mapped[str] = mapped_column(String(300), default="")
    from_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(32), default="normal")
    label: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[float | None] = mapped_column(Float)
    needs_review: Mapped[bool] = mapped_column(default=False)
    reviewed_label: Mapped[str | None] = mapped_column(String(32))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    route_rule: Mapped[RouteRule | None] = mapped_column(StrEnumType(RouteRule))
    unrouted_reason: Mapped[UnroutedReason | None] = mapped_column(StrEnumType(UnroutedReason))
    route_detail: Mapped[str] = mapped_column(Text, default="")
    reply_text: Mapped[str] = mapped_column(Text, default="")
    entities: Mapped[list[Any]] = mapped_column(JSON, default=list)
    leaves: Mapped[list[Any]] = mapped_column(JSON, default=list)
    defects: Mapped[list[Any]] = mapped_column(JSON, default=list)


class MessageReference(Base):
    """One Message-ID of a filed message's References chain (and In-Reply-To).

    Kept so that a later reply to an EARLIER message of a thread that was cc'd mid-way
    still joins the project: the earlier message was never filed, but it is referenced.
    """

    __tablename__ = "message_references"
    __table_args__ = (
        UniqueConstraint("message_pk", "ref", name="uq_message_references_ref"),
        Index("ix_message_references_ref", "ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_pk: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(998))


class Document(Base):
    """An attachment filed in a project, content-addressed by sha256 (one row per project).

    `family` groups versions of the same document (all quotes of a project are the
    `quote` family); `version` counts within it and `supersedes_id` points to the one
    it replaces.
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("project_id", "sha256", name="uq_documents_project_sha256"),
        Index("ix_documents_family", "project_id", "family"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    label: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[float | None] = mapped_column(Float)
    text_status: Mapped[str | None] = mapped_column(String(32))
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL")
    )
    family: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
