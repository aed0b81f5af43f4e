"""Signed, expiring, single-use reply tokens for approval requests.

A token is 40 characters of lower-case base32: a random 16-character token id, then
a 24-character HMAC-SHA256 signature (truncated to 120 bits) over
`token_id | project | change | approver | expiry`. Lower case and no punctuation, so
it survives in an address local part (`mailroom+c-<token>@domain`, where some servers
fold case) and inside a Message-ID (`<mr.c-<token>.<hex>@domain>`).

The signed fields live in the `reply_tokens` row; `check_token` recomputes the
signature from the row, so editing the row (say, pointing it at another change) breaks
the token just as editing the text does. Comparison is constant-time. Checks, in
order: malformed, unknown, bad signature, used, expired, wrong approver.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models.token import ReplyToken
from tracker.types import TokenCheck, TokenStatus

ID_CHARS = 16
SIG_CHARS = 24
TOKEN_RE = re.compile(rf"[a-z2-7]{{{ID_CHARS + SIG_CHARS}}}")
TOKEN_IN_TEXT_RE = re.compile(rf"c-([a-z2-7]{{{ID_CHARS + SIG_CHARS}}})", re.IGNORECASE)


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()


def _signature(
    secret: bytes,
    token_id: str,
    project_id: int,
    change_id: int,
    approver_id: int,
    expires_at: datetime,
) -> str:
    payload = f"{token_id}|{project_id}|{change_id}|{approver_id}|{int(expires_at.timestamp())}"
    digest = hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest()
    return _b32(digest[:15])


def _row_signature(secret: bytes, row: ReplyToken) -> str:
    return _signature(
        secret, row.token_id, row.project_id, row.change_id, row.approver_id, row.expires_at
    )


def issue_token(
    session: Session,
    secret: bytes,
    project_id: int,
    change_id: int,
    approver_id: int,
    ttl: timedelta,
    *,
    now: datetime | None = None,
) -> str:
    """Create a token for one approver of one change, valid for `ttl`."""
    now = now or utcnow()
    expires_at = (now + ttl).replace(microsecond=0)  # whole seconds: what the HMAC signs
    token_id = _b32(secrets.token_bytes(10))
    row = ReplyToken(
        token_id=token_id,
        project_id=project_id,
        change_id=change_id,
        approver_id=approver_id,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return token_id + _row_signature(secret, row)


def find_token(text: str) -> str | None:
    """The token inside an address or Message-ID (`...c-<token>...`), if any."""
    match = TOKEN_IN_TEXT_RE.search(text)
    return match.group(1).lower() if match else None


def token_row(session: Session, token: str) -> ReplyToken | None:
    """The stored row of a well-formed token (signature NOT checked: routing hint only)."""
    token = token.strip().lower()
    if not TOKEN_RE.fullmatch(token):
        return None
    stmt = select(ReplyToken).where(ReplyToken.token_id == token[:ID_CHARS])
    return session.scalar(stmt.execution_options(populate_existing=True))


def _result(status: TokenStatus, row: ReplyToken | None = None) -> TokenCheck:
    if row is None:
        return TokenCheck(status=status)
    return TokenCheck(
        status=status,
        token_id=row.token_id,
        project_id=row.project_id,
        change_id=row.change_id,
        approver_id=row.approver_id,
        expires_at=row.expires_at,
    )


def check_token(
    session: Session,
    secret: bytes,
    token: str,
    *,
    approver_id: int | None = None,
    now: datetime | None = None,
) -> TokenCheck:
    """Check a token; with `approver_id`, also that it was sent to that person."""
    token = token.strip().lower()
    if not TOKEN_RE.fullmatch(token):
        return _result(TokenStatus.MALFORMED)
    row = token_row(session, token)
    if row is None:
        return _result(TokenStatus.UNKNOWN)
    if not hmac.compare_digest(_row_signature(secret, row), token[ID_CHARS:]):
        return TokenCheck(status=TokenStatus.BAD_SIGNATURE, token_id=row.token_id)
    if row.used_at is not None:
        return _result(TokenStatus.USED, row)
    if (now or utcnow()) >= row.expires_at:
        return _result(TokenStatus.EXPIRED, row)
    if approver_id is not None and approver_id != row.approver_id:
        return _result(TokenStatus.WRONG_APPROVER, row)
    return _result(TokenStatus.VALID, row)


def consume_token(
    session: Session,
    secret: bytes,
    token: str,
    *,
    approver_id: int,
    message_id: int | None,
    now: datetime | None = None,
) -> TokenCheck:
    """Check and use a token once. A second use (even concurrent) reports `used`."""
    now = now or utcnow()
    result = check_token(session, secret, token, approver_id=approver_id, now=now)
    if not result.valid:
        return result
    stmt = (
        update(ReplyToken)
        .where(ReplyToken.token_id == result.token_id, ReplyToken.used_at.is_(None))
        .values(used_at=now, used_message_id=message_id)
        .execution_options(synchronize_session=False)
    )
    if session.execute(stmt).rowcount != 1:  # type: ignore[attr-defined]
        return replace(result, status=TokenStatus.USED)
    return result
