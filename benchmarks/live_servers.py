"""Servers for the live benchmarks: a private Dovecot and a throwaway PostgreSQL database.

Benchmarks do not import from ``tests/`` (a test helper may change with its tests), so
this is a small copy of what they need: Dovecot with plaintext IMAP on a free loopback
port, one user, Maildir under a temporary directory (``dovecot -F -c <conf>``), and a
PostgreSQL database on 127.0.0.1:5432 created and dropped around the run. Run as root,
Dovecot reads mail as ``nobody`` and logs in as ``dovenull`` (it refuses root).
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
USER, PASSWORD = "bench", "secret"

_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = mailroom-bench-{tag}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {login_user}
first_valid_uid = 0
first_valid_gid = 0
mail_uid = {uid}
mail_gid = {gid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
  default_fields = home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass(frozen=True)
class Account:
    """The benchmark's mailbox: connection details and an IMAP client."""

    host: str
    port: int
    username: str = USER
    password: str = PASSWORD

    def client(self):  # -> imapclient.IMAPClient
        from imapclient import IMAPClient

        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=60)
        client.login(self.username, self.password)
        return client

    def append(self, message: bytes, folder: str = "INBOX") -> None:
        with self.client() as client:
            client.append(folder, message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _write_config(root: Path, port: int) -> Path:
    as_root = os.getuid() == 0
    mail = pwd.getpwnam("nobody") if as_root else pwd.getpwuid(os.getuid())
    me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
    root.chmod(0o755)
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    for sub in ("mail", "home"):
        os.chown(root / sub, mail.pw_uid, mail.pw_gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    conf = root / "dovecot.conf"
    conf.write_text(_CONF.format(
        root=root, port=port, user=me, group=group,
        login_user="dovenull" if as_root else me, uid=mail.pw_uid, gid=mail.pw_gid,
        tag=uuid.uuid4().hex[:8],
    ))  # fmt: skip
    return conf


@contextmanager
def dovecot() -> Iterator[Account]:
    """A private Dovecot with one empty mailbox, stopped and removed afterwards."""
    binary = shutil.which("dovecot", path=os.pathsep.join([os.environ["PATH"], "/usr/sbin"]))
    if binary is None:
        raise RuntimeError("dovecot binary not found (apt-get install dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="mailroom-bench-dovecot-"))
    port = _free_port()
    process = subprocess.Popen([binary, "-F", "-c", str(_write_config(root, port))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dovecot did not start; see {root}/dovecot.log")
            time.sleep(0.05)
        yield Account("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database on the local PostgreSQL; its SQLAlchemy URL. Dropped after."""
    import psycopg

    name = f"mailroom_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        yield f"postgresql+psycopg://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
