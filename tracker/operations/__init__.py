"""Domain operations on the record, and the role check they all share.

Operations take the caller's `Session` (the caller owns the transaction), write an
audit event for every state change, and raise a `TrackerError` only to refuse, having
written nothing. Role rules: a system actor (the rules engine acting on a decision)
passes every check; a person must hold one of the required roles in that project.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import session_memo
from tracker.errors import NotFound, PermissionDenied
from tracker.models.project import Membership, Person, PersonAddress, Project
from tracker.types import Actor, Role


def roles_of(session: Session, project_id: int, email: str) -> frozenset[Role]:
    """The roles the person owning this address holds in the project (empty if none)."""
    stmt = (
        select(Membership.role)
        .join(PersonAddress, PersonAddress.person_id == Membership.person_id)
        .where(Membership.project_id == project_id, PersonAddress.email == email.strip().lower())
    )
    return frozenset(session.scalars(stmt))


Standing = tuple[Person | None, frozenset[Role]]

_PEOPLE_MODELS = (Person, PersonAddress, Membership)


def sender_standing(session: Session, project_id: int | None, email: str) -> Standing:
    """The person owning this address and their roles in the project, in one query.

    Filing and the rules both need both; asking once (and once per transaction for a
    repeated sender) replaces two look-ups per use. Without a project the roles are empty.
    """
    memo = session_memo.memo(session, "sender_standing", _PEOPLE_MODELS)
    key = (project_id, email.strip().lower())
    if key not in memo:
        memo[key] = _load_standing(session, project_id, key[1])
    return memo[key]


def _load_standing(session: Session, project_id: int | None, email: str) -> Standing:
    address = PersonAddress.person_id == Person.id
    in_project = (Membership.person_id == Person.id) & (Membership.project_id == project_id)
    stmt = (
        select(Person, Membership.role)
        .join(PersonAddress, address)
        .outerjoin(Membership, in_project)
        .where(PersonAddress.email == email)
    )
    rows = session.execute(stmt).all()
    if not rows:
        return None, frozenset()
    return rows[0][0], frozenset(role for _, role in rows if role is not None)


def roles_of_person(session: Session, project_id: int, person_id: int) -> frozenset[Role]:
    """The person's roles in the project (remembered for the transaction: every role
    check of a batch asks it again for the same few senders)."""
    memo = session_memo.memo(session, "roles_of_person", (Membership,))
    key = (project_id, person_id)
    if key not in memo:
        stmt = select(Membership.role).where(
            Membership.project_id == project_id, Membership.person_id == person_id
        )
        memo[key] = frozenset(session.scalars(stmt))
    return memo[key]


def actor_roles(session: Session, project_id: int, actor: Actor) -> frozenset[Role]:
    """Roles of a person actor, found by person id, else by address."""
    if actor.person_id is not None:
        return roles_of_person(session, project_id, actor.person_id)
    if actor.email:
        return roles_of(session, project_id, actor.email)
    return frozenset()


def require_role(session: Session, project_id: int, actor: Actor, roles: Iterable[Role]) -> None:
    """Refuse with `PermissionDenied` unless the actor holds one of `roles` in the project."""
    if actor.kind == "system":
        return
    wanted = frozenset(roles)
    held = actor_roles(session, project_id, actor)
    if held & wanted:
        return
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"no project with id {project_id}")
    who = actor.email or actor.name or f"person {actor.person_id}"
    need = ", ".join(sorted(r.value for r in wanted))
    has = ", ".join(sorted(r.value for r in held)) or "no role"
    raise PermissionDenied(
        f"{who} may not do this in project {project.code}: needs {need}, has {has}"
    )


__all__ = ["actor_roles", "require_role", "roles_of", "roles_of_person", "sender_standing"]
