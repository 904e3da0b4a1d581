"""What a page-layout parser (ACR, EULAR, PubMed, plain) hands on: citation fields, sections and the title span."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from evidence.ingest.draft import Found, found
from evidence.ingest.sections import Section
from evidence.links import URL_FORBIDDEN
from evidence.schema import DOI_PATTERN


@dataclass
class Parsed:
    """Citation fields by record path, hints, the abstract's sections and the title's offsets."""

    format: str
    fields: dict[str, Found] = field(default_factory=dict)
    hints: dict[str, list[Found]] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    title: tuple[int, int] | None = None

    def hint(self, name: str, item: Found) -> None:
        """Keep a fact that has no record field (session, affiliations, citation...)."""
        self.hints.setdefault(name, []).append(item)


@dataclass(frozen=True)
class Line:
    """One non-blank line: offsets of its stripped text, and the text."""

    start: int
    end: int
    text: str


def lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """Non-blank lines of text[start:end], stripped, with the offsets of the stripped text."""
    end = len(text) if end is None else end
    for m in re.finditer(r"[^\n]+", text[:end]):
        if m.start() < start:
            continue
        raw = m.group()
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            yield Line(m.start() + lead, m.start() + len(raw.rstrip()), raw.strip())


def labelled(text: str, label: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """A 'Label: value' line (value in group 'v')."""
    pattern = re.compile(rf"(?im)^[ ]*{label}[ ]*:[ ]*(?P<v>\S[^\n]*?)[ ]*$")
    return pattern.search(text, start, len(text) if end is None else end)


def clean_doi(value: str) -> str | None:
    """A DOI as the schema accepts it (trailing punctuation dropped), or None."""
    value = value.strip().rstrip(".,;)")
    return value if re.fullmatch(DOI_PATTERN, value) else None


def clean_url(value: str) -> str | None:
    """An http(s) address the schema accepts, or None."""
    value = value.strip().rstrip(".,;")
    if re.match(r"https?://[^/\s]+", value) and not set(value) & URL_FORBIDDEN:
        return value
    return None


def put(parsed: Parsed, text: str, path: str, m: re.Match[str], group: str | int, value: object, confidence: float,
        note: str | None = None) -> None:  # fmt: skip
    """Record a field read from a regex group."""
    parsed.fields[path] = found(text, m.start(group), m.end(group), value, confidence, note)


@dataclass(frozen=True)
class Tagged:
    """One field of a tagged export (MEDLINE, RIS, RefWorks): its tag and the offsets of its value."""

    tag: str
    start: int
    end: int


def tagged_fields(text: str, pattern: re.Pattern[str], once: frozenset[str] = frozenset()) -> list[Tagged]:
    """Fields of a tagged export whose lines may have been run together: each field runs to the next tag.
    A tag in `once` is read at its first place only (a later match is taken as words of the value)."""
    seen: set[str] = set()
    marks = []
    for m in pattern.finditer(text):
        tag = m.group("tag")
        if tag in once and tag in seen:
            continue
        seen.add(tag)
        marks.append(m)
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        start = m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append(Tagged(m.group("tag"), start, end))
    return out


def one_line(text: str, field: Tagged) -> str:
    """A field's value with its line breaks and runs of spaces as single spaces."""
    return " ".join(text[field.start : field.end].split())
