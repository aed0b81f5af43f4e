"""Assemble one RFC 5322 message (stdlib `email`) with reproducible bytes.

The stdlib picks random multipart boundaries at serialisation time; we set every
boundary ourselves from the caller's random generator so reruns are byte-identical.
Client quirks (Message-ID shape, X-Mailer, Thread-Index) follow the sender's `client`.
"""

from __future__ import annotations

import base64
import random
import uuid
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from scripts.mailgen.people import Person

# RFC 5322 allows 998-character lines; at the default 78 the stdlib RFC 2047-encodes long
# Message-IDs in In-Reply-To/References, which no real client does.
POLICY = policy.default.clone(max_line_length=998)
_OUTLOOK_HOSTS = {"eur": ("AM9PR04MB", "DB9PR07MB"),
                  "nam": ("DM6PR11MB", "SN7PR12MB", "PH0PR19MB", "BN8PR15MB")}
_OUTLOOK_REGIONS = {"AM": "eurprd04", "DB": "eurprd07", "DM": "namprd11", "SN": "namprd12",
                    "PH": "namprd19", "BN": "namprd15"}


@dataclass(frozen=True)
class FileAttachment:
    filename: str
    content_type: str  # "application/pdf", ...
    data: bytes


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
}


def attachment(filename: str, data: bytes) -> FileAttachment:
    """A file attachment whose MIME type follows from its extension."""
    return FileAttachment(filename, CONTENT_TYPES[filename.rsplit(".", 1)[1].lower()], data)


def new_message_id(sender: Person, rng: random.Random) -> str:
    """A Message-ID shaped like the sender's mail client would make it."""
    domain = sender.email.split("@", 1)[1]
    if sender.client == "outlook":
        # A mailbox lives on one Exchange Online server in its region: derive it from the
        # address, so all of one sender's Message-IDs share a host.
        home = random.Random(sender.email)
        hosts = _OUTLOOK_HOSTS["eur" if sender.timezone.startswith("Europe/") else "nam"]
        host = home.choice(hosts) + str(home.randint(1000, 9999))
        region = _OUTLOOK_REGIONS[host[:2]]
        return f"<{host}{rng.getrandbits(128):032X}@{host}.{region}.prod.outlook.com>"
    if sender.client == "gmail":
        token = base64.b64encode(rng.randbytes(30)).decode().rstrip("=")
        return f"<CA{token}@mail.gmail.com>"
    if sender.client == "apple":
        return f"<{uuid.UUID(int=rng.getrandbits(128), version=4)!s}@{domain}>".upper()
    return f"<{uuid.UUID(int=rng.getrandbits(128), version=4)!s}@{domain}>"


def client_headers(sender: Person, subject: str, rng: random.Random) -> dict[str, str]:
    """Headers a real client adds (harmless to parsers, realistic to readers)."""
    if sender.client == "outlook":
        index = base64.b64encode(b"\x01" + rng.randbytes(21)).decode()
        return {"Thread-Topic": _strip_prefixes(subject), "Thread-Index": index,
                "X-Mailer": "Microsoft Outlook 16.0", "Content-Language": "en-US"}
    if sender.client == "thunderbird":
        return {"User-Agent": "Mozilla Thunderbird", "Content-Language": "en-GB"}
    if sender.client == "apple":
        return {"X-Mailer": "iPhone Mail (21E236)"}
    return {}


def _strip_prefixes(subject: str) -> str:
    head, sep, rest = subject.partition(": ")
    if sep and head.upper() in {"RE", "AW", "FW", "FWD", "WG", "TR", "ANTW"}:
        return _strip_prefixes(rest)
    return subject


def address(person: Person | str) -> str:
    return formataddr((person.name, person.email)) if isinstance(person, Person) else person


def build_message(
    *,
    sender: Person,
    to: list[Person | str],
    cc: list[Person | str],
    subject: str,
    date: datetime,
    message_id: str,
    text: str | None,
    html: str | None = None,
    attachments: tuple[FileAttachment, ...] = (),
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    extra_headers: dict[str, str] | None = None,
    rng: random.Random,
) -> bytes:
    """Serialise one message. `text=None` with `html` gives an HTML-only mail."""
    msg = EmailMessage(policy=POLICY)
    msg["From"] = address(sender)
    msg["To"] = ", ".join(address(p) for p in to)
    if cc:
        msg["Cc"] = ", ".join(address(p) for p in cc)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    for name, value in (extra_headers or {}).items():
        msg[name] = value
    msg["MIME-Version"] = "1.0"
    if text is not None:
        msg.set_content(text)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    else:
        msg.set_content(html or "", subtype="html", cte="quoted-printable")
    for item in attachments:
        maintype, subtype = item.content_type.split("/", 1)
        msg.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename)
    for part in msg.walk():
        if part is not msg:
            del part["MIME-Version"]  # the stdlib repeats it on every sub-part
        if part.is_multipart():
            part.set_boundary(f"_{rng.getrandbits(96):024x}_")
    return msg.as_bytes(policy=POLICY)
