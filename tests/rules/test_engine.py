"""Table tests for evaluation: rule YAML + facts → the expected Decision, misses included."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rules import (
    Action,
    ActionSpec,
    Amount,
    Decision,
    DocumentClassified,
    Event,
    Facts,
    Label,
    MessageClassified,
    MilestoneOverdue,
    Party,
    PlannedAction,
    Recipient,
    RuleSet,
    RuleTrace,
    ScheduleTick,
    TickKind,
    Weekday,
    evaluate,
    load_ruleset,
)
from tracker.types import Role, ServiceType


def message(**changes: object) -> MessageClassified:
    base: dict[str, object] = {
        "project_code": "p1",
        "service_type": ServiceType.GENOMICS,
        "label": Label.QUOTE,
        "confidence": 0.9,
        "sender_roles": frozenset({Role.CRO_PM}),
        "sender_is_member": True,
    }
    return MessageClassified(**{**base, **changes})  # type: ignore[arg-type]


def overdue(**changes: object) -> MilestoneOverdue:
    base: dict[str, object] = {
        "project_code": "p1",
        "service_type": ServiceType.GENOMICS,
        "key": "sample_qc_complete",
        "days_overdue": 3,
        "waits_on": Party.CRO,
        "due_date": date(2026, 3, 7),
        "as_of": date(2026, 3, 10),
    }
    return MilestoneOverdue(**{**base, **changes})  # type: ignore[arg-type]


def document(**changes: object) -> DocumentClassified:
    base: dict[str, object] = {
        "project_code": "p1",
        "service_type": ServiceType.GENOMICS,
        "label": Label.DELIVERABLE,
        "confidence": 0.9,
    }
    return DocumentClassified(**{**base, **changes})  # type: ignore[arg-type]


def load(tmp_path: Path, text: str) -> RuleSet:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    return load_ruleset([path])


def one_rule(event: Event, condition: str) -> str:
    return f"- name: probe\n  when: {event.value}\n  if: {condition}\n  stop: true\n"


EVENT_OF = {
    MessageClassified: Event.MESSAGE_CLASSIFIED,
    DocumentClassified: Event.DOCUMENT_CLASSIFIED,
    MilestoneOverdue: Event.MILESTONE_OVERDUE,
    ScheduleTick: Event.SCHEDULE_TICK,
}

TICK = ScheduleTick(TickKind.WEEKLY_SUMMARY, Weekday.MON, 7, date(2026, 3, 9))

# (case, condition YAML, facts, hit, reason recorded in the trace)
CONDITIONS: list[tuple[str, str, Facts, bool, str]] = [
    (
        "eq-miss",
        "{label: {eq: quote}}",
        message(label=Label.OTHER),
        False,
        "label eq quote failed (was other)",
    ),
    ("eq-short-form", "{label: quote}", message(), True, "label eq quote"),
    ("in-short-form", "{label: [invoice, quote]}", message(), True, "label in [invoice, quote]"),
    ("gte-hit", "{confidence: {gte: 0.8}}", message(confidence=0.85), True, "confidence gte 0.8"),
    (
        "two-operators-first-failure",
        "{confidence: {gte: 0.5, lt: 0.7}}",
        message(),
        False,
        "confidence lt 0.7 failed (was 0.9)",
    ),
    (
        "in-on-a-set-is-any",
        "{sender_roles: {in: [cro_pm, cro_staff]}}",
        message(sender_roles=frozenset({Role.CRO_STAFF, Role.FINANCE})),
        True,
        "sender_roles in [cro_pm, cro_staff]",
    ),
    (
        "not-in-on-empty-set",
        "{sender_roles: {not_in: [sponsor_pm]}}",
        message(sender_roles=frozenset()),
        True,
        "sender_roles not_in [sponsor_pm]",
    ),
    (
        "not-in-miss-shows-set",
        "{sender_roles: {not_in: [cro_pm]}}",
        message(sender_roles=frozenset({Role.OBSERVER, Role.CRO_PM})),
        False,
        "sender_roles not_in [cro_pm] failed (was [cro_pm, observer])",
    ),
    (
        "has-label-on-attachments",
        "{attachment_labels: {has_label: deliverable}}",
        message(attachment_labels=(Label.QUOTE, Label.DELIVERABLE)),
        True,
        "attachment_labels has_label deliverable",
    ),
    (
        "has-label-on-the-label",
        "{label: {has_label: quote}}",
        message(),
        True,
        "label has_label quote",
    ),
    (
        "amounts-any-above",
        "{amounts: {gte: 10000}}",
        message(amounts=(Amount(Decimal("5000"), "USD"), Amount(Decimal("12000.50"), "USD"))),
        True,
        "amounts gte 10000",
    ),
    (
        "amounts-none-found",
        "{amounts: {lt: 100}}",
        message(),
        False,
        "amounts lt 100 failed (was [])",
    ),
    (
        "matches-regex",
        '{subject: {matches: "(?i)\\\\bCO-\\\\d+"}}',
        message(subject="Re: co-12 signed"),
        True,
        "subject matches (?i)\\bCO-\\d+",
    ),
    (
        "contains-ignores-case",
        "{subject: {contains: Revised}}",
        message(subject="RE: revised quote"),
        True,
        "subject contains Revised",
    ),
    (
        "contains-on-mentioned-milestones",
        "{milestones: {contains: kickoff_held}}",
        message(milestones=("quote_accepted", "kickoff_held")),
        True,
        "milestones contains kickoff_held",
    ),
    (
        "bool-miss",
        "{is_reply: {eq: true}}",
        message(),
        False,
        "is_reply eq true failed (was false)",
    ),
    (
        "not-fails-when-inner-holds",
        "{not: {label: {eq: quote}}}",
        message(),
        False,
        "not (label eq quote) failed",
    ),
    (
        "not-holds-when-inner-fails",
        "{not: {label: {eq: invoice}}}",
        message(),
        True,
        "not (label eq invoice failed (was quote))",
    ),
    (
        "any-all-fail",
        "{any: [{label: invoice}, {confidence: {lt: 0.5}}]}",
        message(),
        False,
        "none of: label eq invoice failed (was quote); confidence lt 0.5 failed (was 0.9)",
    ),
    (
        "any-first-pass",
        "{any: [{label: invoice}, {label: quote}]}",
        message(),
        True,
        "label eq quote",
    ),
    (
        "all-lists-every-pass",
        "{all: [{label: quote}, {check: sender_is_cro}]}",
        message(),
        True,
        "label eq quote, check sender_is_cro",
    ),
    (
        "check-miss",
        "{check: sender_is_cro}",
        message(sender_roles=frozenset({Role.SPONSOR_PM})),
        False,
        "check sender_is_cro failed",
    ),
    (
        "mapping-is-all",
        "{label: quote, is_reply: true}",
        message(),
        False,
        "is_reply eq true failed (was false)",
    ),
    (
        "null-equals-missing",
        "{message_label: {eq: null}}",
        document(),
        True,
        "message_label eq null",
    ),
    (
        "ne-holds-for-missing",
        "{message_label: {ne: deliverable}}",
        document(),
        True,
        "message_label ne deliverable",
    ),
    (
        "eq-fails-for-missing",
        "{message_label: {eq: quote}}",
        document(),
        False,
        "message_label eq quote failed (was none)",
    ),
    (
        "older-than-hit",
        "{last_reminded: {older_than: 7d}}",
        overdue(last_reminded=date(2026, 3, 1)),
        True,
        "last_reminded older_than 7d",
    ),
    (
        "older-than-miss",
        "{last_reminded: {older_than: 1w}}",
        overdue(last_reminded=date(2026, 3, 5)),
        False,
        "last_reminded older_than 1w failed (was 2026-03-05)",
    ),
    (
        "never-reminded-is-older",
        "{last_reminded: {older_than: 30d}}",
        overdue(),
        True,
        "last_reminded older_than 30d",
    ),
    ("date-compare", "{due_date: {lt: 2026-03-08}}", overdue(), True, "due_date lt 2026-03-08"),
    ("enum-in-on-tick", "{weekday: {in: [mon, fri]}}", TICK, True, "weekday in [mon, fri]"),
    ("number-eq-on-tick", "{hour: {eq: 8}}", TICK, False, "hour eq 8 failed (was 7)"),
]


@pytest.mark.parametrize(
    ("condition", "facts", "hit", "reason"),
    [case[1:] for case in CONDITIONS],
    ids=[case[0] for case in CONDITIONS],
)
def test_condition_is_recorded_as_hit_or_miss_with_reason(
    tmp_path: Path, condition: str, facts: Facts, hit: bool, reason: str
) -> None:
    # Given one rule with the condition
    event = EVENT_OF[type(facts)]
    ruleset = load(tmp_path, one_rule(event, condition))

    # When the facts are evaluated
    decision = evaluate(ruleset, event, facts)

    # Then the trace records the hit or miss and why
    assert decision.trace == (RuleTrace("probe", hit, reason),)


FLOW = """\
- name: first-miss
  when: message_classified
  if: {label: invoice}
  do: [link_invoice]

- name: record
  when: message_classified
  if: {label: quote}
  do:
    - record_quote
    - send: document_filed

- name: other-event
  when: reply_decided
  do: [apply_reply_decision]

- name: confirm-and-stop
  when: message_classified
  do:
    - send: {template: status_reply, to: members}
  stop: true

- name: never-checked
  when: message_classified
  do: [flag_for_review]
"""


def test_hits_collect_actions_in_order_until_stop(tmp_path: Path) -> None:
    # Given rules for two events, with a stop before the last one
    ruleset = load(tmp_path, FLOW)

    # When a quote is evaluated
    decision = evaluate(ruleset, Event.MESSAGE_CLASSIFIED, message())

    # Then actions of each hit come in file order, misses are kept, and the stop ends it
    assert decision == Decision(
        event=Event.MESSAGE_CLASSIFIED,
        actions=(
            PlannedAction("record", ActionSpec(Action.RECORD_QUOTE)),
            PlannedAction("record", ActionSpec(Action.SEND, template="document_filed")),
            PlannedAction(
                "confirm-and-stop",
                ActionSpec(Action.SEND, template="status_reply", to=Recipient.MEMBERS),
            ),
        ),
        trace=(
            RuleTrace("first-miss", False, "label eq invoice failed (was quote)"),
            RuleTrace("record", True, "label eq quote"),
            RuleTrace("confirm-and-stop", True, "no conditions"),
        ),
        stopped_by="confirm-and-stop",
    )


def test_without_a_stop_every_rule_of_the_event_is_checked(tmp_path: Path) -> None:
    # Given the same rules without the stopping one
    ruleset = load(tmp_path, FLOW.replace("  stop: true\n", ""))

    # When a quote is evaluated
    decision = evaluate(ruleset, "message_classified", message())

    # Then all four message rules are in the trace and nothing stopped
    assert decision.hits == ("record", "confirm-and-stop", "never-checked")
    assert decision.misses == ("first-miss",)
    assert decision.stopped_by is None


MENTIONED = """\
- name: complete-mentioned
  when: message_classified
  do:
    - complete_milestone: from_facts
    - send: document_filed
"""


def test_from_facts_gives_one_action_per_mentioned_milestone(tmp_path: Path) -> None:
    # Given a rule completing the milestones a message names
    ruleset = load(tmp_path, MENTIONED)
    facts = message(milestones=("sample_qc_complete", "raw_data_delivered", "sample_qc_complete"))

    # When the message names two milestones (one twice)
    decision = evaluate(ruleset, Event.MESSAGE_CLASSIFIED, facts)

    # Then each is completed once, in the order first named
    assert [planned.action for planned in decision.actions] == [
        ActionSpec(Action.COMPLETE_MILESTONE, milestone="sample_qc_complete"),
        ActionSpec(Action.COMPLETE_MILESTONE, milestone="raw_data_delivered"),
        ActionSpec(Action.SEND, template="document_filed"),
    ]


def test_from_facts_with_no_milestone_drops_the_action_and_says_so(tmp_path: Path) -> None:
    # Given a rule completing the milestones a message names
    ruleset = load(tmp_path, MENTIONED)

    # When the message names none
    decision = evaluate(ruleset, Event.MESSAGE_CLASSIFIED, message())

    # Then only the send remains and the trace explains the dropped action
    assert [planned.action.name for planned in decision.actions] == [Action.SEND]
    assert decision.trace == (
        RuleTrace(
            "complete-mentioned",
            True,
            "no conditions; complete_milestone dropped: the facts name no milestone",
        ),
    )


def test_from_facts_fills_milestone_and_party_of_an_overdue_milestone(tmp_path: Path) -> None:
    # Given a rule setting an overdue milestone to waiting
    ruleset = load(
        tmp_path,
        "- name: wait\n  when: milestone_overdue\n  do:\n"
        "    - set_waiting: {milestone: from_facts, waits_on: from_facts}\n",
    )

    # When a milestone waiting on the sponsor is overdue
    decision = evaluate(ruleset, Event.MILESTONE_OVERDUE, overdue(waits_on=Party.SPONSOR))

    # Then the action names that milestone and party
    assert decision.actions == (
        PlannedAction(
            "wait",
            ActionSpec(Action.SET_WAITING, milestone="sample_qc_complete", waits_on="sponsor"),
        ),
    )


def test_facts_of_another_event_are_refused(tmp_path: Path) -> None:
    # Given a rule set
    ruleset = load(tmp_path, FLOW)

    # When message facts are evaluated as a reply decision
    # Then the caller's mistake is a TypeError
    with pytest.raises(TypeError, match="reply_decided needs ReplyDecided"):
        evaluate(ruleset, Event.REPLY_DECIDED, message())


def test_event_without_rules_gives_an_empty_decision(tmp_path: Path) -> None:
    # Given rules for messages and replies only
    ruleset = load(tmp_path, FLOW)

    # When a schedule tick is evaluated
    decision = evaluate(ruleset, Event.SCHEDULE_TICK, TICK)

    # Then nothing is planned and nothing was checked
    assert decision == Decision(Event.SCHEDULE_TICK, actions=(), trace=())


def test_evaluation_is_deterministic(tmp_path: Path) -> None:
    # Given the same rule file loaded twice and the same facts
    first, second = load(tmp_path, FLOW), load(tmp_path, FLOW)
    facts = message(milestones=("kickoff_held",))

    # When each is evaluated several times
    decisions = [evaluate(ruleset, Event.MESSAGE_CLASSIFIED, facts) for ruleset in (first, second)]
    decisions += [evaluate(first, Event.MESSAGE_CLASSIFIED, facts) for _ in range(3)]

    # Then every decision is equal, down to the trace text
    assert all(decision == decisions[0] for decision in decisions)
    assert len({repr(decision) for decision in decisions}) == 1
