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


# Lines of a site's chrome: banners and navigation (line starts), and buttons or block names (whole lines).
CHROME = re.compile(
    r"(?i)^(?:skip\s+to\s+(?:main\s+)?(?:page\s+)?content|an\s+official\s+website\s+of\s+the\s+united\s+states"
    r"|the\s+\.gov\s+means|federal\s+government\s+websites|the\s+site\s+is\s+secure|the\s+https://\s+ensures"
    r"|access\s+keys|ncbi\s+homepage|nihpa\s+author\s+manuscripts|.*\bauthor\s+manuscript;|[»>]\s*articles\b"
    r"|(?:u\.s\.\s+flag|dot\s+gov|https|affiliations?|article\s+text|full\s+text\s+links|cite|share|save|email"
    r"|send\s+to|display\s+options|permalink|actions|page\s+navigation|similar\s+articles|cited\s+by|figures?"
    r"|references|expand|collapse|abstract|summary|article\s+information|open\s+access|view\s+full\s+text"
    r"|download\s+pdf|pdf|menu|log\s*in|sign\s+in|home|search)[ ]*$)"
)
# An article-type label alone on its line ('Original Research', 'BRIEF RESEARCH REPORT article', 'Case Report').
ARTICLE_TYPE = re.compile(
    r"(?i)^[ ]*(?:[•*-]\s*)?(?:(?:brief|original|short|concise|extended|rapid|clinical|mini|systematic|invited|special"
    r"|full|research|case|scientific|review)\s+){0,2}(?:research(?:\s+(?:articles?|letters?|reports?|papers?))?"
    r"|reports?|articles?|papers?|communications?|letters?(?:\s+to\s+the\s+editor)?|reviews?|case(?:\s+(?:reports?"
    r"|series|stud(?:y|ies)))?|series|correspondence|editorial|commentary|perspective|images?(?:\s+in\s+\w+)?"
    r"|science|trials?)(?:\s+articles?)?[ ]*\.?[ ]*$"
)
# A badge line of a journal page ('- Open access', 'Free full text', 'PDF'): it stands above the title, never is one.
BADGE = re.compile(
    r"(?i)^[ ]*(?:[-•*]\s*)?(?:open\s+access|free(?:\s+(?:pmc\s+)?(?:article|full\s+text|access))?|full\s+text"
    r"|(?:download|view|get)?\s*pdf(?:\s+\(\d+[^)]*\))?|epub|html|full\s+text\s+access"
    r"|acceso\s+a\s+texto\s+completo)[ ]*$"
)
# Page chrome that is never a title: a journal's logo link ('Arthritis Res Ther logoLink to Arthritis Res Ther'),
# PubMed's old comment banner and buttons, PMC's author-notes buttons.
_CHROME_LINE = re.compile(
    r"(?i)\blogo\s*link\s+to\b|^[ ]*(?:see\s+comments?\s+in\s+pubmed\s+commons|pubmed\s+commons\b"
    r"|(?:free\s+(?:pmc\s+)?(?:article|full\s+text)|full\s+text\s+links|author\s+information|article\s+notes"
    r"|copyright\s+and\s+license\s+information|find\s+articles\s+by\b.*|go\s+to|show\s+more|view\s+article"
    r"|session\s+information|acr\s+meeting\s+abstracts|meeting\s+abstracts)[ ]*$)"
)
# A labelled field of a meeting or journal page ('Session Type: Poster Session', 'Date: Sunday, November 7',
# 'Sec. Rheumatology', 'Published online: 3 May 2021'), not a title.
_PAGE_FIELD = re.compile(
    r"(?i)^[ ]*(?:[-•*]\s*)?(?:session(?:\s+\w+)?|date(?:\s+of\s+\w+(?:\s+\w+)?)?|time|meeting|keywords?"
    r"|abstract\s+(?:number|id)|category|track|room|location|poster(?:\s+(?:number|board|session))?|presentation(?:\s+(?:type|number|time|date))?"
    r"|published(?:\s+online)?|received|accepted|revised|citation|volume|issue|display\s+settings|format"
    r"|section|edited\s+by|reviewed\s+by|specialty\s+section|article\s+type|presenting\s+author|presenter)\s*:"
    r"|^[ ]*sec\.\s"
)
# A journal's logo link: PMC writes it right above the citation line and the title.
LOGO_LINK = re.compile(r"(?i)\blogo\s*link\s+to\b")
# A line holding a web address or a DOI, or a short line ending in a date ('Front. Med., 03 March 2022') is a
# publication line, not a title.
_ADDRESS = re.compile(r"(?i)https?://|\bwww\.|\bdoi\s*:|\bdoi\.org\b")
_DATED = re.compile(
    r"(?i)\b(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d{2}"
    r"\.?[ ]*$"
)


# Site navigation is never a title: a numbered menu item of at most four words ('1. Top of page', '3. Search
# results'), or a menu line ('Main menu', 'Top of page', 'Back to results').
_NAVIGATION = re.compile(
    r"(?i)^[ ]*(?:\d{1,2}[.)][ ]+(?:\S+[ ]+){0,3}\S+|(?:main|site|top)\s+(?:menu|navigation)|(?:back\s+)?to\s+top"
    r"|top\s+of\s+(?:the\s+)?page|back\s+to\s+(?:results|search|top)|(?:previous|next)\s+(?:article|record|result))"
    r"[ ]*$"
)
# A field of a catalogue, research-portal or mirror page written without a colon ('Main Authors', 'Published in
# Annals ... 01.06.2013', 'State Published - Jun 1 2013', 'Journal Annals of ...', 'Date 2023 May 24', 'Volume 72',
# 'Original language English', 'Research output: ...'), or an issue line ('Pages 363-364 (September - October
# 2020)', 'Vol. 16. Issue 5.'): a field of the page, never its title.
_FIELD_NO_COLON = re.compile(
    r"(?i)^[ ]*(?:[-•*]\s*)?(?:(?:main\s+|other\s+|corporate\s+)?authors?(?:\(s\))?(?:\s*:.*)?|published\s+in\b.*"
    r"|(?:state|status|publication\s+status)\s*:?\s*published\b.*|journal\s+(?!of\b|club\b)\S.*|date\s+(?:19|20)\d{2}\b.*"
    r"|(?:volume|issue(?:\s+number)?|number\s+of\s+pages|pages\s*\(from-to\)|article\s+number)\s*:?\s*[\w.-]+(?:\s+\w+)?"
    r"|(?:format|language|original\s+language)\s*:?\s*\w+(?:\s+\w+)?|research\s+output\s*:.*"
    r"|overview|fingerprint|bibliographic\s+details|saved\s+in\s*:?"
    r"|(?:vol(?:ume)?\.?|issue|pages?|páginas|núm\.?|no\.)\s*\d[^\n]*|visits|visitas|full\s+text\s+access"
    r"|acceso\s+a\s+texto\s+completo)[ ]*$"
)


def not_a_title(line: str) -> bool:
    """A line that cannot be the article's title: an article-type label, page chrome or navigation, a badge, a
    labelled page field (with or without its colon), an address or DOI line, or a short line ending in a date."""
    return bool(
        ARTICLE_TYPE.match(line)
        or CHROME.match(line)
        or BADGE.match(line)
        or _CHROME_LINE.search(line)
        or _PAGE_FIELD.match(line)
        or _NAVIGATION.match(line)
        or _FIELD_NO_COLON.match(line)
        or _ADDRESS.search(line)
        or (_DATED.search(line) and len(line.split()) <= 8)
    )


_SESSION_HEAD = re.compile(r"(?im)^[ ]*session\s+information[ ]*$")
_FIELD_LINE = re.compile(r"[A-Z][A-Za-z]*(?:[ ][A-Za-z]+){0,3}[ ]*:[ ]*\S")


def session_block(text: str) -> set[int]:
    """Starts of the labelled lines under a meeting page's 'Session Information' line ('Date:', 'Title:', 'Session
    Type:'): the labelled lines of a session block describe the session, so its 'Title:' is never the abstract's."""
    out: set[int] = set()
    for head in _SESSION_HEAD.finditer(text):
        for line in lines(text, head.end()):
            if not _FIELD_LINE.match(line.text):
                break
            out.add(line.start)
    return out


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
