"""One settings object for the whole process, read once from TOML and the environment.

Sources, later wins: built-in defaults → `<home>/mailroom.toml` (or `--config PATH`) →
`MAILROOM_<SECTION>_<KEY>` environment variables (secrets belong there). Every key is
declared once in `_SCHEMA`; an unknown key or a bad value stops start-up with one line
naming the key (`SettingsError`). Packages never read this module: the composition root
hands each one its own typed slice (see `mailroom.wiring`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_HOME = Path(".mailroom")
CONFIG_NAME = "mailroom.toml"


class SettingsError(Exception):
    """A setting is missing, unknown or malformed; the message names the key."""


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError("must be an integer") from None


def _pos_int(value: Any) -> int:
    number = _int(value)
    if number <= 0:
        raise ValueError("must be a positive integer")
    return number


def _port(value: Any) -> int:
    number = _int(value)
    if not 0 < number < 65536:
        raise ValueError("must be a TCP port (1-65535)")
    return number


def _float01(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("must be a number between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise ValueError("must be a number between 0 and 1")
    return number


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ValueError("must be true or false")


def _choice(*options: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)} (got {value!r})")
        return str(value)

    return check


def _db_url(value: Any) -> str:
    url = _str(value)
    if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
        raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
    return url


def _processes(value: Any) -> str | int:
    """``"auto"`` (one per spare core, at most two) or a count; 0 means do it all inline."""
    if value == "auto":
        return "auto"
    number = _int(value)
    if not 0 <= number <= 64:
        raise ValueError('must be "auto" or a number of processes from 0 to 64')
    return number


def _domain(value: Any) -> str:
    text = _str(value).strip().lower()
    if not text or "@" in text or " " in text or "." not in text:
        raise ValueError("must be a mail domain such as mailroom.example")
    return text


def _queue_namespace(value: Any) -> str:
    """A prefix of Redis keys, and the queue's name on RabbitMQ: dramatiq's name rules."""
    text = _str(value)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9._-]*", text):
        raise ValueError("must start with a letter or _ and use only letters, digits, . _ -")
    return text


def _folders(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if (
        not isinstance(value, list | tuple)
        or not value
        or not all(isinstance(item, str) for item in value)
    ):
        raise ValueError("must be a non-empty list of folder names")
    return tuple(value)


def _seconds(low: float, high: float) -> Callable[[Any], float]:
    """A number of seconds in ``[low, high]``."""

    def check(value: Any) -> float:
        if isinstance(value, bool):
            raise ValueError(f"must be a number of seconds from {low:g} to {high:g}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not low <= number <= high:  # NaN fails too
            raise ValueError(f"must be a number of seconds from {low:g} to {high:g}")
        return number

    return check


_KEYWORD_FORBIDDEN = frozenset('(){%*"]\\ \t')  # atom-specials of RFC 3501


def _post_process(value: Any) -> tuple[str, str] | None:
    """``off``, ``move:<folder>`` or ``flag:<keyword>`` → None or ``(action, target)``."""
    text = _str(value).strip()
    if text.lower() in {"", "off"}:
        return None
    action, sep, target = text.partition(":")
    action, target = action.strip().lower(), target.strip()
    if not sep or action not in {"move", "flag"} or not target:
        raise ValueError('must be "off", "move:<folder>" or "flag:<keyword>"')
    body = target[1:] if action == "flag" and target.startswith("\\") else target
    if action == "flag" and (not body or any(c in _KEYWORD_FORBIDDEN for c in body)):
        raise ValueError(f"{target!r} is not an IMAP keyword (no spaces, quotes or brackets)")
    return (action, target)


def _ca_file(value: Any) -> str:
    path = Path(_str(value)).expanduser()
    if not path.is_file():
        raise ValueError(f"{str(path)!r} is not a readable file")
    return str(path)


# (section, key) -> (parser, default). Defaults of "" for paths mean "inside the home".
_SCHEMA: dict[tuple[str, str], tuple[Callable[[Any], Any], Any]] = {
    ("mailroom", "mail_domain"): (_domain, "mailroom.example"),
    ("mailroom", "secret"): (_str, ""),
    ("mailroom", "timezone"): (_str, "UTC"),
    ("mailroom", "log_level"): (_choice("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"),
    ("database", "url"): (_db_url, ""),
    ("store", "raw_dir"): (_str, ""),
    ("store", "blob_dir"): (_str, ""),
    ("store", "max_attachment_mb"): (_pos_int, 25),
    ("queue", "broker"): (_choice("inprocess", "redis", "rabbitmq"), "inprocess"),
    ("queue", "url"): (_str, ""),
    ("queue", "namespace"): (_queue_namespace, "mailroom"),
    ("queue", "max_retries"): (_int, 3),
    ("queue", "batch_size"): (_pos_int, 100),
    # in-process only: helper processes that parse and classify while the main one files
    ("queue", "prepare_processes"): (_processes, "auto"),
    ("classifier", "review_threshold"): (_float01, 0.6),
    ("classifier", "model_dir"): (_str, ""),
    ("imap", "host"): (_str, ""),
    ("imap", "port"): (_port, 993),
    ("imap", "username"): (_str, ""),
    ("imap", "password"): (_str, ""),
    ("imap", "security"): (_choice("tls", "starttls", "none"), "tls"),
    ("imap", "folders"): (_folders, ("INBOX",)),
    ("imap", "batch_size"): (_pos_int, 100),
    ("imap", "poll_interval"): (_pos_int, 30),
    ("imap", "max_message_mb"): (_pos_int, 40),
    ("imap", "use_idle"): (_bool, True),  # false: poll every poll_interval even with IDLE
    ("imap", "idle_timeout"): (_seconds(10, 29 * 60), 300),  # re-IDLE before RFC 2177's 30 min
    ("imap", "backoff_cap"): (_seconds(1, 3600), 30),  # longest wait between reconnects
    ("imap", "post_process"): (_post_process, "off"),  # "move:<folder>" | "flag:<keyword>"
    ("imap", "tls_ca_file"): (_ca_file, ""),  # extra CA bundle; "" = the system's
    ("imap", "lease_seconds"): (_seconds(6, 600), 30),  # a dead poller's mailbox is free after
    ("outbound", "mode"): (_choice("folder", "smtp"), "folder"),
    ("outbound", "folder"): (_str, ""),
    ("outbound", "from_address"): (_str, ""),
    ("outbound", "confirmations"): (_choice("sender", "participants"), "sender"),
    ("smtp", "host"): (_str, "127.0.0.1"),
    ("smtp", "port"): (_port, 25),
    ("smtp", "security"): (_choice("none", "starttls", "tls"), "none"),
    ("smtp", "username"): (_str, ""),
    ("smtp", "password"): (_str, ""),
    ("smtp", "timeout"): (_pos_int, 30),
    ("auth", "trusted_authserv_id"): (_str, ""),
    ("rules", "overlay_dir"): (_str, ""),
    ("approvals", "token_ttl_days"): (_pos_int, 14),
    ("summary", "weekday"): (_choice("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "mon"),
    ("summary", "hour"): (_int, 8),
}


@dataclass(frozen=True)
class Settings:
    """Every setting of one workspace, validated."""

    home: Path
    values: Mapping[tuple[str, str], Any] = field(repr=False)

    def get(self, section: str, key: str) -> Any:
        return self.values[(section, key)]

    @property
    def database_url(self) -> str:
        return str(self.get("database", "url"))

    @property
    def raw_dir(self) -> Path:
        return Path(self.get("store", "raw_dir"))

    @property
    def blob_dir(self) -> Path:
        return Path(self.get("store", "blob_dir"))

    @property
    def outbox_dir(self) -> Path:
        return Path(self.get("outbound", "folder"))

    @property
    def mail_domain(self) -> str:
        return str(self.get("mailroom", "mail_domain"))

    @property
    def secret(self) -> bytes:
        return str(self.get("mailroom", "secret")).encode()

    @property
    def review_threshold(self) -> float:
        return float(self.get("classifier", "review_threshold"))

    @property
    def from_address(self) -> str:
        return str(self.get("outbound", "from_address"))


def _flatten(data: Mapping[str, Any], origin: str) -> dict[tuple[str, str], Any]:
    flat: dict[tuple[str, str], Any] = {}
    for section, body in data.items():
        if not isinstance(body, Mapping):
            raise SettingsError(f"{origin}: [{section}] must be a table of keys")
        for key, value in body.items():
            flat[(section, key)] = value
    return flat


# Short names for the two secrets people most often set by hand, and the home (read by
# the CLI option and by `load_settings`). Any other MAILROOM_* name must be a schema key.
_ENV_ALIASES: dict[str, tuple[str, str] | None] = {
    "MAILROOM_SECRET": ("mailroom", "secret"),
    "MAILROOM_HOME": None,
}


def _env_names() -> dict[str, tuple[str, str] | None]:
    names: dict[str, tuple[str, str] | None] = {
        f"MAILROOM_{section}_{key}".upper(): (section, key) for section, key in _SCHEMA
    }
    names.update(_ENV_ALIASES)
    return names


def _from_env(environ: Mapping[str, str]) -> dict[tuple[str, str], Any]:
    """`MAILROOM_<SECTION>_<KEY>` values; a misspelt name is an error, not ignored."""
    names = _env_names()
    found: dict[tuple[str, str], Any] = {}
    for name in sorted(environ):
        if not name.startswith("MAILROOM_"):
            continue
        if name not in names:
            raise SettingsError(f"unknown setting {name} (environment variable)")
        target = names[name]
        if target is not None:
            found[target] = environ[name]
    return found


def _parse_all(raw: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
    parsed: dict[tuple[str, str], Any] = {}
    for (section, key), (parser, default) in _SCHEMA.items():
        value = raw.get((section, key), default)
        if value == "" and default == "":
            parsed[(section, key)] = ""  # filled from the home directory later
            continue
        try:
            parsed[(section, key)] = parser(value)
        except ValueError as exc:
            raise SettingsError(f"setting {section}.{key}: {exc}") from None
    return parsed


def _fill_paths(home: Path, values: dict[tuple[str, str], Any]) -> None:
    defaults = {
        ("database", "url"): f"sqlite:///{home / 'mailroom.sqlite3'}",
        ("store", "raw_dir"): str(home / "raw"),
        ("store", "blob_dir"): str(home / "blobs"),
        ("outbound", "folder"): str(home / "outbox"),
        ("outbound", "from_address"): f"mailroom@{values[('mailroom', 'mail_domain')]}",
    }
    for key, default in defaults.items():
        if not values[key]:
            values[key] = default
    if not values[("queue", "url")]:
        values[("queue", "url")] = {
            "redis": "redis://127.0.0.1:6379/0",
            "rabbitmq": "amqp://guest:guest@127.0.0.1:5672/",
        }.get(values[("queue", "broker")], "")


def _read_secret(home: Path) -> str:
    path = home / "secret.key"
    return path.read_text().strip() if path.exists() else ""


def load_settings(
    home: Path | None = None,
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Read defaults, the TOML file and the environment into one validated `Settings`."""
    env = os.environ if environ is None else environ
    home = (home or Path(env.get("MAILROOM_HOME", "") or DEFAULT_HOME)).expanduser().resolve()
    path = config or home / CONFIG_NAME
    raw: dict[tuple[str, str], Any] = {}
    if config is not None and not path.exists():
        raise SettingsError(f"config file {path} does not exist")
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: not valid TOML ({exc})") from None
        raw.update(_flatten(data, str(path)))
    raw.update(_from_env(env))
    unknown = sorted(f"{s}.{k}" for s, k in raw if (s, k) not in _SCHEMA)
    if unknown:
        raise SettingsError(f"unknown setting {unknown[0]} (in {path} or the environment)")
    values = _parse_all(raw)
    _fill_paths(home, values)
    if not values[("mailroom", "secret")]:
        values[("mailroom", "secret")] = _read_secret(home)
    return Settings(home=home, values=values)


def example_toml() -> str:
    """An annotated settings file listing every key with its default."""
    lines = ["# Mailroom settings. Environment variables MAILROOM_<SECTION>_<KEY> override."]
    section = None
    for (sec, key), (_parser, default) in _SCHEMA.items():
        if sec != section:
            lines.append(f"\n[{sec}]")
            section = sec
        shown = list(default) if isinstance(default, tuple) else default
        if isinstance(shown, str):
            shown = f'"{shown}"'
        elif isinstance(shown, bool):
            shown = str(shown).lower()
        elif isinstance(shown, list):
            shown = "[" + ", ".join(f'"{item}"' for item in shown) + "]"
        lines.append(f"# {key} = {shown}")
    return "\n".join(lines) + "\n"
