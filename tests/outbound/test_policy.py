"""Policy tables: what is never answered, who gets a confirmation, loop and notice limits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from outbound import outbox
from outbound.policy import (
    RecipientMode,
    may_answer,
    may_send_notice,
    notice_dedupe_key,
    rate_limited_recipients,
    select_recipients,
    thread_root,
    within_rate_limit,
)
from outbound.settings import RateLimits
from outbound.types import OutgoingEmail
from tests.outbound.contexts import all_contexts, outgoing

NOW = datetime(2025, 2, 12, 9, 0, tzinfo=UTC)
DOMAIN = "mailroom.example"


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("normal", True),
        ("auto_reply", False),
        ("bounce", False),
        ("list", False),
        ("own", False),
        ("loop", False),
    ],
)
def test_never_answer_table(kind: str, allowed: bool) -> None:
    # Given a message kind from ingest
    # When we ask whether it may be answered
    # Then only normal mail is
    assert may_answer(kind).allowed is allowed


@pytest.mark.parametrize(
    ("mode", "members", "expected"),
    [
        (RecipientMode.SENDER, None, ("pm@cro.example",)),
        (
            RecipientMode.ALL_PARTICIPANTS,
            None,
            ("pm@cro.example", "dana@sponsor.example", "lab@cro.example", "stranger@else.example"),
        ),
        (
            RecipientMode.ALL_PARTICIPANTS,
            {"pm@cro.example", "dana@sponsor.example"},
            ("pm@cro.example", "dana@sponsor.example"),
        ),
    ],
)
def test_recipient_selection_table(
    mode: RecipientMode, members: set[str] | None, expected: tuple[str, ...]
) -> None:
    # Given a message from the CRO PM to the project address, cc'ing people twice
    to = ["proj-acme@mailroom.example", "Dana <Dana@Sponsor.example>"]
    cc = [
        "lab@cro.example",
        "PM@cro.example",
        "mailroom+c-abc@mailroom.example",
        "stranger@else.example",
        "dana@sponsor.example",
    ]
    # When recipients are selected
    got = select_recipients(
        mode, "Pat <pm@cro.example>", to, cc, own_domain=DOMAIN, members=members
    )
    # Then our own addresses and duplicates are dropped, and non-members when members are given
    assert got == expected


def test_thread_root_is_the_oldest_reference() -> None:
    assert thread_root("<c@x>", ("<a@x>", "<b@x>")) == "<a@x>"
    assert thread_root("<c@x>", ()) == "<c@x>"
    assert thread_root(None, ()) is None


def test_rate_limit_stops_a_loop_in_one_thread(session_factory: sessionmaker[Session]) -> None:
    # Given three confirmations already sent to one address in one thread
    limits = RateLimits(per_thread=3, window_seconds=3600)
    refs = ("<root@cro.example>", "<r2@cro.example>")
    with session_factory.begin() as s:
        for _ in range(3):
            outbox.enqueue(s, outgoing(in_reply_to="<r2@cro.example>", references=refs), now=NOW)
    # When a fourth is considered, in that thread and in another
    with session_factory() as s:
        same = within_rate_limit(s, "pm@cro.example", "<root@cro.example>", limits, NOW)
        other = within_rate_limit(s, "pm@cro.example", "<other@cro.example>", limits, NOW)
        later = within_rate_limit(
            s, "pm@cro.example", "<root@cro.example>", limits, NOW + timedelta(hours=2)
        )
    # Then only the same thread within the window is refused
    assert not same.allowed and other.allowed and later.allowed


def test_rate_limited_recipients_drops_only_the_looping_address(
    session_factory: sessionmaker[Session],
) -> None:
    # Given one earlier confirmation to pm@ in a thread, with a limit of one
    limits = RateLimits(per_thread=1, window_seconds=3600)
    with session_factory.begin() as s:
        outbox.enqueue(s, outgoing(in_reply_to="<root@cro.example>"), now=NOW)
    # When the next confirmation in that thread goes to pm@ and dana@
    with session_factory() as s:
        kept = rate_limited_recipients(
            s,
            ("pm@cro.example", "dana@sponsor.example"),
            "<x@cro.example>",
            ("<root@cro.example>",),
            limits,
            NOW,
        )
    # Then only dana@ still gets it
    assert kept == ("dana@sponsor.example",)


def test_notice_goes_only_to_known_members() -> None:
    members = {"dana@sponsor.example"}
    assert may_send_notice("Dana@Sponsor.example", members).allowed
    assert not may_send_notice("spammer@else.example", members).allowed


def test_notice_is_sent_once_per_address_reason_and_day(
    session_factory: sessionmaker[Session],
) -> None:
    # Given a refused-mail notice for an address, reason and day
    def notice(day: date, reason: str = "unknown_project") -> OutgoingEmail:
        key = notice_dedupe_key("Dana@Sponsor.example", reason, day)
        return outgoing("refused_notice", recipients=("dana@sponsor.example",), dedupe_key=key)

    # When the same notice is enqueued twice that day, then again the next day / other reason
    with session_factory.begin() as s:
        first = outbox.enqueue(s, notice(date(2025, 2, 12)), now=NOW)
        repeat = outbox.enqueue(s, notice(date(2025, 2, 12)), now=NOW)
        other_reason = outbox.enqueue(s, notice(date(2025, 2, 12), "unknown_sender"), now=NOW)
        next_day = outbox.enqueue(s, notice(date(2025, 2, 13)), now=NOW)
    # Then only the repeat is suppressed
    assert first is not None and repeat is None
    assert other_reason is not None and next_day is not None


def test_refused_notice_context_names_no_project() -> None:
    # Given the refused-notice context type
    ctx = all_contexts()["refused_notice"]
    # When its fields are listed
    # Then it has no project field to leak project data with
    assert not hasattr(ctx, "project")
