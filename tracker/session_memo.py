"""Per-transaction memos of rows that rarely change, dropped whenever they might be stale.

A batch files hundreds of mails into the same few projects, from the same few senders;
asking the database the same question for each costs more than the filing itself. A
memo remembers answers for one transaction and forgets them

* on any pending or flushed ORM change to one of the models it was built from,
* on a rollback (of a savepoint too) once such a change was written, and
* at the end of the transaction,

so it never answers differently from the tables. Writes that bypass the ORM (core
UPDATE/DELETE) are not seen: code that writes these models that way must not use a memo.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_MEMOS = "tracker.memos"  # session.info: name -> (models, values)
_WRITTEN = "tracker.memos_written"  # session.info: model classes written this transaction


def _touched(session: Session, models: tuple[type, ...]) -> bool:
    changed = (*session.new, *session.dirty, *session.deleted)
    return any(isinstance(obj, models) for obj in changed)


def memo(session: Session, name: str, models: tuple[type, ...]) -> dict[Any, Any]:
    """This transaction's memo called ``name``, built from rows of ``models``."""
    memos: dict[str, tuple[tuple[type, ...], dict[Any, Any]]] = session.info.setdefault(_MEMOS, {})
    entry = memos.get(name)
    if entry is None or _touched(session, models):
        entry = memos[name] = (models, {})
    return entry[1]


def _after_flush(session: Session, *_: object) -> None:
    # after_flush still lists what was just written
    changed = {type(obj) for obj in (*session.new, *session.dirty, *session.deleted)}
    if not changed:
        return
    session.info.setdefault(_WRITTEN, set()).update(changed)
    memos = session.info.get(_MEMOS)
    for name, (models, _values) in list((memos or {}).items()):
        if any(issubclass(kind, models) for kind in changed):
            del memos[name]


def _after_soft_rollback(session: Session, *_: object) -> None:
    # A memo built after a change that is now rolled back would be stale.
    written: set[type] | None = session.info.get(_WRITTEN)
    memos = session.info.get(_MEMOS)
    if written and memos:
        for name, (models, _values) in list(memos.items()):
            if any(issubclass(kind, models) for kind in written):
                del memos[name]


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # savepoints and flushes end inside the transaction
        session.info.pop(_MEMOS, None)
        session.info.pop(_WRITTEN, None)


# On every session, so that changes made before the first look-up are seen too.
event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "after_soft_rollback", _after_soft_rollback)
event.listen(Session, "after_transaction_end", _after_transaction_end)
