"""YAML from any source (record files, the add-study review box) parsed with limits, so no input can crash or
exhaust the server.

Limits: size (limits.MAX_RECORD_BYTES), nesting depth (limits.MAX_YAML_DEPTH), no anchors or aliases (a record
never needs them, and aliases make "billion laughs" expansions), one document, and no key written twice. The
structure is checked on libyaml's event stream first (iterative, stops at the first excess), and only then
composed: deep nesting would otherwise overflow the C composer's stack (a crash, not an exception).
"""

from __future__ import annotations

import yaml

from evidence.limits import MAX_RECORD_BYTES, MAX_YAML_DEPTH

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster parsing
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class YamlLimitError(ValueError):
    """The text breaks a structural limit; the message says which, in plain words, with the line."""


class _UniqueKeyLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe YAML loader that refuses a mapping key written twice (YAML would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} is written twice (lines {seen[key]} and {line})", key_node.start_mark
                    )
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _UniqueKeyLoader.construct_mapping)


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def check_structure(text: str, max_depth: int = MAX_YAML_DEPTH) -> None:
    """Raise YamlLimitError for nesting deeper than max_depth, an anchor or alias, or more than one document;
    yaml.YAMLError for text that is not YAML at all."""
    depth = documents = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > max_depth:
                raise YamlLimitError(f"nested more than {max_depth} levels deep (line {_line(event)})")
            if event.anchor is not None:
                raise YamlLimitError(f"uses an anchor (&{event.anchor[:20]}); records may not (line {_line(event)})")
        elif isinstance(event, _CLOSE):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise YamlLimitError(f"uses an alias (*{event.anchor[:20]}); records may not (line {_line(event)})")
        elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            raise YamlLimitError(f"uses an anchor (&{event.anchor[:20]}); records may not (line {_line(event)})")
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlLimitError(f"holds more than one YAML document (line {_line(event)})")


def load_bounded(text: str, max_chars: int = MAX_RECORD_BYTES, max_depth: int = MAX_YAML_DEPTH) -> object:
    """The value of YAML text, parsed only after its size and structure are within the limits.

    Raises YamlLimitError (a limit) or yaml.YAMLError (not YAML, or a key written twice)."""
    if len(text) > max_chars:
        raise YamlLimitError(f"is {len(text):,} characters long; at most {max_chars:,} are read")
    check_structure(text, max_depth)
    return yaml.load(text, Loader=_UniqueKeyLoader)


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, str]:
    """(where, reason) of a YAML error in plain words: 'line N' and the parser's own short reason."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark is not None else "(record)"
    return where, str(getattr(exc, "problem", None) or exc).splitlines()[0][:200]
