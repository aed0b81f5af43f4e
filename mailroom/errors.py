"""Errors the CLI shows as one line.

UserError            bad input or a refused request; the message is for the user
└── NotInitialised   the workspace has no database yet (run `mailroom init`)
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; `str()` is the whole story, one line."""


class NotInitialised(UserError):
    pass
