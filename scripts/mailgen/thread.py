"""Write a project's mailbox as real clients would: numbered files, threads, quoting.

A `Mailbox` remembers every message it wrote by slug. A reply names its parent slug and
gets, like a real client would give it, `In-Reply-To`, the parent's `References` plus
the parent, a `RE:`/`Re:`/`AW:` subject and the parent quoted below the new text in the
replier's client style (Outlook header block, Gmail/Thunderbird `>` lines). Dates are
written in each sender's local time zone and must move forward.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from scripts.mailgen.mime import (
    FileAttachment,
    build_message,
    client_headers,
    new_message_id,
)
from scripts.mailgen.people import Person

_DE_DAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_DE_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember")


@dataclass(frozen=True)
class Written:
    """What a later reply needs to know about a message already in the mailbox."""

    slug: str
    message_id: str
    references: tuple[str, ...]
    sender: Person
    to: tuple[Person | str, ...]
    cc: tuple[Person | str, ...]
    subject: str
    date: datetime
    body: str  # the full plain-text body, including its own quoted history
    attachments: tuple[FileAttachment, ...]


class Mailbox:
    """One project's folder of numbered `.eml` files, written in story order."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)
        self.files: list[tuple[str, bytes]] = []
        self.notes: list[tuple[str, str, str]] = []  # (file name, expected label, hard case)
        self._written: dict[str, Written] = {}

    def __getitem__(self, slug: str) -> Written:
        return self._written[slug]

    def send(
        self,
        slug: str,
        sender: Person,
        when: str,
        body: str,
        *,
        label: str,
        case: str = "",
        to: list[Person | str],
        cc: list[Person | str] | None = None,
        subject: str | None = None,
        reply_to: str | None = None,
        forward: str | None = None,
        prefix: str | None = None,
        attachments: tuple[FileAttachment, ...] = (),
        html: str | None = None,
        html_only: bool = False,
        signature: bool = True,
        quote: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Written:
        """Write the next message; `reply_to`/`forward` name an earlier slug.

        `label` is the message's expected business act (shared domain notes) and `case`
        names the hard case it exercises; both go to the demo README, never into the mail.
        """
        date = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(sender.timezone))
        parent = self._written[reply_to or forward] if (reply_to or forward) else None
        if self.files:
            last = max(w.date for w in self._written.values())
            assert date > last, f"{slug}: {date} is not after {last}"
        text = body.strip("\n") + "\n"
        if signature:
            sep = "-- \n" if sender.client in {"gmail", "thunderbird"} else ""
            text += f"\n{sep}{sender.signature}\n"
        if parent is not None and quote:
            quoted = quote_forward(parent, sender) if forward else quote_reply(parent, sender)
            text += "\n" + quoted
        subject = subject or _reply_subject(parent, sender, prefix, bool(forward))
        message_id = new_message_id(sender, self.rng)
        references = (*parent.references, parent.message_id) if parent else ()
        extra = client_headers(sender, subject, self.rng) | (headers or {})
        raw = build_message(
            sender=sender, to=to, cc=cc or [], subject=subject, date=date,
            message_id=message_id, text=None if html_only else text, html=html,
            attachments=attachments, in_reply_to=parent.message_id if parent else None,
            references=references, extra_headers=extra, rng=self.rng,
        )
        written = Written(slug, message_id, references, sender, tuple(to), tuple(cc or ()),
                          subject, date, text, attachments)
        self._written[slug] = written
        name = f"{len(self.files) + 1:02d}-{slug}.eml"
        self.files.append((name, raw))
        self.notes.append((name, label, case))
        return written


def _reply_subject(parent: Written | None, sender: Person, prefix: str | None, fwd: bool) -> str:
    assert parent is not None, "a new thread needs a subject"
    base = parent.subject
    while base.split(": ", 1)[0].upper() in {"RE", "AW", "FW", "FWD", "WG"} and ": " in base:
        base = base.split(": ", 1)[1]
    if prefix is None:
        if fwd:
            prefix = "FW" if sender.client == "outlook" else "Fwd"
        else:
            prefix = "RE" if sender.client == "outlook" else "Re"
    return f"{prefix}: {base}"


def quote_reply(parent: Written, replier: Person) -> str:
    """The parent below the new text, the way the replier's client quotes it."""
    if replier.client == "outlook":
        return _outlook_block(parent, german=replier.timezone == "Europe/Berlin") + parent.body
    local = parent.date
    if replier.client == "gmail":
        intro = (f"On {local:%a}, {local.day} {local:%b %Y} at {local:%H:%M}, "
                 f"{parent.sender.name} <{parent.sender.email}> wrote:")
    elif replier.client == "apple":
        intro = f"On {local.day} {local:%b %Y}, at {local:%H:%M}, {parent.sender.name} wrote:"
    else:
        intro = f"On {local:%d/%m/%Y %H:%M}, {parent.sender.name} wrote:"
    quoted = "\n".join(f"> {line}".rstrip() for line in parent.body.rstrip("\n").splitlines())
    return f"{intro}\n{quoted}\n"


def quote_forward(parent: Written, forwarder: Person) -> str:
    if forwarder.client == "outlook":
        return _outlook_block(parent, german=False) + parent.body
    local = parent.date
    return (
        "---------- Forwarded message ---------\n"
        f"From: {parent.sender.name} <{parent.sender.email}>\n"
        f"Date: {local:%a}, {local.day} {local:%b %Y} at {local:%H:%M}\n"
        f"Subject: {parent.subject}\n"
        f"To: {_names(parent.to)}\n\n{parent.body}"
    )


def _outlook_block(parent: Written, german: bool) -> str:
    d = parent.date
    if german:
        sent = f"{_DE_DAYS[d.weekday()]}, {d.day}. {_DE_MONTHS[d.month - 1]} {d.year} {d:%H:%M}"
        labels = ("Von", "Gesendet", "An", "Cc", "Betreff")
    else:
        sent = f"{d:%A}, {d:%B} {d.day}, {d.year} {d:%I:%M %p}".replace(" 0", " ")
        labels = ("From", "Sent", "To", "Cc", "Subject")
    lines = ["_" * 32, f"{labels[0]}: {parent.sender.name} <{parent.sender.email}>",
             f"{labels[1]}: {sent}", f"{labels[2]}: {_names(parent.to)}"]
    if parent.cc:
        lines.append(f"{labels[3]}: {_names(parent.cc)}")
    lines += [f"{labels[4]}: {parent.subject}", "", ""]
    return "\n".join(lines)


def _names(people: tuple[Person | str, ...]) -> str:
    return "; ".join(p.name if isinstance(p, Person) else p for p in people)
