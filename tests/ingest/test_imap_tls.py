"""TLS and STARTTLS against a real Dovecot with a self-signed certificate."""

from __future__ import annotations

import pytest

from ingest.sources.imap import ImapAuthError, ImapSource
from tests.fixtures.dovecot import DovecotServer, imap_settings, make_message


def test_implicit_tls_fetches_when_the_certificate_is_trusted(
    dovecot_tls_session: DovecotServer,
) -> None:
    # Given a message and settings that trust the server's self-signed certificate
    account = dovecot_tls_session.add_user()
    account.append(make_message("over tls"))
    settings = imap_settings(
        account,
        host="localhost",
        port=dovecot_tls_session.tls_port,
        security="tls",
        tls_ca_file=str(dovecot_tls_session.cert),
    )
    # When fetching over IMAPS
    with ImapSource(settings) as source:
        batches = list(source.fetch_new("INBOX", None))
    # Then the message arrives
    assert [len(b.messages) for b in batches] == [1]


def test_starttls_upgrades_the_plain_port(dovecot_tls_session: DovecotServer) -> None:
    # Given STARTTLS on the plain port with the certificate trusted
    account = dovecot_tls_session.add_user()
    account.append(make_message("after starttls"))
    settings = imap_settings(
        account, host="localhost", security="starttls", tls_ca_file=str(dovecot_tls_session.cert)
    )
    # When fetching
    with ImapSource(settings) as source:
        batches = list(source.fetch_new("INBOX", None))
    # Then the message arrives
    assert [len(b.messages) for b in batches] == [1]


def test_an_untrusted_certificate_gives_up(dovecot_tls_session: DovecotServer) -> None:
    # Given TLS settings that do not trust the self-signed certificate
    account = dovecot_tls_session.add_user()
    settings = imap_settings(
        account, host="localhost", port=dovecot_tls_session.tls_port, security="tls"
    )
    # When connecting
    # Then verification fails as a give-up, not a retry
    with pytest.raises(ImapAuthError, match="certificate"):
        ImapSource(settings).connect()
