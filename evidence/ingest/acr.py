"""ACR meeting-abstract pages (acrabstracts.org) saved as text.

Layout: navigation, 'Abstract Number: N', title, byline with affiliations, 'Meeting: ...', session block,
Background/Purpose, Methods, Results, Conclusion, 'Disclosures: ...', and an AMA citation that gives the authors
in the records' style, the journal supplement and the page address.
"""

from __future__ import annotations

import re

from evidence.ingest.bylines import byline
from evidence.ingest.draft import found
from evidence.ingest.page import Line, Parsed, clean_url, labelled, lines, not_a_title, put, session_block
from evidence.ingest.people import acr_disclosures, disclosure_surnames, is_upper_initials
from evidence.ingest.sections import find_sections, stop_line

_NUMBER = re.compile(r"(?im)^[ ]*Abstract\s+Number[ ]*:[ ]*(?P<v>[A-Za-z]{0,4}\d{1,6}[A-Za-z]?)[ ]*$")
_URL = re.compile(r"https?://(?:www\.)?acrabstracts\.org/abstract/[^\s\"'<>()\[\]{}|\\^`]+")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_CITE = re.compile(r"(?i)to\s+cite\s+this\s+abstract[^\n:]*:[ ]*\n\s*(?P<v>[^\n]+)")
_SOURCE = re.compile(
    r"(?P<journal>[A-Z][^.\n\d]{2,80}?)\.?\s+(?P<year>(?:19|20)\d{2})\s*;\s*(?P<vol>\d{1,4})\s*(?:\((?P<suppl>[^)\n]{1,20})\))?"
)
_AFFILIATION_START = re.compile(
    r",\s*(?=\d{1,2}[^\W\d_])|,\s+(?=(?:University|Department|Division|Hospital|Institute|Center|Centre|College"
    r"|School|Faculty|Clinic|Children's)\b)"
)


_PURPOSE_HEAD = re.compile(r"(?im)^[ ]*Background/Purpose[ ]*:")


def detect(text: str) -> bool:
    """An ACR page: an 'Abstract Number:' line, or ACR's 'Background/Purpose:' heading with an acrabstracts.org
    address or a session block (a page copied from its 'Session Information' line on)."""
    return bool(_NUMBER.search(text)) or (
        bool(_PURPOSE_HEAD.search(text)) and ("acrabstracts.org" in text or bool(session_block(text)))
    )


def parse(text: str) -> Parsed:
    """Citation fields, sections and title of an ACR page."""
    parsed = Parsed("acr")
    fields = parsed.fields
    number = _NUMBER.search(text)
    after_number = number.end() if number else 0
    if number:
        put(parsed, text, "abstract_number", number, "v", number.group("v"), 0.95)
    meeting = labelled(text, "Meeting", after_number)
    heads = find_sections(text, after_number)
    stop = meeting.start() if meeting else (heads[0].head if heads and not number else None)
    session = session_block(text)
    # the title and byline are the first lines under the number that are not page fields, chrome or the session
    # block; without a number, the title is the line right before the byline
    page_lines = [
        line
        for line in lines(text, after_number, stop)
        if not (not_a_title(line.text) or line.text.startswith("•") or line.start in session)
    ]
    if not number:
        first = next((i for i in range(len(page_lines) - 1) if _is_byline(page_lines[i + 1].text)), None)
        page_lines = page_lines[first:] if first is not None else []
    citation = _citation(text, parsed)
    if page_lines:
        title = page_lines[0]
        confidence = (0.95 if citation else 0.85) - (0 if number else 0.1)
        fields["title"] = found(text, title.start, title.end, title.text.rstrip("."), confidence)
        parsed.title = (title.start, title.end)
    elif "title" in fields:
        parsed.title = (fields["title"].start, fields["title"].end)
    disclosure = labelled(text, r"Disclosures?", after_number)
    surnames = disclosure_surnames(disclosure.group("v")) if disclosure else {}
    if len(page_lines) > 1:
        _byline(text, parsed, page_lines[1], surnames)
    if meeting:
        put(parsed, text, "venue", meeting, "v", meeting.group("v"), 0.9, "the meeting (curation rule 6: name only)")
        year = _YEAR.search(meeting.group("v"))
        if year and "year" not in fields:
            at = meeting.start("v") + year.start()
            fields["year"] = found(text, at, at + 4, int(year.group()), 0.9, "the meeting's year")
    _session(text, parsed, after_number)
    body_start = meeting.end() if meeting else (page_lines[1].end if len(page_lines) > 1 else after_number)
    if disclosure:
        body_end = disclosure.start()
    else:  # no disclosures: the body ends at the first stop line after the first heading (not at 'Keywords:')
        first_heads = find_sections(text, body_start)
        body_end = stop_line(text, first_heads[0].head if first_heads else body_start)
    parsed.sections = find_sections(text, body_start, body_end)
    if disclosure:
        ties, companies = acr_disclosures(disclosure.group("v"))
        if ties is not None:
            note = f"companies named: {', '.join(companies)}" if companies else "every author: none"
            put(parsed, text, "disclosures.industry_ties", disclosure, "v", ties, 0.9, note)
        if companies:
            put(parsed, text, "disclosures.companies", disclosure, "v", companies, 0.8)
    url = _URL.search(text)
    address = clean_url(url.group()) if url else None
    if url and address:
        fields["url"] = found(text, url.start(), url.start() + len(address), address, 0.9)
    anchor = number.span("v") if number else (meeting.span("v") if meeting else (0, 0))
    fields["publication_type"] = found(text, *anchor, "conference_abstract", 0.9, "an ACR meeting-abstract page")
    return parsed


def _citation(text: str, parsed: Parsed) -> bool:
    """The AMA citation: authors in record style, title, journal supplement and year."""
    m = _CITE.search(text)
    if not m:
        return False
    line, base = m.group("v"), m.start("v")
    cut = line.find("[abstract]")
    if cut < 0:
        return False
    left = line[:cut]
    if len(left) > 5000:
        return False  # no real citation is this long; do not search it
    for dot in re.finditer(r"\.\s+", left):
        names = [n.strip() for n in left[: dot.start()].split(",")]
        if names and all(_cited_name(n) for n in names):
            authors = [n for n in names if not re.fullmatch(r"et\s+al", n, re.I)]
            truncated = len(authors) < len(names)
            parsed.fields["authors"] = found(text, base, base + dot.start(), authors, 0.9, "from the page's citation")
            if truncated:
                parsed.fields["authors_truncated"] = found(
                    text, base, base + dot.start(), True, 0.8, "citation ends in et al"
                )
            title = left[dot.end() :].strip().rstrip(".")
            if len(title) >= 5:
                start = base + dot.end()
                parsed.fields["title"] = found(text, start, start + len(title), title, 0.85)
            break
    source = _SOURCE.search(line, cut)
    if source:
        year = int(source.group("year"))
        parsed.fields["year"] = found(text, base + source.start("year"), base + source.end("year"), year, 0.95)
        suppl = f" {source.group('suppl').strip()}" if source.group("suppl") else ""
        value = f"{source.group('journal').strip()} {year};{source.group('vol')}{suppl}"
        parsed.hint("citation", found(text, base + source.start(), base + source.end(), value, 0.9))
    return True


def _is_byline(line: str) -> bool:
    """A line of author names (two or more, or marked ones) with or without the affiliations written after them."""
    split = _AFFILIATION_START.search(line)
    names = byline(line[: split.start()] if split else line)
    return names is not None and (len(names.names) >= 2 or names.marked)


def _cited_name(name: str) -> bool:
    if re.fullmatch(r"et\s+al", name, re.I):
        return True
    words = name.split()
    return len(words) >= 2 and is_upper_initials(words[-1])


def _byline(text: str, parsed: Parsed, line: Line, surnames: dict[str, str]) -> None:
    """'Juan Torres Sanchez1, Dawn Gist2 ... and Amit Thakral4, 1Baylor College of Medicine, Houston, TX, ...'."""
    start, raw = line.start, line.text
    split = _AFFILIATION_START.search(raw)
    names_part = raw[: split.start()] if split else raw
    if split:
        for m in re.finditer(r"(?:^|,\s*)(?P<a>\d{1,2}[^\W\d_][^\n]*?)(?=,\s*\d{1,2}[^\W\d_]|$)", raw[split.start() :]):
            at = start + split.start() + m.start("a")
            parsed.hint("affiliations", found(text, at, at + len(m.group("a")), m.group("a"), 0.8))
    names = byline(names_part, surnames)  # affiliation markers dropped; pieces that are no name are left out
    if "authors" not in parsed.fields and names:
        confidence = 0.75 if surnames else 0.6
        note = "converted from the byline" + ("; surnames checked against the disclosures" if surnames else "")
        if names.dropped:
            confidence, note = 0.5, note + f"; {names.dropped} piece(s) that read as no name left out"
        parsed.fields["authors"] = found(text, start, start + len(names_part), names.names, confidence, note)


def _session(text: str, parsed: Parsed, start: int) -> None:
    block = re.search(r"(?i)Session\s+Information", text[start:])
    if not block:
        return
    at = start + block.end()
    limit = min(len(text), at + 600)
    for label, name in (("Title", "session"), ("Date", "session_date"), ("Session\\s+Type", "session_type")):
        m = labelled(text, label, at, limit)
        if m:
            parsed.hint(name, found(text, m.start("v"), m.end("v"), m.group("v"), 0.9))
    keywords = labelled(text, "Keywords", 0, at)
    if keywords:
        parsed.hint("keywords", found(text, keywords.start("v"), keywords.end("v"), keywords.group("v"), 0.9))
