"""Reply tokens: signed, expiring, single use, bound to one approver."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from tests.tracker.support import SECRET, make_project
from tracker.models.token import ReplyToken
from tracker.tokens import TOKEN_RE, check_token, consume_token, find_token, issue_token
from tracker.types import Role, TokenStatus

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _issue(session: Session) -> tuple[str, int, int]:
    team = make_project(session)
    approver = team.actor(Role.SPONSOR_APPROVER).person_id or 0
    token = issue_token(session, SECRET, team.project_id, 5, approver, timedelta(days=7), now=NOW)
    session.commit()
    return token, approver, team.project_id


def test_a_fresh_token_is_valid_for_its_approver(session: Session) -> None:
    # Given a token issued to the approver for change 5
    token, approver, project_id = _issue(session)
    # When it is checked for that approver
    result = check_token(session, SECRET, token, approver_id=approver, now=NOW)
    # Then it is valid and names the project and change
    assert result.status is TokenStatus.VALID
    assert (result.project_id, result.change_id, result.approver_id) == (project_id, 5, approver)


def test_token_text_fits_an_address_local_part_and_a_message_id(session: Session) -> None:
    # Given a token
    token, _, _ = _issue(session)
    # When it is embedded in an address and a Message-ID
    address = f"mailroom+c-{token}@mailroom.example"
    message_id = f"<mr.c-{token}.0123abcd@mailroom.example>"
    # Then it is lower-case base32 and can be found again in both
    assert TOKEN_RE.fullmatch(token) and len(address.split("@")[0]) <= 64
    assert find_token(address) == token and find_token(message_id) == token


def test_a_tampered_token_has_a_bad_signature(session: Session) -> None:
    # Given a token with one signature character changed
    token, approver, _ = _issue(session)
    tampered = token[:-1] + ("a" if token[-1] != "a" else "b")
    # When it is checked
    result = check_token(session, SECRET, tampered, approver_id=approver, now=NOW)
    # Then the signature does not match
    assert result.status is TokenStatus.BAD_SIGNATURE


def test_editing_the_stored_token_row_breaks_the_signature(session: Session) -> None:
    # Given a token for change 5, whose row is then pointed at change 6
    token, approver, _ = _issue(session)
    session.execute(update(ReplyToken).values(change_id=6))
    session.commit()
    # When it is checked
    result = check_token(session, SECRET, token, approver_id=approver, now=NOW)
    # Then it is refused
    assert result.status is TokenStatus.BAD_SIGNATURE


def test_a_token_signed_with_another_secret_is_refused(session: Session) -> None:
    # Given a valid token
    token, approver, _ = _issue(session)
    # When checked with a different secret
    result = check_token(session, b"other-secret", token, approver_id=approver, now=NOW)
    # Then it is refused
    assert result.status is TokenStatus.BAD_SIGNATURE


def test_an_expired_token_is_refused(session: Session) -> None:
    # Given a 7-day token
    token, approver, _ = _issue(session)
    # When checked 8 days later
    later = NOW + timedelta(days=8)
    result = check_token(session, SECRET, token, approver_id=approver, now=later)
    # Then it has expired
    assert result.status is TokenStatus.EXPIRED


def test_a_token_works_once(session: Session) -> None:
    # Given a token consumed by its approver
    token, approver, _ = _issue(session)
    first = consume_token(session, SECRET, token, approver_id=approver, message_id=11, now=NOW)
    session.commit()
    # When it is used again
    second = consume_token(session, SECRET, token, approver_id=approver, message_id=12, now=NOW)
    # Then the first use counted and the second is refused as used
    assert first.status is TokenStatus.VALID
    assert second.status is TokenStatus.USED


def test_someone_else_presenting_the_token_is_refused(session: Session) -> None:
    # Given a token issued to the approver
    token, approver, _ = _issue(session)
    # When the sponsor PM presents it
    result = consume_token(
        session, SECRET, token, approver_id=approver + 1, message_id=None, now=NOW
    )
    session.commit()
    # Then it is refused as the wrong approver, and stays usable for the approver
    assert result.status is TokenStatus.WRONG_APPROVER
    assert check_token(session, SECRET, token, approver_id=approver, now=NOW).valid


def test_a_well_formed_but_unknown_token_is_unknown(session: Session) -> None:
    # Given no token was ever issued with this id
    _issue(session)
    # When a made-up token is checked
    result = check_token(session, SECRET, "a" * 40, now=NOW)
    # Then it is unknown
    assert result.status is TokenStatus.UNKNOWN


def test_garbage_is_malformed(session: Session) -> None:
    # Given text that is not a token
    # When it is checked
    result = check_token(session, SECRET, "not-a-token!", now=NOW)
    # Then it is malformed
    assert result.status is TokenStatus.MALFORMED
