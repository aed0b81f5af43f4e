"""Render a `Decision` for people: `mailroom rules explain MESSAGE` prints this.

message_classified: 2 hits, 3 misses, stopped by non-member-refused
✔ non-member-refused: sender_is_member eq false
    → flag_for_review reason=non_member
✘ quote-from-cro: label eq quote failed (was other)
"""

from __future__ import annotations

from rules.engine import Decision


def explain(decision: Decision) -> str:
    """One line per rule checked (✔ hit / ✘ miss, and why), its actions indented below."""
    lines = [_headline(decision)]
    for entry in decision.trace:
        lines.append(f"{'✔' if entry.hit else '✘'} {entry.rule}: {entry.reason}")
        lines.extend(
            f"    → {planned.action}" for planned in decision.actions if planned.rule == entry.rule
        )
    if not decision.trace:
        lines.append("(no rules for this event)")
    return "\n".join(lines)


def _headline(decision: Decision) -> str:
    hits, misses = len(decision.hits), len(decision.misses)
    hit_word = "hit" if hits == 1 else "hits"
    miss_word = "miss" if misses == 1 else "misses"
    text = f"{decision.event.value}: {hits} {hit_word}, {misses} {miss_word}"
    if decision.stopped_by:
        text += f", stopped by {decision.stopped_by}"
    return text
