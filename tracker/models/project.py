"""Organisations, people and their addresses, projects and role memberships."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, StrEnumType, UTCDateTime, utcnow
from tracker.types import ProjectStatus, Role, ServiceType


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    timezone: Mapped[str | None] = mapped_column(String(64))  # None: the project's zone
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    addresses: Mapped[list[PersonAddress]] = relationship(
        back_populates="person", order_by="PersonAddress.id"
    )


class PersonAddress(Base):
    """One email address of a person. Stored lower-cased; unique across all people."""

    __tablename__ = "person_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)

    person: Mapped[Person] = relationship(back_populates="addresses")


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    service_type: Mapped[ServiceType] = mapped_column(StrEnumType(ServiceType))
    sponsor_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    cro_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    address: Mapped[str] = mapped_column(String(320), unique=True)
    status: Mapped[ProjectStatus] = mapped_column(
        StrEnumType(ProjectStatus), default=ProjectStatus.OPEN
    )
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    sponsor_org: Mapped[Organisation] = relationship(foreign_keys=[sponsor_org_id])
    cro_org: Mapped[Organisation] = relationship(foreign_keys=[cro_org_id])


class Membership(Base):
    """A person's role in a project. Several rows give a person several roles."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("project_id", "person_id", "role", name="uq_membership_role"),
        Index("ix_memberships_person", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(StrEnumType(Role))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    person: Mapped[Person] = relationship()
