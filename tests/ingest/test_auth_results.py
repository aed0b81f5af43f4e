"""Table tests for `ingest.auth_results`: only the trusted server's topmost verdict counts."""

from __future__ import annotations

import pytest

from ingest.auth_results import aligned, dmarc_verdict, parse_authentication_results

TRUSTED = "mx.mailroom.example"
AR = "Authentication-Results"


@pytest.mark.parametrize(
    ("headers", "passed", "method"),
    [
        pytest.param(
            [(AR, f"{TRUSTED}; dmarc=pass header.from=sponsor.example")],
            True,
            "dmarc",
            id="dmarc-pass",
        ),
        pytest.param(
            [(AR, f"{TRUSTED}; dkim=pass header.d=sponsor.example; dmarc=none")],
            True,
            "dkim",
            id="dkim-same-domain",
        ),
        pytest.param(
            [(AR, f"{TRUSTED}; dkim=pass header.d=esp-mailer.example")],
            False,
            None,
            id="dkim-unaligned",
        ),
        pytest.param(
            [
                (
                    AR,
                    f"{TRUSTED}; dmarc=fail header.from=sponsor.example; "
                    "dkim=pass header.d=sponsor.example",
                )
            ],
            False,
            None,
            id="dmarc-fail-beats-dkim",
        ),
        pytest.param(
            [(AR, f"{TRUSTED}; spf=pass smtp.mailfrom=sponsor.example")],
            False,
            None,
            id="spf-alone-is-not-enough",
        ),
        pytest.param([(AR, f"{TRUSTED}; none")], False, None, id="no-results"),
        pytest.param([], False, None, id="no-header"),
    ],
)
def test_verdict_table(headers: list[tuple[str, str]], passed: bool, method: str | None) -> None:
    # Given Authentication-Results headers for mail From sponsor.example
    # When the trusted server's verdict is read
    verdict = dmarc_verdict(headers, TRUSTED, "sponsor.example")
    # Then it passes only on DMARC pass or aligned DKIM
    assert (verdict.passed, verdict.method) == (passed, method), verdict.reason


def test_spoofed_pass_below_the_trusted_header_is_ignored() -> None:
    # Given our server's real verdict on top and a forged pass with our id below it
    headers = [
        (AR, f"{TRUSTED}; dkim=fail header.d=sponsor.example; dmarc=fail"),
        ("Received", "from attacker.example by mx.mailroom.example"),
        (AR, f"{TRUSTED}; dmarc=pass header.from=sponsor.example"),
    ]
    # When the verdict is read
    verdict = dmarc_verdict(headers, TRUSTED, "sponsor.example")
    # Then only the topmost trusted header counts
    assert not verdict.passed


def test_pass_from_another_authserv_id_is_ignored() -> None:
    # Given a pass written by some other server (or the sender) and nothing from ours
    headers = [(AR, "mx.attacker.example; dmarc=pass header.from=sponsor.example")]
    # When the verdict is read for our trusted id
    verdict = dmarc_verdict(headers, TRUSTED, "sponsor.example")
    # Then it does not pass
    assert not verdict.passed
    assert "no Authentication-Results" in verdict.reason


def test_trusted_header_below_a_foreign_one_still_counts() -> None:
    # Given a foreign header added above ours (e.g. by a later internal hop)
    headers = [
        (AR, "internal-relay.example; dmarc=fail"),
        (AR, f"{TRUSTED}; dmarc=pass header.from=sponsor.example"),
    ]
    # When the verdict is read
    verdict = dmarc_verdict(headers, TRUSTED, "sponsor.example")
    # Then our server's header is the one used
    assert verdict.passed and verdict.method == "dmarc"


def test_dkim_from_parent_domain_is_aligned() -> None:
    # Given DKIM signed by the parent of the From domain
    headers = [(AR, f"{TRUSTED}; dkim=pass header.d=sponsor.example header.s=sel1")]
    # When mail From lab.sponsor.example is checked
    verdict = dmarc_verdict(headers, TRUSTED, "lab.sponsor.example")
    # Then DKIM is aligned and passes
    assert verdict.passed and verdict.method == "dkim"


def test_dkim_from_a_subdomain_does_not_align_to_parent_from() -> None:
    # Given DKIM signed by a sub-domain only
    headers = [(AR, f"{TRUSTED}; dkim=pass header.d=mail.sponsor.example")]
    # When mail From the parent domain is checked
    verdict = dmarc_verdict(headers, TRUSTED, "sponsor.example")
    # Then it is not aligned ("same or parent domain" only)
    assert not verdict.passed


def test_dmarc_pass_for_a_different_from_domain_does_not_count() -> None:
    # Given a DMARC pass evaluated for another From domain
    headers = [(AR, f"{TRUSTED}; dmarc=pass header.from=other.example")]
    # When checked against sponsor.example
    verdict = dmarc_verdict(headers, TRUSTED, "sponsor.example")
    # Then it does not pass
    assert not verdict.passed


def test_comments_quotes_folding_and_case_are_handled() -> None:
    # Given a folded header with comments, a version, quoted values and odd case
    value = (
        f'{TRUSTED.upper()} 1;\r\n\tdkim=pass (2048-bit key; secure) header.d="sponsor.example"'
        " header.i=@sponsor.example;\r\n dmarc = pass (p=reject dis=none)"
        " header.from=sponsor.example"
    )
    # When parsed
    parsed = parse_authentication_results(value)
    # Then the id, methods, results and properties come out clean
    assert parsed is not None
    assert parsed.authserv_id == TRUSTED
    assert [(r.method, r.result) for r in parsed.results] == [("dkim", "pass"), ("dmarc", "pass")]
    assert parsed.results[0].prop("header.d") == "sponsor.example"


def test_bare_tld_signer_is_never_aligned() -> None:
    # Given a signing domain that is a bare TLD
    # When alignment is checked
    # Then it is refused even though it is a "parent" of the From domain
    assert not aligned("example", "sponsor.example")
