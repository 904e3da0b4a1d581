"""Abstract sections (Background, Methods, Results, Conclusion...), sentences and clauses, all with offsets.

Extraction reads only some sections: background text describes other studies and general practice, so a drug
named there is not a study arm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# canonical section -> heading spellings (regex fragments, matched case-insensitively at a line start)
_HEADINGS: dict[str, tuple[str, ...]] = {
    "background": (
        r"background\s*(?:/|and)\s*(?:purpose|aims?|objectives?|rationale)",
        r"background",
        r"introduction",
        r"purpose",
        r"rationale",
        r"context",
        r"importance",
    ),
    "objective": (r"objectives?", r"aims?(?:\s+and\s+objectives?)?", r"study\s+objectives?", r"goals?"),
    "methods": (
        r"(?:patients|subjects|materials)\s+and\s+methods",
        r"methods?",
        r"methodology",
        r"(?:study\s+)?design(?:,\s*setting,?\s*and\s*participants)?",
        r"setting",
        r"participants",
        r"interventions?",
        r"measurements?",
        r"main\s+outcome\s+measures?",
    ),
    "results": (r"results?", r"findings", r"case\s+(?:presentation|reports?|description|summary)", r"observations?"),
    "conclusion": (
        r"conclusions?(?:\s+and\s+relevance)?",
        r"interpretation",
        r"discussion",
        r"significance",
        r"summary",
    ),
    "registration": (r"(?:clinical\s+)?trial\s+registration(?:\s+numbers?)?", r"registration"),
}
_NAME_OF = {spelling: name for name, spellings in _HEADINGS.items() for spelling in spellings}
_ALL = "|".join(f"(?:{s})" for spellings in _HEADINGS.values() for s in spellings)
# At a line start (any case), or inline after a sentence end when written Title-case or UPPER case.
_HEADING_LINE = re.compile(rf"(?im)^[ ]*(?P<h>{_ALL})[ ]*:[ ]*")
_HEADING_INLINE = re.compile(rf"(?<=[.!?)\]])[ ]?(?P<h>(?=[A-Z])(?i:{_ALL}))[ ]*:[ ]*")
# A heading alone on its line, without a colon (journal and PMC pages: 'Methods' then the paragraph).
_HEADING_ALONE = re.compile(rf"(?im)^[ ]*(?P<h>{_ALL})[ ]*\.?[ ]*\n\s*(?=\S)")
# A core heading without a colon, Title-case, before a capitalised word, at a line start or after a sentence end
# ('Methods This retrospective study...', 'Objective. To evaluate'); read only when two or more distinct ones occur.
_CORE_BARE = r"Background|Objectives?|Aims?|Methods|Results|Findings|Conclusions?|Interpretation"
_HEADING_BARE = re.compile(rf"(?:^|(?<=[.!?])|(?<=[.!?] ))[ ]*(?P<h>{_CORE_BARE})\.?[ ]+(?=[A-Z])", re.M)
# Lines that end the abstract body on meeting pages, PubMed pages and journal pages.
_STOP = re.compile(
    r"(?im)^[ ]*(?:disclosures?(?:\s+of\s+interests?)?\s*:|to\s+cite\s+this\s+abstract|.{0,160}supporting\s+image"
    r"|references?\s*:?[ ]*$|references?\s*:|acknowledge?ments?\s*:|citation\s*:|session\s*:|keywords?\s*:"
    r"|copyright\b|\u00a9|\(c\)\s*\d{4}|doi\s*:|pmid\s*:|pmcid\s*:|(?:potential\s+)?conflicts?\s+of\s+interests?|funding\s*:"
    r"|competing\s+(?:financial\s+)?interests?|declarations?\s+of\s+(?:competing\s+)?interests?|duality\s+of\s+interest"
    r"|(?:financial\s+|author\s+)?disclosures?(?:\s+statement)?[ ]*$"
    r"|(?:comment|erratum|update|retraction)\s+(?:in|of)\s*$|no\s+abstract\s+available"
    r"|(?:publication\s+types|mesh\s+terms|similar\s+articles|cited\s+by|substances|grants\s+and\s+funding"
    r"|linkout\b.*|full\s+text\s+links|related\s+information|supplementary\s+info)[ ]*$)"
)


@dataclass(frozen=True)
class Section:
    """One abstract section: canonical name, heading as written, and the offsets of its content."""

    name: str
    heading: str
    start: int
    end: int
    head: int = -1  # where the heading itself starts


@dataclass(frozen=True)
class Piece:
    """A sentence or clause: offsets into the text, and the section it belongs to."""

    start: int
    end: int
    section: str


def _canonical(heading: str) -> str:
    words = " ".join(heading.casefold().split())
    for spelling, name in _NAME_OF.items():
        if re.fullmatch(spelling, words):
            return name
    return "results"


def find_sections(text: str, start: int = 0, end: int | None = None) -> list[Section]:
    """Headed sections between start and end; each runs to the next heading or to a stop line (disclosures...)."""
    end = len(text) if end is None else end
    heads = {m.start("h"): m for m in _HEADING_LINE.finditer(text, start, end)}
    for pattern in (_HEADING_INLINE, _HEADING_ALONE):
        for m in pattern.finditer(text, start, end):
            heads.setdefault(m.start("h"), m)
    bare = [m for m in _HEADING_BARE.finditer(text, start, end) if m.start("h") not in heads]
    if len({_canonical(m.group("h")) for m in bare}) >= 2:
        for m in bare:
            heads.setdefault(m.start("h"), m)
    ordered = [heads[k] for k in sorted(heads)]
    sections: list[Section] = []
    for i, m in enumerate(ordered):
        stop = ordered[i + 1].start("h") if i + 1 < len(ordered) else end
        cut = _STOP.search(text, m.end(), stop)
        if cut is not None:
            stop = cut.start()
        content_end = stop
        while content_end > m.end() and text[content_end - 1].isspace():
            content_end -= 1
        sections.append(Section(_canonical(m.group("h")), m.group("h"), m.end(), content_end, m.start("h")))
    return sections


def stop_line(text: str, start: int, end: int | None = None) -> int:
    """Offset of the first line that ends an abstract body (disclosures, copyright, PMID...), or end."""
    end = len(text) if end is None else end
    m = _STOP.search(text, start, end)
    return m.start() if m else end


_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|vs|approx|ca|cf|dr|fig|figs|no|nos|ref|al|inc|ltd|co|jr|sr|st|mt|resp|incl|min|max|mo|yr|yrs|wk|wks)"
    r"|\b[A-Z])\.$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"')\]]*(?:\s|$))|\n[ ]*\n")


def sentences(text: str, section: Section) -> list[Piece]:
    """Sentences of a section (split after . ! ? or a blank line, not after common abbreviations)."""
    out: list[Piece] = []
    begin = section.start
    for m in _SENTENCE_END.finditer(text, section.start, section.end):
        stop = m.end()
        if m.group().startswith(".") and _ABBREVIATIONS.search(text, max(section.start, stop - 8), stop):
            continue
        nxt = text[stop : stop + 3].lstrip()
        if m.group() in ".!?" and nxt[:1].islower():
            continue
        _add(out, text, begin, stop, section.name)
        begin = stop
    _add(out, text, begin, section.end, section.name)
    return out


_CLAUSE_BREAK = re.compile(
    r";|,?\s+(?:but|whereas|while)\s+(?=\w)|:\s+(?=[A-Za-z])"
    r"|,\s+and\s+(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|all|none)\b)",
    re.I,
)


def clauses(text: str, sentence: Piece) -> list[Piece]:
    """Parts of a sentence split at semicolons, colons and contrast words (but, whereas, while)."""
    out: list[Piece] = []
    begin = sentence.start
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        inside = text[begin : m.start()]
        if inside.count("(") > inside.count(")"):
            continue  # a break inside brackets ('(DM 10/12; PM 5/8)') does not end the clause
        _add(out, text, begin, m.start(), sentence.section)
        begin = m.end()
    _add(out, text, begin, sentence.end, sentence.section)
    return out


def _add(out: list[Piece], text: str, start: int, end: int, section: str) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Piece(start, end, section))
