"""The record being filled: values put by dotted path with the span each came from, hints for the curator,
identifier lines anywhere in the text, and the suggested record id."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from evidence import vocabulary as vocab
from evidence.ingest.draft import Found, empty_record, found
from evidence.ingest.page import clean_doi
from evidence.links import pubmed_url
from evidence.schema import SLUG

_COMPARATORS = frozenset(vocab.COMPARATOR_CLASSES)


class Builder:
    """Puts values into the record by dotted path and remembers where each came from."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.record = empty_record()
        self.sources: dict[str, Found] = {}
        self.hints: dict[str, list[Found]] = {}

    def put(self, path: str, where: Found, value: Any = None) -> None:
        """Set record[path] (dotted, list items by index) to value (default where.value) and keep its source."""
        value = where.value if value is None else value
        target: Any = self.record
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[parts[-1]] = value
        self.sources[path] = where if where.value == value else replace(where, value=value)

    def hint(self, name: str, items: list[Found] | Found | None) -> None:
        """Add facts without a record field to the draft's hints."""
        if items is None:
            return
        items = items if isinstance(items, list) else [items]
        if items:
            self.hints.setdefault(name, []).extend(items)


_ID_LINE = re.compile(r"(?im)(?:^|[ \t]|»)[ \t]*(?:[-•*][ \t]*)?(?P<label>PMID|PMCID|DOI)[ \t]*:[ \t]*(?P<v>\S+)")
_ID_PATTERNS = {"pmid": r"\d{1,9}", "pmcid": r"PMC\d+"}


def identifiers(b: Builder, text: str) -> None:
    """PMID, PMCID and DOI lines anywhere in the text (e.g. a PubMed web page saved as text, '- PMID: 123'),
    where the page layout did not already give them; a PMID also gives the PubMed address."""
    for m in _ID_LINE.finditer(text):
        path, value = m.group("label").lower(), m.group("v").rstrip(".,;")
        if b.record.get(path):
            continue
        if path == "doi":
            value = clean_doi(value) or ""
        elif not re.fullmatch(_ID_PATTERNS[path], value):
            continue
        if value:
            b.put(path, found(text, m.start("v"), m.start("v") + len(m.group("v").rstrip(".,;")), value, 0.9))
    if b.record.get("pmid") and not b.record.get("url"):
        where = b.sources["pmid"]
        url = pubmed_url(b.record["pmid"])
        b.put("url", found(text, where.start, where.end, url, 0.8, "the PubMed address of this PMID"))


def slug(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value.translate(_TRANSLIT))
    ascii_only = folded.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


_TRANSLIT = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                           "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i"})  # fmt: skip


def suggest_id(b: Builder) -> None:
    """'surname-year-therapy[-therapy]', e.g. 'torres-sanchez-2026-jaki-abatacept' (a suggestion to rename freely)."""
    record = b.record
    authors, year = record.get("authors") or [], record.get("year")
    if not authors or year is None:
        return
    first = authors[0].split()
    surname = " ".join(first[:-1]) if len(first) > 1 else first[0]
    tags = [a["id"] for a in record["arms"] if a.get("therapy_class") not in _COMPARATORS][:2]
    suggested = "-".join(p for p in (slug(surname), str(year), *(slug(t) for t in tags)) if p)[:80].strip("-")
    if suggested and re.fullmatch(SLUG, suggested):
        where = b.sources["authors"]
        note = "suggested from first author, year and therapies"
        b.put("id", Found(suggested, where.start, where.end, where.snippet, 0.5, note), suggested)
