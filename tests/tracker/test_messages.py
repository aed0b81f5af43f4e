"""Filing messages: per-project dedupe, documents, versions, unrouted mail."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.tracker.support import DOMAIN, SYSTEM, document, inbound, make_project
from tracker import audit
from tracker.models.message import Document, Message, MessageReference, Thread
from tracker.models.milestone import Milestone
from tracker.operations.messages import document_family, file_message
from tracker.routing import route
from tracker.types import FilingOutcome, InboundMessage, UnroutedReason


def _file(session: Session, msg: InboundMessage):
    return file_message(session, msg, route(session, msg, domain=DOMAIN), actor=SYSTEM)


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_routed_message_is_filed_with_its_route(session: Session) -> None:
    # Given project alpha
    team = make_project(session)
    # When a member's mail to its address is filed
    result = _file(session, inbound(to=(f"proj-alpha@{DOMAIN}",)))
    session.commit()
    # Then one message row records the project and the rule, not needing review
    (filing,) = result.filings
    row = session.get(Message, filing.message_pk)
    assert filing.outcome is FilingOutcome.FILED and row is not None
    assert (row.project_id, row.route_rule, row.needs_review) == (
        team.project_id,
        "sub_address",
        False,
    )


def test_the_same_mail_twice_is_a_duplicate_with_no_new_rows(session: Session) -> None:
    # Given a filed message with a document
    make_project(session)
    msg = inbound(to=(f"proj-alpha@{DOMAIN}",), documents=(document("q.pdf", "quote 1"),))
    _file(session, msg)
    session.commit()
    counts = [_count(session, m) for m in (Message, Document, Thread, MessageReference)]
    # When exactly the same mail is filed again
    again = _file(session, msg)
    # Then it is reported as a duplicate and nothing was added
    assert again.duplicate
    assert [_count(session, m) for m in (Message, Document, Thread, MessageReference)] == counts


def test_the_same_message_id_with_other_bytes_is_a_duplicate(session: Session) -> None:
    # Given a filed message
    make_project(session)
    _file(session, inbound(to=(f"proj-alpha@{DOMAIN}",)))
    # When the same Message-ID arrives with different raw bytes (another Received: line)
    again = _file(session, inbound(to=(f"proj-alpha@{DOMAIN}",), raw="other bytes"))
    # Then it is still a duplicate in that project
    assert again.duplicate


def test_a_message_to_two_projects_is_filed_in_each(session: Session) -> None:
    # Given two projects
    make_project(session, "alpha")
    make_project(session, "beta")
    msg = inbound(to=(f"proj-alpha@{DOMAIN}", f"proj-beta@{DOMAIN}"))
    # When it is filed, and filed again
    first = _file(session, msg)
    second = _file(session, msg)
    # Then each project got one row, and the second run is a duplicate in both
    assert [f.outcome for f in first.filings] == [FilingOutcome.FILED] * 2
    assert [f.outcome for f in second.filings] == [FilingOutcome.DUPLICATE] * 2
    assert _count(session, Message) == 2


def test_an_unrouted_message_is_kept_with_its_reason(session: Session) -> None:
    # Given no matching project
    make_project(session)
    # When a stranger's mail without project address is filed
    result = _file(session, inbound(from_email="x@else.example", to=("y@else.example",)))
    # Then it is kept without a project, for review, with the reason
    (filing,) = result.filings
    row = session.get(Message, filing.message_pk)
    assert filing.outcome is FilingOutcome.UNROUTED and row is not None
    assert (row.project_id, row.unrouted_reason, row.needs_review) == (
        None,
        UnroutedReason.UNKNOWN_SENDER,
        True,
    )


def test_mail_from_a_non_member_needs_review(session: Session) -> None:
    # Given project alpha
    make_project(session)
    # When a stranger writes to its address
    result = _file(session, inbound(from_email="x@else.example", to=(f"proj-alpha@{DOMAIN}",)))
    # Then it is filed but marked for review
    row = session.get(Message, result.filings[0].message_pk)
    assert row is not None and row.needs_review


def test_a_second_quote_is_version_two_superseding_the_first(session: Session) -> None:
    # Given a quote filed in alpha
    make_project(session)
    first = _file(
        session,
        inbound(to=(f"proj-alpha@{DOMAIN}",), documents=(document("Quote Q-17.pdf", "v1"),)),
    )
    # When a revised quote with another name arrives in a later mail
    second = _file(
        session,
        inbound(
            message_id="<m2@sender.example>",
            to=(f"proj-alpha@{DOMAIN}",),
            documents=(document("Q-17 Rev B.pdf", "v2"),),
        ),
    )
    # Then it is version 2 of the quote family and supersedes version 1
    v1 = session.get(Document, first.filings[0].document_ids[0])
    v2 = session.get(Document, second.filings[0].document_ids[0])
    assert v1 is not None and v2 is not None
    assert (v2.family, v2.version, v2.supersedes_id) == ("quote", 2, v1.id)


def test_the_same_attachment_in_another_mail_is_one_document(session: Session) -> None:
    # Given a filed document
    make_project(session)
    doc = document("data.xlsx", "bytes", label="deliverable")
    first = _file(session, inbound(to=(f"proj-alpha@{DOMAIN}",), documents=(doc,)))
    # When another mail carries the same bytes
    second = _file(
        session,
        inbound(message_id="<m2@s.example>", to=(f"proj-alpha@{DOMAIN}",), documents=(doc,)),
    )
    # Then it links to the same document and creates none
    assert second.filings[0].document_ids == first.filings[0].document_ids
    assert second.filings[0].new_document_ids == ()


def test_the_same_attachment_in_two_projects_is_two_documents(session: Session) -> None:
    # Given two projects
    make_project(session, "alpha")
    make_project(session, "beta")
    doc = document("q.pdf", "same bytes")
    # When one mail with the document goes to both
    result = _file(
        session,
        inbound(to=(f"proj-alpha@{DOMAIN}", f"proj-beta@{DOMAIN}"), documents=(doc,)),
    )
    # Then each project has its own document row, version 1
    ids = [f.document_ids[0] for f in result.filings]
    versions = [session.get(Document, i).version for i in ids]  # type: ignore[union-attr]
    assert len(set(ids)) == 2 and versions == [1, 1]


def test_a_document_links_to_the_named_milestone(session: Session) -> None:
    # Given project alpha with a samples_received milestone
    team = make_project(session)
    doc = document("manifest.csv", "rows", label="sample_sheet", milestone="samples_received")
    # When a document is filed for that milestone
    result = _file(session, inbound(to=(f"proj-alpha@{DOMAIN}",), documents=(doc,)))
    # Then it is linked
    row = session.get(Document, result.filings[0].document_ids[0])
    milestone = session.scalar(
        select(Milestone).where(
            Milestone.project_id == team.project_id, Milestone.key == "samples_received"
        )
    )
    assert row is not None and milestone is not None and row.milestone_id == milestone.id


def test_replies_share_a_thread_and_keep_their_references(session: Session) -> None:
    # Given a first message filed in alpha
    make_project(session)
    first = _file(session, inbound(message_id="<a@x>", to=(f"proj-alpha@{DOMAIN}",)))
    # When a reply arrives
    reply = _file(
        session,
        inbound(message_id="<b@x>", in_reply_to="<a@x>", references=("<a@x>",), raw="b"),
    )
    # Then both sit in one thread and the reply's chain is stored
    a = session.get(Message, first.filings[0].message_pk)
    b = session.get(Message, reply.filings[0].message_pk)
    assert a is not None and b is not None and a.thread_id == b.thread_id
    refs = session.scalars(select(MessageReference.ref).where(MessageReference.message_pk == b.id))
    assert list(refs) == ["a@x"]


def test_filing_writes_one_audit_event_per_project(session: Session) -> None:
    # Given project alpha (its creation and memberships are already audited)
    team = make_project(session)
    before = audit.verify(session, team.project_id).checked
    # When a message is filed
    _file(session, inbound(to=(f"proj-alpha@{DOMAIN}",)))
    session.commit()
    # Then one more event is in the chain, and the chain verifies
    result = audit.verify(session, team.project_id)
    assert result.ok and result.checked == before + 1
    assert audit.events(session, team.project_id)[-1].action == "message_filed"


def test_document_families() -> None:
    assert document_family("quote", "anything.pdf") == "quote"
    assert document_family("deliverable", "Draft_Report_v2.pdf") == document_family(
        "deliverable", "report final.pdf"
    )
    assert document_family("other", "logo.png") is None
