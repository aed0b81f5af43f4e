"""The one error rules raise: a rule or template file is wrong.

    RuleError(file, line, message)   str() is one line, `file:line: message`

It is a declaration problem, so the composition root lets it stop start-up with that
line (style §8.5). Evaluation never raises it: a Decision is data.
"""

from __future__ import annotations


class RuleError(Exception):
    """A rule or milestone-template file failed validation."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message
