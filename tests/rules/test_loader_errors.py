"""Every loader error is one line, `file:line: message`, pointing at the offending YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import RuleError, load_ruleset

# (case, rule file text, line of the error, start of the message)
CASES = [
    (
        "unknown-event",
        """\
- name: a
  when: message_recieved
  stop: true
""",
        2,
        "unknown event 'message_recieved' (did you mean 'message_classified'?)",
    ),
    (
        "unknown-action",
        """\
- name: a
  when: message_classified
  do:
    - record_quote
    - start_milstone: kickoff_held
""",
        5,
        "unknown action 'start_milstone' (did you mean 'start_milestone'?)",
    ),
    (
        "unknown-operator",
        """\
- name: a
  when: message_classified
  if:
    confidence: {greater: 0.5}
  stop: true
""",
        4,
        "unknown operator 'greater'",
    ),
    (
        "unknown-field",
        """\
- name: a
  when: message_classified
  if:
    all:
      - label: {eq: quote}
      - lable: {eq: quote}
  stop: true
""",
        6,
        "unknown field 'lable' for message_classified (did you mean 'label'?)",
    ),
    (
        "field-of-another-event",
        """\
- name: a
  when: schedule_tick
  if:
    label: {eq: quote}
  stop: true
""",
        4,
        "unknown field 'label' for schedule_tick",
    ),
    (
        "operator-not-for-kind",
        """\
- name: a
  when: message_classified
  if:
    label: {gte: quote}
  stop: true
""",
        4,
        "operator 'gte' does not apply to label (enum)",
    ),
    (
        "bad-number",
        """\
- name: a
  when: message_classified
  if:
    confidence: {gte: high}
  stop: true
""",
        4,
        "bad value for confidence gte: expected a number, got 'high'",
    ),
    (
        "bad-enum-value",
        """\
- name: a
  when: message_classified
  if:
    label: {in: [quote, quotation]}
  stop: true
""",
        4,
        "bad value for label in: 'quotation' is not one of",
    ),
    (
        "bad-bool",
        """\
- name: a
  when: message_classified
  if:
    is_reply: {eq: maybe}
  stop: true
""",
        4,
        "bad value for is_reply eq: expected true or false, got 'maybe'",
    ),
    (
        "in-needs-list",
        """\
- name: a
  when: message_classified
  if:
    label: {in: quote}
  stop: true
""",
        4,
        "bad value for label in: expected a non-empty list",
    ),
    (
        "bad-regex",
        """\
- name: a
  when: message_classified
  if:
    subject: {matches: "PRJ-(["}
  stop: true
""",
        4,
        "bad value for subject matches: bad regular expression 'PRJ-(['",
    ),
    (
        "bad-span",
        """\
- name: a
  when: milestone_overdue
  if:
    last_reminded: {older_than: soon}
  stop: true
""",
        4,
        "bad value for last_reminded older_than: expected a span like 7d or 2w",
    ),
    (
        "older-than-needs-as-of",
        """\
- name: a
  when: schedule_tick
  if:
    hour: {older_than: 3d}
  stop: true
""",
        4,
        "operator 'older_than' does not apply to hour (number)",
    ),
    (
        "unknown-predicate",
        """\
- name: a
  when: message_classified
  if:
    check: sender_is_crow
  stop: true
""",
        4,
        "unknown predicate 'sender_is_crow' (did you mean 'sender_is_cro'?)",
    ),
    (
        "predicate-for-another-event",
        """\
- name: a
  when: message_classified
  if:
    check: firm_approval
  stop: true
""",
        4,
        "predicate 'firm_approval' does not apply to message_classified",
    ),
    (
        "duplicate-name-in-file",
        """\
- name: a
  when: message_classified
  stop: true

- name: a
  when: reply_decided
  stop: true
""",
        5,
        "duplicate rule name 'a' (first at ",
    ),
    (
        "unknown-template",
        """\
- name: a
  when: message_classified
  do:
    - send: quote_recieved
""",
        4,
        "send template: unknown template 'quote_recieved'",
    ),
    (
        "unknown-recipient",
        """\
- name: a
  when: message_classified
  do:
    - send: {template: document_filed, to: everyone}
""",
        4,
        "send to: unknown recipient 'everyone'",
    ),
    (
        "no-sender-on-a-tick",
        """\
- name: a
  when: schedule_tick
  do:
    - send: {template: weekly_summary, to: sender}
""",
        4,
        "send to: schedule_tick has no sender",
    ),
    (
        "from-facts-without-milestone",
        """\
- name: a
  when: schedule_tick
  do:
    - start_milestone: from_facts
""",
        4,
        "start_milestone milestone: from_facts is not available for schedule_tick",
    ),
    (
        "missing-required-argument",
        """\
- name: a
  when: milestone_overdue
  do:
    - set_waiting: {milestone: kickoff_held}
""",
        4,
        "set_waiting needs waits_on",
    ),
    (
        "unknown-argument",
        """\
- name: a
  when: message_classified
  do:
    - send: {template: document_filed, cc: sender}
""",
        4,
        "unknown argument 'cc' for send",
    ),
    (
        "argument-to-argumentless-action",
        """\
- name: a
  when: message_classified
  do:
    - record_quote: yes
""",
        4,
        "record_quote takes no arguments",
    ),
    (
        "bad-days",
        """\
- name: a
  when: message_classified
  do:
    - forecast_milestone: {milestone: kickoff_held, days: -3}
""",
        4,
        "forecast_milestone days must be a whole number of days ≥ 0, got -3",
    ),
    (
        "milestone-key-not-snake-case",
        """\
- name: a
  when: message_classified
  do:
    - start_milestone: Kickoff Held
""",
        4,
        "start_milestone milestone: 'Kickoff Held' must be a snake_case key",
    ),
    (
        "unknown-rule-key",
        """\
- name: a
  when: message_classified
  iff:
    label: {eq: quote}
  stop: true
""",
        3,
        "unknown rule key 'iff' (did you mean 'if'?)",
    ),
    (
        "rule-without-when",
        """\
- name: a
  stop: true
""",
        1,
        "rule 'a' has no when",
    ),
    (
        "rule-that-does-nothing",
        """\
- name: a
  when: message_classified
""",
        1,
        "rule 'a' does nothing",
    ),
    (
        "name-not-kebab-case",
        """\
- name: Quote_Received
  when: message_classified
  stop: true
""",
        1,
        "rule name 'Quote_Received' must be kebab-case",
    ),
    (
        "duplicate-key-in-mapping",
        """\
- name: a
  when: message_classified
  stop: true
  stop: false
""",
        4,
        "duplicate key 'stop' in a rule",
    ),
    (
        "not-a-list",
        """\
name: a
when: message_classified
""",
        1,
        "a rule file must be a list",
    ),
    (
        "yaml-syntax",
        """\
- name: a
  when: message_classified
  if: {label: {eq: quote}
  stop: true
""",
        4,
        "invalid YAML",
    ),
    (
        "milestone-missing-from-a-template",
        """\
- name: a
  when: message_classified
  do:
    - complete_milestone: samples_received
""",
        4,
        "milestone 'samples_received' is not in the bioanalysis template",
    ),
    (
        "payment-on-a-milestone-without-share",
        """\
- name: a
  when: message_classified
  do:
    - mark_payment_due: closeout
""",
        4,
        "milestone 'closeout' has no payment share",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_loader_error_names_file_line_and_problem(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    # Given a rule file with one mistake
    path = tmp_path / "rules.yaml"
    path.write_text(text)

    # When it is loaded
    with pytest.raises(RuleError) as caught:
        load_ruleset([path])

    # Then the error is one line: file, line, and what is wrong
    error = str(caught.value)
    assert "\n" not in error
    assert error.startswith(f"{path}:{line}: {message}")
    assert (caught.value.file, caught.value.line) == (str(path), line)


def test_duplicate_name_across_files_points_at_the_second(tmp_path: Path) -> None:
    # Given two files that both define rule "a"
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    first.write_text("- name: a\n  when: message_classified\n  stop: true\n")
    second.write_text(
        "- name: b\n  when: reply_decided\n  stop: true\n\n"
        "- name: a\n  when: reply_decided\n  stop: true\n"
    )

    # When both are loaded
    with pytest.raises(RuleError) as caught:
        load_ruleset([first, second])

    # Then the error is at the second definition and names the first
    assert str(caught.value) == f"{second}:5: duplicate rule name 'a' (first at {first}:1)"


def test_missing_rule_file_is_a_rule_error(tmp_path: Path) -> None:
    # Given a path with no file
    path = tmp_path / "absent.yaml"

    # When it is loaded
    with pytest.raises(RuleError) as caught:
        load_ruleset([path])

    # Then the error names the file
    assert str(caught.value).startswith(f"{path}:1: cannot read file")


def test_empty_rule_file_gives_no_rules(tmp_path: Path) -> None:
    # Given an empty rule file
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n")

    # When it is loaded
    ruleset = load_ruleset([path])

    # Then the rule set is empty
    assert ruleset.rules == ()
