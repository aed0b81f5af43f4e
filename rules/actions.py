"""The closed set of actions a rule can `do`, with the arguments each one takes.

An action is a request to the composition root (`mailroom.actions`), which turns it into
a tracker operation or an outbox row; rules never perform it. Arguments are typed and
checked at load time: a milestone key (or `from_facts`, the milestone the event names),
a party, an outbound template from the closed list below, a recipient group, a number
of days, a short reason.

Written in YAML either as a bare name (`- record_quote`), as a name with its first
argument (`- send: document_filed`), or as a name with a mapping
(`- send: {template: change_decision, to: members}`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

FROM_FACTS = "from_facts"


class Action(StrEnum):
    START_MILESTONE = "start_milestone"
    COMPLETE_MILESTONE = "complete_milestone"
    FORECAST_MILESTONE = "forecast_milestone"
    SET_WAITING = "set_waiting"
    RECORD_QUOTE = "record_quote"
    IMPORT_SAMPLES = "import_samples"
    OPEN_CHANGE = "open_change"
    REQUEST_APPROVAL = "request_approval"
    APPLY_REPLY_DECISION = "apply_reply_decision"
    RECORD_DELIVERABLE = "record_deliverable"
    REQUEST_REVIEW = "request_review"
    MARK_PAYMENT_DUE = "mark_payment_due"
    LINK_INVOICE = "link_invoice"
    MARK_PAID = "mark_paid"
    SEND = "send"
    FLAG_FOR_REVIEW = "flag_for_review"
    NOTIFY_REFUSED = "notify_refused"


class Recipient(StrEnum):
    """Who a `send` goes to; the composition root resolves the group to addresses."""

    SENDER = "sender"
    SPONSOR = "sponsor"
    CRO = "cro"
    APPROVERS = "approvers"
    FINANCE = "finance"
    MEMBERS = "members"


OUTBOUND_TEMPLATES: tuple[str, ...] = (
    "document_filed",
    "sample_sheet_received",
    "change_approval_request",
    "change_decision",
    "deliverable_received",
    "deliverable_accepted",
    "payment_due",
    "reply_not_understood",
    "refused_notice",
    "weekly_summary",
    "status_reply",
)


class ArgKind(StrEnum):
    MILESTONE = "milestone key"
    PARTY = "party"
    TEMPLATE = "template"
    RECIPIENT = "recipient"
    DAYS = "days"
    REASON = "reason"


@dataclass(frozen=True)
class ArgSpec:
    name: str
    kind: ArgKind
    required: bool = False


_MILESTONE = ArgSpec("milestone", ArgKind.MILESTONE, required=True)

# The first argument of each action is the one its short form (`- send: name`) sets.
ACTIONS: dict[Action, tuple[ArgSpec, ...]] = {
    Action.START_MILESTONE: (_MILESTONE,),
    Action.COMPLETE_MILESTONE: (_MILESTONE,),
    Action.FORECAST_MILESTONE: (_MILESTONE, ArgSpec("days", ArgKind.DAYS)),
    Action.SET_WAITING: (_MILESTONE, ArgSpec("waits_on", ArgKind.PARTY, required=True)),
    Action.RECORD_QUOTE: (),
    Action.IMPORT_SAMPLES: (),
    Action.OPEN_CHANGE: (),
    Action.REQUEST_APPROVAL: (),
    Action.APPLY_REPLY_DECISION: (),
    Action.RECORD_DELIVERABLE: (),
    Action.REQUEST_REVIEW: (),
    Action.MARK_PAYMENT_DUE: (_MILESTONE,),
    Action.LINK_INVOICE: (),
    Action.MARK_PAID: (),
    Action.SEND: (
        ArgSpec("template", ArgKind.TEMPLATE, required=True),
        ArgSpec("to", ArgKind.RECIPIENT),
    ),
    Action.FLAG_FOR_REVIEW: (ArgSpec("reason", ArgKind.REASON),),
    Action.NOTIFY_REFUSED: (ArgSpec("reason", ArgKind.REASON),),
}
