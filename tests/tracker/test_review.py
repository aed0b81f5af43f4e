"""The review queue and label corrections."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy.orm import Session

from tests.tracker.support import DOMAIN, SYSTEM, inbound, make_project
from tracker.errors import PermissionDenied
from tracker.operations.messages import file_message
from tracker.operations.review import export_corrections, review_queue, set_label
from tracker.routing import route
from tracker.types import InboundMessage, Role


def _file(session: Session, msg: InboundMessage) -> int:
    result = file_message(session, msg, route(session, msg, domain=DOMAIN), actor=SYSTEM)
    return result.filings[0].message_pk


def test_mail_from_a_stranger_waits_in_the_project_queue(session: Session) -> None:
    # Given a member's mail and a stranger's mail to alpha
    team = make_project(session)
    _file(session, inbound(to=(f"proj-alpha@{DOMAIN}",)))
    stranger = _file(
        session,
        inbound(message_id="<s@x>", from_email="s@else.example", to=(f"proj-alpha@{DOMAIN}",)),
    )
    # When alpha's review queue is listed
    queue = review_queue(session, team.project_id)
    # Then only the stranger's mail is in it
    assert [item.message_pk for item in queue] == [stranger]


def test_a_correction_keeps_the_prediction_and_leaves_the_queue(session: Session) -> None:
    # Given a stranger's mail labelled "other" by the classifier
    team = make_project(session)
    pk = _file(session, inbound(from_email="s@else.example", to=(f"proj-alpha@{DOMAIN}",)))
    # When the CRO PM corrects it to "quote"
    row = set_label(session, team.actor(Role.CRO_PM), pk, "quote")
    # Then both labels are kept and the queue is empty
    assert (row.label, row.reviewed_label, row.reviewed_by) == (
        "other",
        "quote",
        team.actor(Role.CRO_PM).person_id,
    )
    assert review_queue(session, team.project_id) == []


def test_an_observer_cannot_relabel(session: Session) -> None:
    team = make_project(session)
    pk = _file(session, inbound(from_email="s@else.example", to=(f"proj-alpha@{DOMAIN}",)))
    with pytest.raises(PermissionDenied):
        set_label(session, team.actor(Role.OBSERVER), pk, "quote")


def test_corrections_export_as_training_records(session: Session) -> None:
    # Given one corrected message
    team = make_project(session)
    pk = _file(session, inbound(subject="Our offer", to=(f"proj-alpha@{DOMAIN}",)))
    set_label(session, team.actor(Role.CRO_PM), pk, "quote")
    out = io.StringIO()
    # When corrections are exported
    count = export_corrections(session, out)
    # Then one JSON line carries the text, the prediction and the correction
    record = json.loads(out.getvalue())
    assert count == 1
    assert (record["subject"], record["predicted"], record["label"]) == (
        "Our offer",
        "other",
        "quote",
    )


def test_unrouted_mail_is_listed_separately(session: Session) -> None:
    # Given an unrouted message
    make_project(session)
    pk = _file(session, inbound(from_email="s@else.example", to=("x@else.example",)))
    # When the unrouted queue is listed
    # Then it is there, with its reason
    (item,) = review_queue(session, unrouted=True)
    assert item.message_pk == pk and item.unrouted_reason is not None
