"""The audit chain: appended per project, verifiable, and loud about tampering."""

from __future__ import annotations

import csv
import io
import itertools
import json

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from tests.tracker.support import SYSTEM, make_project
from tracker import audit
from tracker.db import make_session_factory
from tracker.models.audit import AuditEvent
from tracker.types import Actor


def _three_events(session: Session, project_id: int) -> None:
    for n in range(3):
        audit.append(
            session,
            project_id=project_id,
            actor=SYSTEM,
            action="noted",
            entity="note",
            entity_id=n,
            before=None,
            after={"n": n, "text": "café"},
            source_message_id=None,
        )
    session.commit()


def test_events_of_a_project_are_numbered_and_linked(session: Session) -> None:
    # Given a project (its creation is event 1)
    team = make_project(session, people=False)
    # When three more events are appended
    _three_events(session, team.project_id)
    # Then seqs run 1..4 and each event links to the previous hash
    chain = audit.events(session, team.project_id)
    assert [e.seq for e in chain] == [1, 2, 3, 4]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(chain))


def test_an_untouched_chain_verifies(session: Session) -> None:
    # Given a project with a few events, committed
    team = make_project(session, people=False)
    _three_events(session, team.project_id)
    # When the chain is verified
    result = audit.verify(session, team.project_id)
    # Then it is intact and every event was checked
    assert result.ok and result.checked == 4 and result.why is None


def test_an_edited_event_is_detected(session: Session) -> None:
    # Given a verified chain
    team = make_project(session, people=False)
    _three_events(session, team.project_id)
    # When someone edits event 3 directly in the database
    session.execute(
        update(AuditEvent)
        .where(AuditEvent.project_id == team.project_id, AuditEvent.seq == 3)
        .values(after={"n": 99, "text": "café"})
    )
    session.commit()
    session.expire_all()
    # Then verification fails at seq 3 as an edit
    result = audit.verify(session, team.project_id)
    assert (result.ok, result.first_bad_seq, result.why) == (False, 3, "edited")


def test_a_deleted_event_is_detected(session: Session) -> None:
    # Given a chain of four events
    team = make_project(session, people=False)
    _three_events(session, team.project_id)
    # When event 2 is deleted
    session.execute(
        delete(AuditEvent).where(AuditEvent.project_id == team.project_id, AuditEvent.seq == 2)
    )
    session.commit()
    # Then verification reports seq 2 deleted
    result = audit.verify(session, team.project_id)
    assert (result.ok, result.first_bad_seq, result.why) == (False, 2, "deleted")


def test_deleting_the_newest_event_is_detected(session: Session) -> None:
    # Given a chain of four events
    team = make_project(session, people=False)
    _three_events(session, team.project_id)
    # When the newest event is deleted (nothing after it to break)
    session.execute(
        delete(AuditEvent).where(AuditEvent.project_id == team.project_id, AuditEvent.seq == 4)
    )
    session.commit()
    # Then the chain head still gives it away
    result = audit.verify(session, team.project_id)
    assert (result.ok, result.first_bad_seq, result.why) == (False, 4, "deleted")


def test_swapped_events_are_detected_as_reordered(session: Session) -> None:
    # Given a chain of four events
    team = make_project(session, people=False)
    _three_events(session, team.project_id)
    rows = {e.seq: e for e in audit.events(session, team.project_id)}
    # When events 2 and 3 swap places, hashes recomputed to hide the edit
    rows[2].seq, rows[3].seq = -1, 2
    session.flush()
    rows[2].seq = 3
    for event in (rows[2], rows[3]):
        event.hash = audit.compute_hash(event)
    session.commit()
    # Then the chain links no longer line up
    result = audit.verify(session, team.project_id)
    assert (result.ok, result.first_bad_seq, result.why) == (False, 2, "reordered")


def test_chains_of_two_projects_are_independent(session: Session) -> None:
    # Given two projects
    a = make_project(session, "alpha", people=False)
    b = make_project(session, "beta", people=False)
    _three_events(session, a.project_id)
    # When project a's events are tampered with
    session.execute(delete(AuditEvent).where(AuditEvent.project_id == a.project_id))
    session.commit()
    # Then project b still verifies
    assert audit.verify(session, b.project_id).ok
    assert not audit.verify(session, a.project_id).ok


def test_actor_and_values_are_recorded(session: Session) -> None:
    # Given a person actor
    team = make_project(session, people=False)
    actor = Actor(kind="person", person_id=7, email="x@y.example", name="X")
    # When an event with before/after and a source message is appended
    audit.append(
        session,
        project_id=team.project_id,
        actor=actor,
        action="renamed",
        entity="project",
        entity_id=team.project_id,
        before={"name": "a"},
        after={"name": "b"},
        source_message_id=42,
    )
    session.commit()
    # Then it reads back as written
    stored = session.scalar(select(AuditEvent).where(AuditEvent.action == "renamed"))
    assert stored is not None
    assert (stored.actor_email, stored.before, stored.after, stored.source_message_id) == (
        "x@y.example",
        {"name": "a"},
        {"name": "b"},
        42,
    )


def test_export_jsonl_writes_one_object_per_event(session: Session) -> None:
    # Given a chain of four events
    team = make_project(session, people=False)
    _three_events(session, team.project_id)
    out = io.StringIO()
    # When exported as JSON lines
    count = audit.export(session, team.project_id, "jsonl", out)
    # Then each line is one event in seq order
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == 4 and [row["seq"] for row in lines] == [1, 2, 3, 4]
    assert lines[1]["after"] == {"n": 0, "text": "café"}


def test_export_csv_has_a_header_and_json_values(session: Session) -> None:
    # Given a chain of four events
    team = make_project(session, people=False)
    _three_events(session, team.project_id)
    out = io.StringIO()
    # When exported as CSV
    audit.export(session, team.project_id, "csv", out)
    # Then the rows parse back, with before/after as JSON text
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 4 and json.loads(rows[3]["after"])["n"] == 2


def _note(session: Session, project_id: int, n: int) -> None:
    audit.append(
        session, project_id=project_id, actor=SYSTEM, action="noted", entity="note",
        entity_id=n, before=None, after={"n": n}, source_message_id=None,
    )  # fmt: skip


def test_an_event_appended_in_a_rolled_back_savepoint_is_not_chained(session: Session) -> None:
    # Given a project and an event appended in the outer transaction
    team = make_project(session, people=False)
    _note(session, team.project_id, 1)
    # When a second event is appended in a savepoint that rolls back, and a third after it
    savepoint = session.begin_nested()
    _note(session, team.project_id, 2)
    savepoint.rollback()
    with session.begin_nested():
        _note(session, team.project_id, 3)
    session.commit()
    # Then the chain holds the first and the third, numbered without a gap, and verifies
    chain = audit.events(session, team.project_id)
    assert [(e.seq, e.entity_id) for e in chain][1:] == [(2, 1), (3, 3)]
    assert audit.verify(session, team.project_id).ok


def test_events_sealed_in_a_savepoint_that_rolls_back_are_chained_again(
    session: Session,
) -> None:
    # Given a project, an event appended in the outer transaction and one in a savepoint
    team = make_project(session, people=False)
    session.commit()
    _note(session, team.project_id, 1)
    with session.begin_nested():
        _note(session, team.project_id, 2)
    # When a later savepoint reads the audit (sealing both), appends, and rolls back
    savepoint = session.begin_nested()
    audit.events(session, team.project_id)
    _note(session, team.project_id, 3)
    savepoint.rollback()
    session.commit()
    # Then the two events appended outside it are kept, numbered without a gap
    chain = audit.events(session, team.project_id)
    assert [(e.seq, e.entity_id) for e in chain][1:] == [(2, 1), (3, 2)]
    assert audit.verify(session, team.project_id).ok


def test_reading_the_audit_mid_transaction_sees_pending_events(session: Session) -> None:
    # Given a project and an event appended but not committed
    team = make_project(session, people=False)
    session.commit()
    _note(session, team.project_id, 7)
    # When the audit table is queried in the same transaction
    actions = [event.entity_id for event in audit.events(session, team.project_id)]
    # Then the pending event is there (chained and inserted first)
    assert 7 in actions


def test_two_writers_of_one_chain_both_land_in_commit_order(engine: Engine) -> None:
    # Given a project and two sessions that each append to its chain, interleaved
    factory = make_session_factory(engine)
    with factory() as setup:
        team = make_project(setup, people=False)
        setup.commit()
    with factory() as first, factory() as second:
        _note(first, team.project_id, 1)
        _note(second, team.project_id, 2)
        _note(first, team.project_id, 3)
        # When the second commits before the first
        second.commit()
        first.commit()
    # Then both writers' events are in the chain, the second's first, and it verifies
    with factory() as check:
        chain = audit.events(check, team.project_id)
        assert [e.entity_id for e in chain][1:] == [2, 1, 3]
        assert audit.verify(check, team.project_id).ok
