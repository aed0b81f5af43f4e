"""format=flowed text (RFC 3676) is joined back into the lines its writer typed."""

from __future__ import annotations

from email.message import EmailMessage

from ingest import parse
from ingest.flowed import unflow
from tests.ingest.builders import raw


def test_soft_breaks_join_and_hard_breaks_stay() -> None:
    text = "Runs 7-9 can move to the week of 16 \nMarch; nothing depends on them.\nNew line.\n"
    assert unflow(text) == "Runs 7-9 can move to the week of 16 March; nothing depends on them.\n" \
        "New line.\n"  # fmt: skip


def test_quoted_lines_join_only_at_their_own_depth() -> None:
    text = "> Could you ship \n> on Monday?\nYes, \nMonday works.\n>> older \n>> text\n"
    assert unflow(text).splitlines() == [
        "> Could you ship on Monday?",
        "Yes, Monday works.",
        ">> older text",
    ]


def test_space_stuffing_and_the_signature_separator() -> None:
    text = " From the lab: all \nfine.\n-- \nAnna\n"
    assert unflow(text).splitlines() == ["From the lab: all fine.", "-- ", "Anna"]


def test_delsp_removes_the_space_that_marked_the_break() -> None:
    assert unflow("承認 \nします。\n", delsp=True) == "承認します。\n"


def test_a_flowed_body_is_read_unwrapped() -> None:
    # Given an Apple Mail reply sent as format=flowed
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "a@x.com", "b@y.com", "Re: runs"
    mail.set_content(
        "Agreed on the revised run schedule. Runs 7-9 can move to the week of 16 \n"
        "March.\n\nOn 3 Mar 2026, at 09:14, Max <max@y.com> wrote:\n\n> Can we move runs 7-9?\n"
    )
    mail.replace_header("Content-Type", 'text/plain; charset="utf-8"; format=flowed')
    # When parsed
    parsed = parse(raw(mail))
    # Then the reply text has the sentence whole
    assert parsed.reply_text == (
        "Agreed on the revised run schedule. Runs 7-9 can move to the week of 16 March."
    )
