"""`mailroom rules explain MESSAGE`: re-derive a filed message's facts and show the trace.

Evaluation is pure, so explaining later gives the same hits and misses the pipeline saw,
as long as the message, its labels and the sender's roles have not changed since.
"""

from __future__ import annotations

from ingest import RawEmail, parse
from mailroom.errors import UserError
from mailroom.facts import message_facts, milestone_keys
from mailroom.trigger import build_trigger
from mailroom.wiring import Workspace
from rules import Event, evaluate, explain
from tracker.operations.messages import find_filed_message


def explain_message(ws: Workspace, ref: str) -> str:
    from mailroom.conversions import message_input

    with ws.transaction() as session:
        row = find_filed_message(session, ref)
        if row is None:
            raise UserError(f"no filed message {ref!r} (give its number or its Message-ID)")
        if row.project_id is None:
            return f"message {row.id} is unrouted ({row.unrouted_reason}): no project rules ran"
        data = ws.raw_store.get(row.raw_sha256)
        parsed = parse(
            RawEmail.from_bytes(data, "explain"),
            limits=ws.parse_limits,
            own_domains=frozenset({ws.settings.mail_domain}),
        )
        classification = ws.classifier.classify([message_input(parsed)])[0]
        trigger = build_trigger(session, ws, parsed, classification, row.project_id, row.id, ())
        facts = message_facts(trigger, milestone_keys(trigger))
        decision = evaluate(ws.ruleset_for(trigger.project_code), Event.MESSAGE_CLASSIFIED, facts)
        header = (
            f"message {row.id} in {trigger.project_code}: {facts.label} "
            f"({facts.confidence:.2f}) from {trigger.sender} "
            f"roles={sorted(str(r) for r in facts.sender_roles) or 'non-member'}"
        )
        return header + "\n" + explain(decision)
