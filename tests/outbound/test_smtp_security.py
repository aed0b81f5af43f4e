"""STARTTLS, implicit TLS and AUTH against aiosmtpd listeners that offer them.

The certificate is self-signed for 127.0.0.1 (made with openssl by the `tls_files`
fixture) and trusted through `SmtpSettings.cert_bundle`, so certificate checking stays
on. Setup problems (bad password, untrusted certificate, TLS required but not used)
leave rows pending with the reason: the relay settings, not the message, are at fault.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from outbound import outbox
from outbound.sending import drain_outbox
from outbound.settings import SmtpSettings, TlsMode
from outbound.smtp import SmtpSender
from tests.fixtures.smtp import SmtpListener, StartListener, TlsFiles
from tests.outbound.contexts import outgoing
from tracker.types import OutboxStatus

NOW = datetime(2025, 2, 12, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)
LOGIN = ("mailroom", "s3cret-relay-password")


def _enqueue(factory: sessionmaker[Session], n: int) -> list[int]:
    with factory.begin() as s:
        rows = [outbox.enqueue(s, outgoing(), now=NOW) for _ in range(n)]
    return [r.id for r in rows if r is not None]


def _settings(
    server: SmtpListener, tls: TlsMode, files: TlsFiles, **changes: object
) -> SmtpSettings:
    base = SmtpSettings(
        host=server.host, port=server.port, tls=tls, timeout=5, cert_bundle=files.cert
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _rows(factory: sessionmaker[Session], ids: list[int]) -> list[tuple[OutboxStatus, str | None]]:
    with factory() as s:
        return [(r.status, r.last_error) for r in (outbox.get_row(s, i) for i in ids)]


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelining", "lockstep"])
def test_starttls_with_auth_delivers_over_tls_as_the_login(
    sqlite_sessions: sessionmaker[Session],
    smtp_listener: StartListener,
    tls_files: TlsFiles,
    pipelining: bool,
) -> None:
    # Given a relay that requires STARTTLS and then AUTH
    server = smtp_listener(
        starttls=tls_files, require_starttls=True, login=LOGIN, pipelining=pipelining
    )
    _enqueue(sqlite_sessions, 3)
    user, password = LOGIN
    sender = SmtpSender(
        _settings(server, TlsMode.STARTTLS, tls_files, username=user, password=password)
    )
    # When the outbox is drained
    report = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    # Then every mail arrived encrypted, authenticated, over one connection
    assert report.sent == 3
    assert [(m.secure, m.login) for m in server.messages] == [(True, user)] * 3
    assert server.connections == 1
    assert sender.pipelined_connections == (1 if pipelining else 0)


# aiosmtpd's warning assumes STARTTLS; with implicit TLS there is no plain phase to protect.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_delivers_over_tls(
    sqlite_sessions: sessionmaker[Session], smtp_listener: StartListener, tls_files: TlsFiles
) -> None:
    # Given a relay speaking TLS from the first byte, with AUTH
    server = smtp_listener(implicit_tls=tls_files, login=LOGIN)
    _enqueue(sqlite_sessions, 2)
    user, password = LOGIN
    sender = SmtpSender(_settings(server, TlsMode.TLS, tls_files, username=user, password=password))
    # When drained
    report = drain_outbox(sqlite_sessions, sender, 10, now=NOW)
    # Then both arrived over TLS as the login
    assert report.sent == 2
    assert [(m.secure, m.login) for m in server.messages] == [(True, user)] * 2


def test_wrong_password_keeps_rows_pending_until_the_settings_are_fixed(
    sqlite_sessions: sessionmaker[Session], smtp_listener: StartListener, tls_files: TlsFiles
) -> None:
    # Given a relay with AUTH and a sender with the wrong password
    server = smtp_listener(starttls=tls_files, login=LOGIN)
    ids = _enqueue(sqlite_sessions, 2)
    wrong = _settings(server, TlsMode.STARTTLS, tls_files, username=LOGIN[0], password="nope")
    # When drained
    report = drain_outbox(sqlite_sessions, SmtpSender(wrong), 10, now=NOW)
    # Then nothing was sent or failed for good: both wait, saying why
    assert report.retrying == 2 and server.messages == [] and server.auth_failures >= 1
    assert all(
        s == OutboxStatus.PENDING and "535" in (e or "") for s, e in _rows(sqlite_sessions, ids)
    )
    # And with the password fixed, the same rows drain
    fixed = SmtpSender(replace(wrong, password=LOGIN[1]))
    assert drain_outbox(sqlite_sessions, fixed, 10, now=LATER).sent == 2


def test_untrusted_certificate_is_refused_and_nothing_is_sent(
    sqlite_sessions: sessionmaker[Session], smtp_listener: StartListener, tls_files: TlsFiles
) -> None:
    # Given a relay with a self-signed certificate we were not told to trust
    server = smtp_listener(starttls=tls_files)
    (row_id,) = _enqueue(sqlite_sessions, 1)
    untrusting = _settings(server, TlsMode.STARTTLS, tls_files, cert_bundle=None)
    # When drained
    report = drain_outbox(sqlite_sessions, SmtpSender(untrusting), 10, now=NOW)
    # Then the connection was refused on our side and the row waits, saying why
    assert report.retrying == 1 and server.messages == []
    status, error = _rows(sqlite_sessions, [row_id])[0]
    assert status == OutboxStatus.PENDING and "certificate" in (error or "").lower()


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelining", "lockstep"])
def test_plain_sender_to_a_relay_requiring_starttls_waits_instead_of_failing(
    sqlite_sessions: sessionmaker[Session],
    smtp_listener: StartListener,
    tls_files: TlsFiles,
    pipelining: bool,
) -> None:
    # Given a relay that requires STARTTLS and a sender configured without TLS
    server = smtp_listener(starttls=tls_files, require_starttls=True, pipelining=pipelining)
    (row_id,) = _enqueue(sqlite_sessions, 1)
    plain = _settings(server, TlsMode.NONE, tls_files)
    # When drained
    report = drain_outbox(sqlite_sessions, SmtpSender(plain), 10, now=NOW)
    # Then the 530 counts against the settings, not the message: the row waits
    assert report.retrying == 1
    status, error = _rows(sqlite_sessions, [row_id])[0]
    assert status == OutboxStatus.PENDING and (error or "").startswith("530")
    # And once the sender uses STARTTLS, the row is delivered
    fixed = SmtpSender(replace(plain, tls=TlsMode.STARTTLS))
    assert drain_outbox(sqlite_sessions, fixed, 10, now=LATER).sent == 1
    assert server.messages[0].secure
