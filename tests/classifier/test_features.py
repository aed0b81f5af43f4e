"""What the bag-of-words model is given to read."""

from __future__ import annotations

from classifier.features import message_text


def test_a_link_is_read_as_its_words_without_its_ids() -> None:
    # Given a mail with a calendar link full of random ids and a link to a shared report
    body = (
        "Join the call: https://calendar.google.com/calendar/event?action=RESPOND"
        "&eid=NXExaGQ5azJjN3YwYjNzOHI0bTZuMXAwdDI&rst=1\n"
        "Report: https://acme.sharepoint.com/sites/Studies/Final_Report_v2.pdf"
    )
    # When the model's text is built
    text = message_text("Kickoff", body)
    # Then the link is marked once, its words stay, and its ids are gone
    assert text.endswith(" xlink")
    assert "sharepoint" in text and "final" in text and "report" in text
    assert "nxexagq" not in text and "eid=" not in text and "://" not in text


def test_text_without_a_link_is_unchanged() -> None:
    # Given a mail with no link, When its model text is built, Then nothing is removed
    assert message_text("Invoice", "Amount due: EUR 1,200.") == "invoice\namount due: eur 0,000.\n"
