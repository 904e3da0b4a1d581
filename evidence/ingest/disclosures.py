"""Disclosure statements of any page layout, read outside the abstract body.

A disclosure is read from a part headed 'Conflict(s) of interest (statement)', 'Competing interests', 'Declaration
of (competing) interests', '(Financial/Author) Disclosure(s)', 'Duality of interest' or 'Potential conflicts of
interest' (the heading before a colon or alone on its line), and from the disclosure sentences of a PubMed page's
'Author information' part ('JD serves on the advisory board for Genentech'; an affiliation that names a company is
not a disclosure). A statement naming a company makes industry_ties true with that company; 'no conflicts of
interest' or 'nothing to disclose' makes it false; anything else is left to the curator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.ingest.draft import Found, found
from evidence.ingest.people import free_text_disclosures

_HEADING = re.compile(
    r"(?im)^[ ]*(?:potential\s+)?(?:conflicts?\s+of\s+interests?(?:\s+(?:statement|disclosures?))?"
    r"|competing\s+(?:financial\s+)?interests?(?:\s+statement)?|declarations?\s+of\s+(?:competing\s+)?interests?"
    r"|(?:financial\s+|author\s+)?disclosures?(?:\s+(?:statement|of\s+interests?))?|duality\s+of\s+interests?)"
    r"[ ]*(?::[ ]*|\n\s*)(?=\S)"
)
_AUTHOR_INFORMATION = re.compile(r"(?im)^[ ]*author\s+information[ ]*(?::[ ]*|\n|$)")
# A sentence that states ties (or none): roles, payments and the words of a disclosure.
_TIES = re.compile(
    r"\b(?:serves?|served|serving)\s+(?:on|as)\b|\badvisory\s+boards?\b|\bconsult(?:ant|ants|ing|ancy|s|ed)\b"
    r"|\bspeakers?'?\s+bureaus?\b|\bhonorari\w*|\b(?:grants?|fees|royalties|payments?|research\s+(?:support|funding))"
    r"\s+(?:\w+\s+){0,2}from\b|\bemployees?\s+of\b|\bshareholders?\b|\bstock\b|\bconflicts?\s+of\s+interests?\b"
    r"|\bcompeting\s+interests?\b|\bnothing\s+to\s+disclose\b|\bno\s+(?:financial\s+)?disclosures?\b",
    re.I,
)
_MAX_STATEMENT = 1500


@dataclass(frozen=True)
class Disclosure:
    """industry_ties (None when the statement was not understood) and the companies named, with their spans."""

    ties: Found
    companies: Found | None


def _statement_end(text: str, start: int) -> int:
    """A statement runs to the next blank line (or a limit)."""
    blank = re.compile(r"\n[ ]*\n").search(text, start, start + _MAX_STATEMENT)
    return blank.start() if blank else min(len(text), start + _MAX_STATEMENT)


def _read(text: str, spans: list[tuple[int, int]], note: str) -> Disclosure:
    """The ties and companies that the statement (or sentences) at these spans state."""
    ties: bool | None = None
    companies: list[str] = []
    for start, end in spans:
        each, named = free_text_disclosures(text[start:end])
        ties = each if ties is None else (ties or bool(each))
        companies += [c for c in named if c not in companies]
    start, end = spans[0][0], spans[-1][1]
    while end > start and text[end - 1].isspace():
        end -= 1
    if ties is None:
        return Disclosure(found(text, start, end, None, 0.3, "statement not understood"), None)
    where = found(text, start, end, ties, 0.75 if companies else 0.8, note)
    return Disclosure(where, found(text, start, end, companies, 0.6, note) if companies else None)


def disclosure(text: str, body: tuple[int, int]) -> Disclosure | None:
    """The disclosure the page states outside the abstract body (body: its start and end), if any; a statement
    that was not understood comes back with industry_ties None."""
    unread = None
    for m in _HEADING.finditer(text):
        if body[0] <= m.start() < body[1]:
            continue
        read = _read(text, [(m.end(), _statement_end(text, m.end()))], "the disclosure statement")
        if read.ties.value is not None:
            return read
        unread = unread or read
    info = _AUTHOR_INFORMATION.search(text)
    if info is not None and not body[0] <= info.start() < body[1]:
        end = body[0] if info.start() < body[0] else min(len(text), info.end() + 3000)
        sentences = [
            (info.end() + m.start(), info.end() + m.end())
            for m in re.finditer(r"[^.\n]+(?:\.(?!\s)[^.\n]*)*\.?", text[info.end() : end])
            if _TIES.search(m.group())
        ]
        read = _read(text, sentences, "disclosure sentences in the author information") if sentences else None
        if read is not None and read.ties.value is not None:
            return read
    return unread
