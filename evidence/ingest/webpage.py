"""Web pages copied as text (PubMed, PubMed mirrors, PMC, journal pages), headed abstracts, and any other text.

A page copied whole carries the site's chrome ('Skip to main page content', 'An official website of the United
States government', menus, 'Similar articles'); those lines are never a title, an author or the abstract. Above the
abstract a page shows some of: a publication type, the citation line ('Scand J Rheumatol. 2010;39(1):88-92.'),
the title, the authors ('Wanlong Wu et al.' or 'Kelly A Rouster-Stevens 1, Gabrielle A Morgan 2'), identifiers.
The body runs from the 'Abstract' line (or the first heading) to the first stop line ('Publication types', ...).
"""

from __future__ import annotations

import re
from itertools import takewhile

from evidence.ingest.bylines import byline_names
from evidence.ingest.draft import found
from evidence.ingest.header import spanish
from evidence.ingest.page import ARTICLE_TYPE, BADGE, CHROME, LOGO_LINK, Line, Parsed, lines, not_a_title, session_block
from evidence.ingest.people import record_style
from evidence.ingest.sections import Section, find_sections, stop_line

# A page that was copied whole shows one of these.
_PAGE_SIGNS = re.compile(
    r"(?im)^[ ]*(?:skip\s+to\s+(?:main\s+)?(?:page\s+)?content|an\s+official\s+website\s+of\s+the\s+united\s+states"
    r"|[»>]\s*articles\b|article\s+text[ ]*$|publication\s+types[ ]*$|mesh\s+terms[ ]*$|-\s*pmid\s*:"
    r"|.*author\s+manuscript;|published\s+in\s+final\s+edited\s+form)"
)
# A journal citation line: '(Journal.) 2010;39(1):88-92', '. 2025 May 22;65(5):2401488', 'Mar-Apr 1997;38(2)'.
_CITATION = re.compile(
    r"(?:^|[.:]\s+|\s)(?:(?P<journal>[A-Z][^.;\n]{1,80}?)\.\s+)?(?:[A-Z][a-z]{2}-[A-Z][a-z]{2}\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*[;:]\s*\d"
)
# A journal's abbreviated name and a date on their own line (a journal page's citation line): 'Front. Immunol.,
# 14 October 2022'.
_JOURNAL_DATE = re.compile(
    r"^(?P<journal>(?:[A-Z][A-Za-z]*\.\s*){1,4}),?\s+(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov"
    r"|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?P<year>(?:19|20)\d{2})\.?$"
)
# An article-number citation line: 'Arthritis Research & Therapy volume 19, Article number: 127 (2021)'.
_ARTICLE_NUMBER = re.compile(
    r"^(?:(?P<journal>[A-Z][^\n]{1,80}?)\s+)?volume\s+\d{1,4}\s*,\s*article\s+(?:number|no\.?)\s*:?\s*[\w-]{1,12}\s*"
    r"\((?P<year>(?:19|20)\d{2})\)",
    re.I,
)
# A bulleted line of a page's author list ('- Lena Hartmann1,', '- Paul Nguyen2 &'): one name per line.
_BULLET = re.compile(r"^[-•*]\s+")
_ID = re.compile(r"(?i)^(?:[-•*]\s*)?(?:pmid|pmcid|doi|nihmsid)\s*:")
_ET_AL = re.compile(r"^(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’.-]*){1,4}?)\s+et\s+al\.")
# PubMed publication types that state a design ('Case Reports': patients presented one by one).
DESIGN_TYPES = {"case reports": "case_report", "case report": "case_report", "randomized controlled trial": "rct"}
_TYPES = re.compile(
    r"(?i)^(?:[•*-]\s*)?(?:case\s+reports|randomized\s+controlled\s+trial|comparative\s+study|clinical\s+trial"
    r"(?:,\s+phase\s+\w+)?|review|letter|observational\s+study|multicenter\s+study|research\s+support[^\n]*"
    r"|journal\s+article|editorial|systematic\s+review|meta-analysis)[ ]*$"
)
_PROSE_WORDS = 30  # a line this long is a paragraph of the abstract, not a title or a citation
_ABSTRACT_LINE = re.compile(r"(?im)^[ ]*(?:abstract|summary)[ ]*$")


def detect(text: str) -> bool:
    """A web page copied as text: site chrome, PubMed's blocks, PMC's manuscript line or '- PMID:' bullets."""
    return bool(_PAGE_SIGNS.search(text))


def parse(text: str, kind: str = "page") -> Parsed:
    """Title, authors, year, venue, design (publication type) and the abstract's sections of a page or text."""
    parsed = Parsed(kind)
    abstract = _ABSTRACT_LINE.search(text)
    heads = find_sections(text)
    if abstract:  # headings above the 'Abstract' line belong to the page (a publication type such as 'Case Reports')
        head_end, body_start = abstract.start(), abstract.end()
    elif heads:
        head_end = body_start = heads[0].head
    else:  # no heading: the head is the short lines before the first paragraph of prose
        prose = next((line for line in lines(text) if len(line.text.split()) >= _PROSE_WORDS), None)
        head_end = body_start = prose.start if prose else 0
    session = session_block(text)  # a session block's 'Title:' is the session's
    head = [
        line
        for line in lines(text, 0, head_end)
        if (BADGE.match(line.text) or not CHROME.match(line.text)) and line.start not in session
    ]
    _read_head(text, parsed, head)
    body_end = stop_line(text, body_start)
    parsed.sections = find_sections(text, body_start, body_end) or (
        [Section("abstract", "", body_start, body_end)] if body_end > body_start else []
    )
    _publication_types(text, parsed, body_end)
    return parsed


def _read_head(text: str, parsed: Parsed, head: list[Line]) -> None:
    """Citation line, publication type, title, byline and identifiers above the abstract."""
    title_at = None
    typed = False  # an article-type label was seen
    for i, line in enumerate(head):
        cite = _CITATION.search(line.text)
        typed_now = bool(
            _TYPES.match(line.text) or ARTICLE_TYPE.match(line.text)
        )  # 'Case Reports', 'Original Research'
        if typed_now:
            design = DESIGN_TYPES.get(re.sub(r"\s+article$", "", line.text.lstrip("•*- ").rstrip(". ").casefold()))
            if design:
                parsed.fields.setdefault("design", found(text, line.start, line.end, design, 0.8, "publication type"))
            typed = True
        badge = bool(BADGE.match(line.text))
        if typed_now or LOGO_LINK.search(line.text) or badge:  # a type label, a journal's logo link or a badge
            # ('Open access', 'PDF') stands above the title, so a line taken before it was site chrome (unless a
            # badge sits between the title and its byline)
            byline_next = badge and i + 1 < len(head) and byline_names(head[i + 1].text)
            if title_at is not None and "authors" not in parsed.fields and not byline_next:
                title_at, parsed.title = None, None  # ('Top bar navigation', 'Search PMC Full-Text Archive')
                del parsed.fields["title"]
            continue
        numbered = _ARTICLE_NUMBER.match(line.text)
        if numbered:
            if "year" not in parsed.fields:
                at = line.start + numbered.start("year")
                parsed.fields["year"] = found(text, at, at + 4, int(numbered.group("year")), 0.9, "the citation line")
            if numbered.group("journal") and "venue" not in parsed.fields:
                at = line.start + numbered.start("journal")
                parsed.fields["venue"] = found(
                    text, at, line.start + numbered.end("journal"), numbered.group("journal"), 0.8
                )
            continue
        dated = _JOURNAL_DATE.match(line.text)
        if dated and "year" not in parsed.fields:
            at = line.start + dated.start("year")
            parsed.fields["year"] = found(text, at, at + 4, int(dated.group("year")), 0.85, "the journal's date line")
            continue
        if cite and ("year" not in parsed.fields) and len(line.text) < 300 and not _ET_AL.match(line.text):
            at = line.start + cite.start("year")
            parsed.fields["year"] = found(text, at, at + 4, int(cite.group("year")), 0.9, "the citation line")
            if cite.group("journal") and not re.search(r"(?i)published|available", cite.group("journal")):
                start = line.start + cite.start("journal")
                journal = cite.group("journal").strip()
                parsed.fields["venue"] = found(text, start, start + len(journal), journal, 0.8)
            continue
        if _ID.match(line.text) or re.match(r"(?i)doi\s*:", line.text) or cite:
            continue
        et_al = _ET_AL.match(line.text)
        if et_al and "authors" not in parsed.fields:
            name = record_style(et_al.group("name"))
            if name:
                parsed.fields["authors"] = found(text, line.start, line.start + et_al.end("name"), [name], 0.8)
                parsed.fields["authors_truncated"] = found(text, line.start, line.end, True, 0.8, "et al.")
            continue
        if title_at is None and 3 <= len(line.text.split()) < _PROSE_WORDS and not line.text.endswith(":"):
            if not_a_title(line.text) or (typed and byline_names(line.text)):
                continue  # 'Session Type: Poster Session', 'Front. Med., 3 March 2022', a DOI line, a byline
            title_at = i
            parsed.fields["title"] = found(text, line.start, line.end, line.text.rstrip("."), 0.8)
            parsed.title = (line.start, line.end)
            continue
        # The byline stands right under the title, or under a subtitle, a label, a translated title and a page
        # counter ('Visits', '1520'): up to four lines below it.
        if title_at is not None and i <= title_at + 4 and "authors" not in parsed.fields:
            last = line
            style = _name_style(head, title_at)
            if _BULLET.match(line.text):  # a bulleted author list, one name per line
                run = list(takewhile(lambda x: _BULLET.match(x.text), head[i:]))
                last = run[-1]
                joined = ", ".join(_BULLET.sub("", x.text).rstrip(" ,&") for x in run)
                names = byline_names(joined, **style)
            else:
                names = byline_names(line.text, **style)
            if names:
                parsed.fields["authors"] = found(text, line.start, last.end, names, 0.7, "the byline")


_LETTERED = re.compile(r"^a[ ]+[A-ZÀ-Ý]")  # an affiliation listed under its letter: 'a Department of ...'


def _name_style(head: list[Line], title_at: int) -> dict[str, bool]:
    """How the page writes names: affiliations listed under letters (so a letter after a name is its marker), and
    a title or translated title in Spanish (whose authors carry two surnames: 'Carmen Vargas Lebrón')."""
    near = head[title_at : title_at + 2]
    return {
        "lettered": any(_LETTERED.match(line.text) for line in head),
        "two_surnames": any(spanish(line.text) for line in near),
    }


def _publication_types(text: str, parsed: Parsed, start: int) -> None:
    """'Publication types' block below a PubMed abstract: a type that states the design."""
    block = re.search(r"(?im)^[ ]*publication\s+types[ ]*$", text[start:])
    if not block:
        return
    for line in list(lines(text, start + block.end()))[:8]:
        design = DESIGN_TYPES.get(line.text.lstrip("•*- ").casefold())
        if design:
            parsed.fields.setdefault("design", found(text, line.start, line.end, design, 0.8, "publication type"))
