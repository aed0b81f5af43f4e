"""Reading YAML as nodes, so every value keeps the line it came from.

PyYAML's composer gives a node tree with start marks; we walk that tree ourselves
instead of `safe_load`, which drops positions and silently keeps the last of two
duplicate keys. Scalars are built with the safe constructor, so YAML types (ints,
floats, booleans, dates, null) mean what they always mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from rules.errors import RuleError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


@dataclass(frozen=True)
class Source:
    """One YAML file being read: its display name for errors, and its root node."""

    file: str
    root: yaml.Node | None

    def error(self, node: yaml.Node | None, message: str) -> RuleError:
        return RuleError(self.file, line_of(node) if node is not None else 1, message)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """(key, key node, value node) in file order; refuses non-text and duplicate keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping")
        items: list[tuple[str, yaml.Node, yaml.Node]] = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if not isinstance(key, str):
                raise self.error(key_node, f"{what} keys must be text, got {key!r}")
            if key in seen:
                raise self.error(key_node, f"duplicate key {key!r} in {what}")
            seen.add(key)
            items.append((key, key_node, value_node))
        return items

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list")
        return list(node.value)

    def scalar(self, node: yaml.Node) -> object:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, "expected a single value, not a list or mapping")
        return SafeConstructor().construct_object(node)

    def text(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node)
        if not isinstance(value, str) or not value:
            raise self.error(node, f"{what} must be non-empty text, got {value!r}")
        return value

    def flag(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            raise self.error(node, f"{what} must be true or false, got {value!r}")
        return value

    def plain(self, node: yaml.Node) -> object:
        """A scalar, or a list of scalars (for `in: [a, b]`)."""
        if isinstance(node, yaml.SequenceNode):
            return [self.scalar(item) for item in node.value]
        return self.scalar(node)


def read_source(path: Path, file: str | None = None) -> Source:
    """Compose one YAML file; syntax errors become a `RuleError` with their line."""
    name = file or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(name, 1, f"cannot read file: {exc.strerror or exc}") from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise RuleError(name, line, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(name, 1, f"invalid YAML: {exc}") from None
    return Source(name, root)
