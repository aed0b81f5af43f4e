"""IMAP settings validation and the backoff helper (no server needed)."""

from __future__ import annotations

import random

import pytest

from ingest.sources.imap import Backoff, ImapConfigError, ImapGiveUp, ImapSettings


def _settings(**overrides: object) -> ImapSettings:
    values: dict[str, object] = {"host": "imap.example.org", "username": "u", "password": "p"}
    values.update(overrides)
    return ImapSettings(**values)  # type: ignore[arg-type]


def test_defaults_are_tls_inbox_and_no_post_processing() -> None:
    settings = _settings()
    assert (settings.security, settings.folders, settings.post_process) == ("tls", ("INBOX",), None)


def test_plaintext_to_a_remote_host_is_refused() -> None:
    # Given security "none" and a host that is not loopback
    # When the settings are built
    # Then they are refused, as a give-up the caller reports
    with pytest.raises(ImapConfigError, match="plaintext"):
        _settings(security="none")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"])
def test_plaintext_to_loopback_is_allowed(host: str) -> None:
    assert _settings(host=host, security="none").security == "none"


def test_a_name_that_merely_resolves_to_loopback_is_not_trusted_for_plaintext() -> None:
    with pytest.raises(ImapConfigError):
        _settings(host="localhost.evil.example", security="none")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("security", "ssl"),
        ("batch_size", 0),
        ("idle_timeout", 30 * 60),
        ("folders", ()),
        ("post_process", ("delete", "x")),
        ("post_process", ("move", "")),
        ("backoff_base", 500.0),  # above the default cap of 300 s
    ],
)
def test_bad_settings_are_refused(field: str, value: object) -> None:
    with pytest.raises(ImapGiveUp):
        _settings(**{field: value})


def test_the_password_is_not_in_the_repr() -> None:
    assert "hunter2" not in repr(_settings(password="hunter2"))


def test_backoff_grows_from_base_and_never_exceeds_cap() -> None:
    # Given a backoff with base 1 s and cap 8 s
    backoff = Backoff(1.0, 8.0, random.Random(7))
    # When ten delays are drawn
    delays = [backoff.next_delay() for _ in range(10)]
    # Then each lies in [ceiling/2, ceiling] for ceilings 1, 2, 4, 8, 8, …
    ceilings = [1, 2, 4, 8, 8, 8, 8, 8, 8, 8]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert backoff.attempts == 10


def test_backoff_reset_starts_again_from_base() -> None:
    # Given a backoff that has grown
    backoff = Backoff(1.0, 60.0, random.Random(1))
    for _ in range(5):
        backoff.next_delay()
    # When it is reset after a success
    backoff.reset()
    # Then the next delay is back at the base range
    assert 0.5 <= backoff.next_delay() <= 1.0


def test_backoff_jitter_spreads_delays_of_equal_attempts() -> None:
    # Given many pollers at the same attempt
    delays = {Backoff(1.0, 60.0, random.Random(seed)).next_delay() for seed in range(20)}
    # Then they do not all wait the same time
    assert len(delays) > 1
