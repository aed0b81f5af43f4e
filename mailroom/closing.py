"""`mailroom project close`: waive what the team agreed to waive, then close or say why not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.operations.closeout import close_project as close
from tracker.operations.closeout import waive
from tracker.operations.projects import project_by_code
from tracker.types import Actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ADMIN = Actor.system("mailroom-admin")


def close_project(session: Session, code: str, waivers: Sequence[tuple[str, str]]) -> str:
    project_id = project_by_code(session, code).id
    for item, reason in waivers:
        waive(session, ADMIN, project_id, item, reason)
    close(session, ADMIN, project_id)
    return f"project {code} closed"
