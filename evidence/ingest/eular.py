"""EULAR congress abstracts (Annals of the Rheumatic Diseases supplement) saved as text.

Layout: 'POS0123 TITLE', authors with initials first ('M. Rossi1, L. Bianchi2'), affiliations, Background,
Objectives, Methods, Results, Conclusion, References, Acknowledgements, 'Disclosure of Interests: ...',
'Citation: Ann Rheum Dis, volume 83, supplement 1, year 2024, page 567', and often a DOI.
"""

from __future__ import annotations

import re

from evidence.ingest.bylines import byline
from evidence.ingest.draft import found
from evidence.ingest.header import MEETING_CODE
from evidence.ingest.page import Parsed, clean_doi, clean_url, labelled, lines, put
from evidence.ingest.people import eular_disclosures
from evidence.ingest.sections import find_sections, stop_line

# 'POS0123 TITLE'; a catalogue mirror numbers its entries: '1. AB0643 TITLE' (the code is the abstract number), and
# may glue a four-digit code to the title: 'FRI0459Tofacitinib in ...'.
_CODE_TITLE = re.compile(
    rf"(?m)^[ ]*(?:\d{{1,3}}\.[ ]+)?(?P<code>{MEETING_CODE})(?:[ ]+|(?<=\d{{4}})(?=[A-Z]))(?P<title>\S[^\n]{{4,}})$"
)
# A label line of a catalogue mirror ('- Author', 'Authors:'): the author names follow on the next line.
_AUTHOR_LABEL = re.compile(r"(?i)^(?:[-•*]\s*)?authors?\s*:?$")
_CITATION = re.compile(
    r"(?i)Citation\s*:\s*(?P<journal>Ann(?:als)?\.?\s+(?:of\s+the\s+)?Rheum(?:atic)?\.?\s+Dis(?:eases)?\.?)\s*,\s*volume\s+"
    r"(?P<vol>\d{1,4})\s*,\s*supplement\s+(?P<suppl>\d{1,3})\s*,\s*year\s+(?P<year>(?:19|20)\d{2})"
)
_MEETING = re.compile(r"\bEULAR\s+(?P<year>(?:19|20)\d{2})\b(?:\s+European\s+Congress\s+of\s+Rheumatology)?")


def detect(text: str) -> bool:
    """A EULAR page: its disclosure heading, its ARD citation line, or an abstract code before a title followed by
    abstract headings (the ARD supplement page and its mirrors write them with or without colons)."""
    code = _CODE_TITLE.search(text)
    return bool(
        re.search(r"(?im)^[ ]*Disclosure\s+of\s+Interests?[ ]*:", text)
        or _CITATION.search(text)
        or (code and len({s.name for s in find_sections(text, code.end())}) >= 2)
    )


def parse(text: str) -> Parsed:
    """Citation fields, sections and title of a EULAR abstract."""
    parsed = Parsed("eular")
    fields = parsed.fields
    head = _CODE_TITLE.search(text)
    after = 0
    if head:
        put(parsed, text, "abstract_number", head, "code", head.group("code"), 0.9)
        title = head.group("title").strip().rstrip(".")
        note = "written in capitals on the page" if title.isupper() else None
        put(parsed, text, "title", head, "title", title, 0.85, note)
        parsed.title = head.span("title")
        after = head.end()
        following = list(lines(text, after))[:2]
        numbered = _numbered(text, parsed, after)
        if numbered:
            after = numbered
        elif following and re.fullmatch(r"(?:19|20)\d{2}", following[0].text):
            # a line holding only a year right under the title: the congress year (mirrors of the abstract)
            year = following[0]
            fields["year"] = found(text, year.start, year.end, int(year.text), 0.8, "the year under the title")
            after = year.end
        elif len(following) > 1 and _AUTHOR_LABEL.match(following[0].text):
            names = []  # the lines under the label up to the next label or heading
            for line in lines(text, following[0].end):
                if re.match(r"[-•*]\s|[A-Z][a-z]+(?:\s\w+)?\s*:", line.text):
                    break
                names.append(line)
            if names:
                joined = ", ".join(line.text.rstrip(" ,") for line in names)
                _authors(text, parsed, names[0].start, joined, names[-1].end)
                after = names[-1].end
        elif following and not re.match(r"(?i)(background|objectives?)\s*:", following[0].text):
            _authors(text, parsed, following[0].start, following[0].text)
            if len(following) > 1 and re.match(r"\d", following[1].text):
                item = following[1]
                parsed.hint("affiliations", found(text, item.start, item.end, item.text, 0.8))
    disclosure = labelled(text, r"Disclosure\s+of\s+Interests?", after)
    end = stop_line(text, after)
    parsed.sections = find_sections(text, after, end)
    if disclosure:
        ties, companies = eular_disclosures(disclosure.group("v"))
        if ties is not None:
            note = "EULAR statements run names and companies together: check the list" if companies else None
            put(parsed, text, "disclosures.industry_ties", disclosure, "v", ties, 0.8, note)
        if companies:
            put(parsed, text, "disclosures.companies", disclosure, "v", companies, 0.6)
    citation = _CITATION.search(text)
    meeting = _MEETING.search(text)
    if citation:
        year = int(citation.group("year"))
        put(parsed, text, "year", citation, "year", year, 0.95)
        source = f"Ann Rheum Dis {year};{citation.group('vol')} suppl {citation.group('suppl')}"
        parsed.hint("citation", found(text, citation.start("journal"), citation.end("year"), source, 0.9))
    if meeting:
        if "year" not in fields:
            put(parsed, text, "year", meeting, "year", int(meeting.group("year")), 0.85)
        put(parsed, text, "venue", meeting, 0, meeting.group(), 0.85, "the meeting (curation rule 6: name only)")
    elif citation:
        note = "the page names the journal supplement, not the congress"
        put(parsed, text, "venue", citation, "journal", "Ann Rheum Dis", 0.7, note)
    doi = labelled(text, "DOI")
    if doi and clean_doi(doi.group("v")):
        put(parsed, text, "doi", doi, "v", clean_doi(doi.group("v")), 0.95)
    url = re.search(r"https?://[^\s\"'<>()\[\]{}|\\^`]+", text)
    address = clean_url(url.group()) if url else None
    if url and address:
        fields["url"] = found(text, url.start(), url.start() + len(address), address, 0.7, "an address on the page")
    anchor = head.span("code") if head else (citation.span() if citation else (0, 0))
    fields["publication_type"] = found(text, anchor[0], anchor[1], "conference_abstract", 0.9)
    return parsed


_ITEM = re.compile(r"\d{1,3}\.[ ]+(?P<v>\S.*)")


def _numbered(text: str, parsed: Parsed, start: int) -> int:
    """The ARD page's numbered lists under the title: authors ('1. S. Barsotti1,') then affiliations ('1. 1Rheuma...',
    each starting with its mark). Authors go to the record, affiliations to hints; returns where the lists end."""
    items: list[tuple[int, int, str]] = []  # offsets and text of each item's value
    for line in lines(text, start):
        m = _ITEM.fullmatch(line.text)
        if not m:
            break
        items.append((line.start + m.start("v"), line.end, m.group("v")))
    if not items:
        return 0
    authors = [item for item in items if not item[2][:1].isdigit()]
    read = [byline(value) for _, _, value in authors]  # one author per item, markers dropped
    names = [name for one in read if one for name in one.names[:1]]
    if names and read[0]:  # an item that is no name is left out; the first author must be read
        left_out = "" if len(names) == len(read) else "; items without a name left out"
        note = "initials moved after the surname" + left_out
        parsed.fields["authors"] = found(text, authors[0][0], authors[-1][1], names, 0.8, note)
    for at, end, value in items[len(authors) :]:
        parsed.hint("affiliations", found(text, at, end, value, 0.8))
    return items[-1][1]


def _authors(text: str, parsed: Parsed, start: int, line: str, end: int | None = None) -> None:
    names = byline(line)  # markers dropped; pieces that read as no name are left out
    if names:
        note = "initials moved after the surname" + ("; pieces without a name left out" if names.dropped else "")
        parsed.fields["authors"] = found(text, start, end or start + len(line), names.names, 0.8, note)
