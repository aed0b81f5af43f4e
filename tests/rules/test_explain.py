"""`explain` renders a Decision as readable ✔/✘ lines."""

from __future__ import annotations

from pathlib import Path

from rules import (
    Event,
    Label,
    MessageClassified,
    ReplyAbout,
    ReplyDecided,
    ReplyDecision,
    evaluate,
    explain,
    load_ruleset,
)
from tracker.types import Role, ServiceType

RULES = """\
- name: quote-from-cro
  when: message_classified
  if:
    all:
      - label: {eq: quote}
      - check: sender_is_cro
  do:
    - record_quote
    - send: {template: document_filed, to: sender}

- name: catch-all
  when: message_classified
  do: [flag_for_review: unmatched]
  stop: true
"""


def test_explain_lists_hits_misses_actions_and_the_stop(tmp_path: Path) -> None:
    # Given two rules and a message that is not a quote
    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    facts = MessageClassified(
        "p1", ServiceType.GENOMICS, Label.OTHER, 0.9, frozenset({Role.CRO_PM}), True
    )

    # When the decision is explained
    text = explain(evaluate(load_ruleset([path]), Event.MESSAGE_CLASSIFIED, facts))

    # Then each rule checked has its line, with actions under hits
    assert text.splitlines() == [
        "message_classified: 1 hit, 1 miss, stopped by catch-all",
        "✘ quote-from-cro: label eq quote failed (was other)",
        "✔ catch-all: no conditions",
        "    → flag_for_review unmatched",
    ]


def test_explain_shows_every_action_of_a_hit(tmp_path: Path) -> None:
    # Given a CRO quote
    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    facts = MessageClassified(
        "p1", ServiceType.GENOMICS, Label.QUOTE, 0.9, frozenset({Role.CRO_PM}), True
    )

    # When the decision is explained
    lines = explain(evaluate(load_ruleset([path]), "message_classified", facts)).splitlines()

    # Then the hit shows why and both its actions, arguments included
    assert lines[1:4] == [
        "✔ quote-from-cro: label eq quote, check sender_is_cro",
        "    → record_quote",
        "    → send document_filed to=sender",
    ]


def test_explain_says_when_no_rule_applies(tmp_path: Path) -> None:
    # Given rules for messages only
    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    ruleset = load_ruleset([path])

    # When a reply event is explained
    facts = ReplyDecided("p1", ServiceType.GENOMICS, ReplyDecision.APPROVE, ReplyAbout.CHANGE)
    text = explain(evaluate(ruleset, Event.REPLY_DECIDED, facts))

    # Then it says so
    assert text.splitlines() == ["reply_decided: 0 hits, 0 misses", "(no rules for this event)"]
