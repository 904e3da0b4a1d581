"""Citation fields a page prints as labelled lines rather than as a PubMed or meeting line: a library catalogue's
'Main Authors' and 'Published in ... 01.06.2013', a research portal's 'State Published - Jun 1 2013', a mirror's
'Date 2023 May 24', a journal issue line 'Pages 363-364 (September - October 2020)', and a meeting abstract code
written before the title ('THU0123 Title').

complete() fills only the fields the page layout left empty; it never replaces a value the layout read.
"""

from __future__ import annotations

import re

from evidence.ingest.bylines import byline, byline_names
from evidence.ingest.draft import found
from evidence.ingest.page import Line, Parsed, lines, session_block

# A meeting abstract code (EULAR's session prefixes and a number): 'THU0123', 'AB0643', 'POS0456', 'OP0012'.
MEETING_CODE = r"(?:POS|OP|AB|PARE|HPR|LB|SAT|FRI|THU|WED)\d{3,4}"
_CODE_START = re.compile(rf"^(?P<code>{MEETING_CODE})(?:[ ]+(?=\S)|(?<=\d{{4}})(?=[A-Z]))")
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_MONTH_WORD = r"[^\W\d_]{3,10}\.?"
# A labelled publication date: the year of the journal or meeting issue the record belongs to.
_DATE_FIELDS = (
    # a research portal's status line: 'State Published - Jun 1 2013', 'Publication status Published - 1 Jun 2013'
    re.compile(rf"(?i)^(?:state|status|publication\s+status)\s*:?\s*published\b[^\n]*?\b{_YEAR}"),
    # a catalogue's 'Published in Annals ... 01.06.2013' or 'Published: 01.06.2013'
    re.compile(rf"(?i)^published(?:\s+in\b|\s*:)[^\n]*?(?<![\d/-]){_YEAR}"),
    # a mirror's 'Date 2023 May 24' or 'Date: 24 May 2023' (not a session's 'Date: Sunday, November 10, 2019')
    re.compile(rf"(?i)^date\s*:?\s*(?:\d{{1,2}}\s+{_MONTH_WORD}\s+)?{_YEAR}(?:\s+{_MONTH_WORD}|[-/.]\d|[ ]*$)"),
    # a journal's issue line: 'Pages 363-364 (September - October 2020)', 'Vol. 5. Núm. 4. (Julio 2009)'
    re.compile(
        rf"(?i)^(?:vol(?:ume)?\.?|issue|pages?|páginas|núm\.?)\s*\d[^\n]*\((?:{_MONTH_WORD}\s*(?:[-/]\s*{_MONTH_WORD}\s*)?)?"
        rf"{_YEAR}\)"
    ),
)
# 'Main Authors', 'Authors:', 'Author(s) Rosa Alvarez, Tomas Becker': the names follow on the line or under it.
_AUTHORS = re.compile(
    r"(?i)^(?:[-•*]\s*)?(?:main\s+)?(?:authors?|creators?)(?:\(s\))?\s*(?::\s*|\s+(?=[A-Z])|$)(?P<v>.*)$"
)
_SURNAME_FIRST = re.compile(r"(?P<surname>[^\W\d_][\w'’ -]{0,40}?)\s*,\s*(?P<given>[^\W\d_][\w'’. -]{0,40})")
_LABEL = re.compile(r"^(?:[-•*]\s*)?[A-Z][A-Za-z]+(?:\s+[a-z]+)?\s*(?::|$)")


def complete(text: str, parsed: Parsed) -> None:
    """Fill the title's meeting code, the authors and the year from labelled lines the layout did not read."""
    _title_label(text, parsed)
    _code_from_title(text, parsed)
    if "authors" not in parsed.fields:
        _authors(text, parsed)
    if "year" not in parsed.fields:
        _year(text, parsed)


def split_code(title: str) -> tuple[str, str] | None:
    """('THU0123', 'Title text') for a title that starts with a meeting abstract code, else None."""
    m = _CODE_START.match(title)
    return (m.group("code"), title[m.end() :]) if m and len(title[m.end() :].split()) >= 2 else None


# A title read from a labelled line ('Title: Abatacept in ...') is the value, without its label.
_TITLE_LABEL = re.compile(r"(?i)^(?:article\s+|document\s+)?title\s*:\s*(?=\S)")


def _title_label(text: str, parsed: Parsed) -> None:
    title = parsed.fields.get("title")
    label = _TITLE_LABEL.match(str(title.value)) if title else None
    if title is None or label is None or not text.startswith(label.group(), title.start):
        return
    at = title.start + label.end()
    parsed.fields["title"] = found(text, at, title.end, str(title.value)[label.end() :], title.confidence, title.note)
    parsed.title = (at, title.end)


def _code_from_title(text: str, parsed: Parsed) -> None:
    """A meeting abstract code stuck to the title is the abstract number, not part of the title."""
    title = parsed.fields.get("title")
    split = split_code(str(title.value)) if title else None
    if title is None or split is None:
        return
    code, rest = split
    at = title.start + len(title.value) - len(rest) if text[title.start : title.end].startswith(code) else None
    if at is None:
        return
    parsed.fields["title"] = found(text, at, title.end, rest, title.confidence, title.note)
    parsed.title = (at, title.end)
    if "abstract_number" not in parsed.fields:
        note = "the code before the title"
        parsed.fields["abstract_number"] = found(text, title.start, title.start + len(code), code, 0.85, note)


def _year(text: str, parsed: Parsed) -> None:
    """The year of the first labelled publication date (a session block's date is the session's, not the page's)."""
    session = session_block(text)
    for line in lines(text):
        if line.start in session:
            continue
        for pattern in _DATE_FIELDS:
            m = pattern.search(line.text)
            if m:
                at = line.start + m.start("year")
                note = "a labelled date of the page"
                parsed.fields["year"] = found(text, at, at + 4, int(m.group("year")), 0.8, note)
                return


def _authors(text: str, parsed: Parsed) -> None:
    """The names after an authors label: on its line ('Authors: A, B'; 'Main Authors: Chen, Wei ; Li, Ming') or one
    per line under it ('Main Authors' then 'Moreno, Lucia' ...), up to the first line that is no name."""
    page = list(lines(text))
    for i, line in enumerate(page):
        m = _AUTHORS.match(line.text)
        if not m:
            continue
        value = m.group("v").strip()
        run = [Line(line.start + m.start("v"), line.end, value)] if value else []
        if not value:
            for below in page[i + 1 : i + 40]:
                if _LABEL.match(below.text) or _one_name(below.text) is None:
                    break
                run.append(below)
        names = _names([item.text for item in run])
        if names:
            note = "under the page's authors label"
            parsed.fields["authors"] = found(text, run[0].start, run[-1].end, names, 0.75, note)
        return


def _names(items: list[str]) -> list[str] | None:
    """Names from one line ('A, B and C'; 'Chen, Wei ; Li, Ming') or from lines holding one name each."""
    if len(items) == 1 and ";" not in items[0]:
        return byline_names(items[0]) or _initials_after(items[0])
    pieces = [p for item in items for p in item.split(";") if p.strip()]
    names = [_one_name(p) for p in pieces]
    return [n for n in names if n] if names and all(names) else None


_INITIALS = re.compile(r"(?:[A-Z]\.?[ -]?){1,3}")


def _initials_after(line: str) -> list[str] | None:
    """'Moreno, L., Hartig, P.' (each surname, then its initials, all split by commas) as ['Moreno L', 'Hartig P']."""
    pieces = [p.strip() for p in line.split(",") if p.strip()]
    if len(pieces) < 2 or len(pieces) % 2 or not all(_INITIALS.fullmatch(p) for p in pieces[1::2]):
        return None
    names = [_one_name(f"{surname}, {initials}") for surname, initials in zip(pieces[::2], pieces[1::2], strict=True)]
    return [n for n in names if n] if all(names) else None


def _one_name(piece: str) -> str | None:
    """'Moreno, Lucia' or 'Vargas Lebrón, C.' (surname first) or 'Lucia Moreno' as 'Moreno L'; None for no name."""
    piece = " ".join(piece.split()).strip(" ;")
    first = _SURNAME_FIRST.fullmatch(piece)
    surname = first.group("surname").strip() if first else None
    plain = f"{first.group('given').strip()} {surname}" if first else piece
    read = byline(plain, {surname.casefold(): surname} if surname else None)
    return read.names[0] if read and len(read.names) == 1 and not read.dropped else None


_SPANISH = re.compile(r"(?i)\b(?:y|el|los|las|del|con|en|una|un|por|para|tras|sin)\b")


def spanish(line: str) -> bool:
    """A line written in Spanish (three or more of its function words): a Spanish journal's title or translation."""
    return len(_SPANISH.findall(line)) >= 3
