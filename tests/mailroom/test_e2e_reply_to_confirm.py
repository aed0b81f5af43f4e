from __future__ import annotations
from datetime import UTC, datetime, timedelta
from pathlib import Path
from mailroom.poller import run_poller
from mailroom.outgoing import drain
from tests.mailroom.conftest import make_project, make_workspace, APPROVER, CRO_PM, reply_to
from tests.mailroom.test_reply_to_confirm import _change_order
from tracker.operations import changes

def test_spike(tmp_path: Path, imap_account, smtp_server, sqlite_url):
    ws = make_workspace(tmp_path / "home", sqlite_url,
        MAILROOM_IMAP_HOST=imap_account.host, MAILROOM_IMAP_PORT=str(imap_account.port),
        MAILROOM_IMAP_USERNAME=imap_account.username, MAILROOM_IMAP_PASSWORD=imap_account.password,
        MAILROOM_IMAP_SECURITY="none", MAILROOM_OUTBOUND_MODE="smtp",
        MAILROOM_SMTP_HOST=smtp_server.host, MAILROOM_SMTP_PORT=str(smtp_server.port))
    pid = make_project(ws)
    imap_account.append(_change_order().build())
    run_poller(ws, once=True)
    print("sent", drain(ws))
    for m in smtp_server.messages:
        print(m.rcpt_tos, m.message["Subject"], m.message["Reply-To"], m.message["Message-ID"], m.message["In-Reply-To"])
    req = next(m.message for m in smtp_server.messages if APPROVER in m.rcpt_tos and "+c-" in str(m.message["Reply-To"]))
    print(req.get_body(("plain",)).get_content())
    imap_account.append(reply_to(req, APPROVER, "Approved - please go ahead.\n\nMichael", datetime.now(UTC)).build())
    run_poller(ws, once=True)
    print("sent", drain(ws))
    for m in smtp_server.messages:
        print(m.rcpt_tos, m.message["Subject"], m.message["Reply-To"], m.message["Message-ID"], m.message["In-Reply-To"])
    with ws.transaction() as s:
        print(changes.list_changes(s, pid)[0].status)
    assert False
