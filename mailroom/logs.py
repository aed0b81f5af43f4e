"""Structured logging: one `key=value` line per event on stderr."""

from __future__ import annotations

import logging
import sys


class KeyValueFormatter(logging.Formatter):
    """`ts level logger msg key=value…`: grep-able and parseable without a JSON library."""

    def format(self, record: logging.LogRecord) -> str:
        base = (
            f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} {record.levelname.lower()} "
            f"{record.name} {record.getMessage()}"
        )
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            base += "".join(f" {key}={value}" for key, value in fields.items())
        if record.exc_info:
            base += "\n" + self.formatException(record.exc_info)
        return base


def configure_logging(verbose: bool = False, level: str = "WARNING") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else getattr(logging, level, logging.WARNING))
    for noisy in ("pika", "urllib3", "asyncio", "imapclient"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # mail-parser warns of every part type it does not decode itself ("Email content
    # 'x-two' not handled"): parts Mailroom reads on its own and records as defects.
    logging.getLogger("mailparser").setLevel(logging.ERROR)


def log_event(logger: logging.Logger, level: int, message: str, **fields: object) -> None:
    """Log a message with structured fields."""
    logger.log(level, message, extra={"fields": fields})
