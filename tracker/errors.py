"""Domain errors. Operations raise these only for refusals and write nothing when they do.

    TrackerError
    ├── PermissionDenied   the actor's role does not allow the operation
    ├── InvalidTransition  the record is not in a state that allows it
    ├── NotFound           no such project / person / change / ...
    └── Conflict           a uniqueness rule would be broken (duplicate code, address)
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of all tracker domain errors."""


class PermissionDenied(TrackerError):
    pass


class InvalidTransition(TrackerError):
    pass


class NotFound(TrackerError):
    pass


class Conflict(TrackerError):
    pass
