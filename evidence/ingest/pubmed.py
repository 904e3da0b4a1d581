"""PubMed abstracts as PubMed shows and exports them as plain text ('Abstract' format).

Layout, in blank-line separated blocks (lines wrap at about 80 characters): '1. J Rheumatol. 2020 Mar;47(3):345-350.
doi: ... Epub ...', title, authors ('Smith AB(1), Jones C(2).'), 'Author information:' with affiliations, the
abstract (with or without BACKGROUND:/METHODS:/... headings), copyright, 'DOI:', 'PMCID:', 'PMID:' and
sometimes 'Conflict of interest statement:' (read with every layout's disclosures in disclosures.py).
"""

from __future__ import annotations

import re

from evidence.ingest.bylines import MARKER
from evidence.ingest.draft import found
from evidence.ingest.page import Parsed, clean_doi, labelled, not_a_title, put
from evidence.ingest.people import is_upper_initials
from evidence.ingest.sections import Section, find_sections, stop_line
from evidence.ingest.text import IngestError
from evidence.links import pubmed_url

_JOURNAL = re.compile(
    r"(?:\d{1,4}\.[ ]+)?(?P<journal>[^\s.\d][^\n]{0,120}?)\.[ \n]+(?P<year>(?:19|20)\d{2})\b(?P<date>[^;:.\n]{0,20})"
    r"(?P<rest>[;:][^\n]*(?:\n(?!\n)[^\n]*)*)?"
)
_LOCATOR = re.compile(r"^[;:]\s*(?P<vol>[\w-]{1,10})?(?:\((?P<issue>[^)\s]{1,20})\))?(?::(?P<pages>[\w-]{1,20}))?")
_SKIP_BLOCK = re.compile(
    r"(?i)^(?:comment\s+(?:in|on)|erratum\s+(?:in|for)|update\s+(?:in|of)|retraction\s+(?:in|of)|expression\s+of\s+concern|republished|corrected\s+and\s+republished)"
)
_AUTHOR_MARK = re.compile(r"\(\d{1,3}(?:\s*,\s*\d{1,3})*\)")


def detect(text: str) -> bool:
    """A PubMed abstract: a 'PMID:' line, or a journal citation line followed by 'Author information:'."""
    return bool(re.search(r"(?im)^[ ]*PMID[ ]*:[ ]*\d", text)) or bool(
        _JOURNAL.match(text.lstrip()) and re.search(r"(?im)^[ ]*Author\s+information[ ]*:", text)
    )


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated block, without surrounding whitespace."""
    out = []
    for m in re.finditer(r"\S(?:.|\n(?![ ]*\n))*", text):
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        out.append((m.start(), end))
    return out


def parse(text: str) -> Parsed:
    """Citation fields, sections and title of a PubMed abstract (the first record when several are pasted)."""
    parsed = Parsed("pubmed")
    fields = parsed.fields
    blocks = _blocks(text)
    record_end = len(text)
    for i, (start, _) in enumerate(blocks):
        if i and re.match(r"\d{1,4}\.[ ]+\S", text[start:]) and _JOURNAL.match(text, start):
            record_end = start  # a second record begins
            parsed.hint("note", found(text, start, start + 2, "only the first record was read", 0.9))
            break
    blocks = [b for b in blocks if b[0] < record_end]
    index = 0
    journal = None
    others = 0  # blocks above the citation line that are not page chrome ('Send to', 'Format: Abstract')
    for i, (start, end) in enumerate(blocks[:12]):
        m = _JOURNAL.match(text, start, end)
        if m:
            journal, index = m, i + 1
            break
        others += not _not_the_title(text[start:end])
        if others >= 3:
            break
    if journal:
        _journal(text, parsed, journal)
    while index < len(blocks) and _not_the_title(text[blocks[index][0] : blocks[index][1]]):
        index += 1
    if index < len(blocks) and not _is_label(text, blocks[index]):
        start, end = blocks[index]
        title = " ".join(text[start:end].split()).strip()
        title = re.sub(r"^\[(.*)\]\.?$", r"\1", title).rstrip(".")
        fields["title"] = found(text, start, end, title, 0.9)
        parsed.title = (start, end)
        index += 1
    if index < len(blocks) and _authors(text, parsed, *blocks[index]):
        index += 1
    if index < len(blocks) and re.match(r"(?i)author\s+information\s*:", text[blocks[index][0] :]):
        _affiliations(text, parsed, *blocks[index])
        index += 1
    if index >= len(blocks):
        raise IngestError("the PubMed record has no abstract text", "not_abstract")
    body_start = blocks[index][0]
    body_end = stop_line(text, body_start, record_end)
    if re.match(r"(?i)no\s+abstract\s+available", text[body_start:body_end].strip()) or body_end <= body_start:
        raise IngestError("the PubMed record has no abstract text ('No abstract available')", "not_abstract")
    parsed.sections = find_sections(text, body_start, body_end) or [Section("abstract", "", body_start, body_end)]
    for label, path, pattern in (("PMID", "pmid", r"\d{1,9}"), ("PMCID", "pmcid", r"PMC\d+")):
        m = labelled(text, label, body_end, record_end)
        if m and re.fullmatch(pattern, m.group("v").split()[0]):
            value = m.group("v").split()[0]
            fields[path] = found(text, m.start("v"), m.start("v") + len(value), value, 0.95)
    doi = labelled(text, "DOI", body_end, record_end)
    if doi and clean_doi(doi.group("v")):
        put(parsed, text, "doi", doi, "v", clean_doi(doi.group("v")), 0.95)
    if "pmid" in fields:
        pmid = fields["pmid"]
        url = pubmed_url(pmid.value)
        fields["url"] = found(text, pmid.start, pmid.end, url, 0.8, "the PubMed address of this PMID")
    anchor = fields.get("venue") or fields.get("pmid")
    span = (anchor.start, anchor.end) if anchor else (0, 0)
    fields["publication_type"] = found(text, *span, "journal_article", 0.7, "a PubMed record; a letter needs 'letter'")
    return parsed


def _not_the_title(block: str) -> bool:
    """A block above the title that is not it: 'Comment in ...', 'See comment in PubMed Commons below', an
    article-type label ('Case Report') or a labelled page field."""
    first = block.strip().split("\n", 1)[0]
    return bool(_SKIP_BLOCK.match(block)) or (len(block.split("\n")) <= 2 and not_a_title(first))


def _is_label(text: str, block: tuple[int, int]) -> bool:
    return bool(re.match(r"(?i)(?:author\s+information|[A-Z ]{4,30}:)", text[block[0] : block[1]]))


def _journal(text: str, parsed: Parsed, m: re.Match[str]) -> None:
    """Year and journal (the venue, name only: curation rule 6); volume, issue and pages go to a hint."""
    year = int(m.group("year"))
    put(parsed, text, "year", m, "year", year, 0.9, "issue date on the citation line")
    journal = " ".join(m.group("journal").split())
    put(parsed, text, "venue", m, "journal", journal, 0.9, "the journal (curation rule 6: name only)")
    venue = f"{journal} {year}"
    rest = " ".join((m.group("rest") or "").split())
    loc = _LOCATOR.match(rest)
    if loc and (loc.group("vol") or loc.group("pages")):
        part = loc.group("vol") or ""
        part += f"({loc.group('issue')})" if loc.group("issue") else ""
        part += f":{loc.group('pages')}" if loc.group("pages") else ""
        venue += f";{part}" if loc.group("vol") else f":{loc.group('pages')}"
    end = m.end("rest") if m.group("rest") else m.end("year")
    parsed.hint("citation", found(text, m.start("journal"), end, venue, 0.85))
    doi = re.search(r"(?i)\bdoi:\s*(?P<v>10\.\S+)", m.group(0))
    if doi and clean_doi(doi.group("v")):
        at = m.start() + doi.start("v")
        value = clean_doi(doi.group("v"))
        parsed.fields["doi"] = found(text, at, at + len(value or ""), value, 0.9)


def _authors(text: str, parsed: Parsed, start: int, end: int) -> bool:
    """'Smith AB(1), García-López M(2), van der Berg JM(1).' -> record-style names (markers dropped)."""
    raw = " ".join(text[start:end].split())
    if re.match(r"(?i)author\s+information", raw) or len(raw) > 4000:
        return False
    raw = MARKER.sub("", _AUTHOR_MARK.sub("", raw)).rstrip(".")  # 'Smith AB(1)' and 'Sharma N1,2,3' alike
    people, groups = [], []
    for part in re.split(r"[,;]\s*", raw):
        part = part.strip()
        if not part:
            continue
        words = part.split()
        if len(words) >= 2 and is_upper_initials(words[-1]) and len(words) <= 6:
            people.append(part)
        elif len(words) <= 12:
            groups.append(part)
        else:
            return False
    if not people:
        return False
    parsed.fields["authors"] = found(text, start, end, people, 0.9)
    for group in groups:
        parsed.hint("author_groups", found(text, start, end, group, 0.6))
    return True


def _affiliations(text: str, parsed: Parsed, start: int, end: int) -> None:
    for m in re.finditer(r"\(\d{1,3}\)[^\n(]+(?:\n(?!\(\d)[^\n]+)*", text[start:end]):
        value = " ".join(m.group().split())
        parsed.hint("affiliations", found(text, start + m.start(), start + m.end(), value, 0.8))
