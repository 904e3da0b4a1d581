"""Abstract text in, Draft out: detect the page layout, read its citation fields, extract the study facts.

parse_abstract never raises anything but IngestError: an unexpected failure inside the parser is reported as
IngestError(reason="internal") so that callers (the CLI, the app) handle one error type.
"""

from __future__ import annotations

import logging
import re

from evidence.ingest import acr, citation, eular, header, medline, pubmed, webpage
from evidence.ingest.assemble import assemble
from evidence.ingest.draft import Draft
from evidence.ingest.sections import find_sections
from evidence.ingest.terms import scan
from evidence.ingest.text import IngestError, decode, normalise

log = logging.getLogger(__name__)

_CORE_SECTIONS = {"background", "objective", "methods", "results", "conclusion"}
_STUDY_WORDS = re.compile(r"(?i)\b(?:dermatomyositis|myositis|myopath\w*|JDM|polymyositis|patients?|children)\b")


def detect_format(text: str) -> str | None:
    """The layout: 'medline', 'ris', 'refworks', 'acr', 'eular', 'pubmed' (PubMed's abstract text), 'page' (a web
    page copied as text), 'plain' (two or more abstract headings), 'text' (no known layout, but the text is about
    patients or names a vocabulary term); None for anything else."""
    if medline.detect(text):
        return "medline"
    export = citation.detect(text)
    if export:
        return export
    if acr.detect(text):
        return "acr"
    if eular.detect(text):
        return "eular"
    if pubmed.detect(text):
        return "pubmed"
    if webpage.detect(text):
        return "page"
    names = {s.name for s in find_sections(text)}
    if len(names & _CORE_SECTIONS) >= 2:
        return "plain"
    if _STUDY_WORDS.search(text) and scan(text):
        return "text"
    return None


def parse_abstract(text: str | bytes) -> Draft:
    """Parse one abstract (meeting page, PubMed or journal page or export, or any abstract text) into a Draft."""
    if isinstance(text, bytes | bytearray):
        text = decode(bytes(text))
    clean = normalise(text)
    try:
        return _parse(clean)
    except IngestError:
        raise
    except Exception as exc:  # the contract: callers only ever see IngestError; the bug itself goes to the log
        log.exception("the abstract parser failed on a text of %d characters", len(clean))
        raise IngestError(f"the parser failed on this text ({type(exc).__name__}: {exc})", "internal") from exc


_LAYOUTS = {
    "medline": medline.parse,
    "ris": citation.parse,
    "refworks": citation.parse,
    "acr": acr.parse,
    "eular": eular.parse,
    "pubmed": pubmed.parse,
    "page": webpage.parse,
    "plain": lambda text: webpage.parse(text, "plain"),
    "text": lambda text: webpage.parse(text, "text"),
}


# Layouts whose citation fields come from a page's head, which may print them as labelled lines (catalogue,
# research portal, mirror, journal issue line); exports and PubMed's own layouts carry tagged fields.
_PAGE_HEADS = frozenset({"eular", "page", "plain", "text"})


def _parse(text: str) -> Draft:
    kind = detect_format(text)
    if kind is None:
        raise IngestError(
            "no recognisable abstract: expected a meeting-abstract page, a PubMed, PMC or journal page or export, "
            "or an abstract about patients with headings such as Background, Methods, Results, Conclusion",
            "not_abstract",
        )
    parsed = _LAYOUTS[kind](text)
    if kind in _PAGE_HEADS:
        header.complete(text, parsed)
    body_words = sum(len(text[s.start : s.end].split()) for s in parsed.sections)
    if body_words < 5 and parsed.title is None:
        raise IngestError(
            "the page holds no abstract text (no title and no Background/Methods/Results)", "not_abstract"
        )
    return assemble(text, parsed)
