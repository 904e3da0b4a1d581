"""PubMed's MEDLINE text export ('PMID- 123', 'TI  - ...', 'AB  - ...'), read with Biopython's Bio.Medline.

Pages that show the export often run its lines together; the fields are found by their tags first, written out one
field per line, and read by Bio.Medline. Spans point at each field's value in the pasted text.
"""

from __future__ import annotations

import io
import re

from Bio import Medline

from evidence.ingest.draft import found
from evidence.ingest.page import Parsed, Tagged, clean_doi, one_line, tagged_fields
from evidence.ingest.people import free_text_disclosures
from evidence.ingest.sections import Section, find_sections
from evidence.links import pubmed_url

# The MEDLINE field tags (NLM's list, as Bio.Medline.Record documents them).
TAGS = (
    "AB", "CI", "AD", "IRAD", "AID", "AU", "AUID", "FAU", "CN", "DCOM", "DA", "LR", "DEP", "DP", "EDAT", "GS", "GN",
    "GR", "IR", "FIR", "IS", "IP", "TA", "JT", "LA", "LID", "MID", "MHDA", "MH", "JID", "RF", "OAB", "OCI", "OID",
    "OT", "OTO", "OWN", "PG", "PS", "FPS", "PL", "PHST", "PST", "PT", "PUBM", "PMC", "PMCR", "PMID", "RN", "NM",
    "SI", "SO", "SFM", "STAT", "SB", "TI", "TT", "VI", "CON", "CIN", "EIN", "EFR", "CRI", "CRF", "PRIN", "PROF",
    "RPI", "RPF", "RIN", "ROF", "UIN", "UOF", "SPIN", "ORI", "COIS", "CTDT", "EN",
)  # fmt: skip
_TAG = re.compile(r"(?:^|(?<=\s))(?P<tag>" + "|".join(sorted(TAGS, key=len, reverse=True)) + r")[ ]{0,3}-[ ]", re.M)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Publication types that state the design ('Case Reports': one or a few patients presented as cases).
DESIGN_TYPES = {
    "randomized controlled trial": "rct",
    "case reports": "case_report",
}


def detect(text: str) -> bool:
    """A MEDLINE export: it begins with a 'PMID- ' field and has a title field."""
    return bool(re.match(r"\s*PMID-\s*\d", text)) and bool(re.search(r"(?:^|\s)TI[ ]{0,3}-[ ]", text))


def parse(text: str) -> Parsed:
    """Citation fields, publication types and the abstract's sections of a MEDLINE record (the first one)."""
    parsed = Parsed("medline")
    fields = tagged_fields(text, _TAG)
    later = next((i for i, f in enumerate(fields) if f.tag == "PMID" and i), None)
    fields = fields[:later]  # a second record begins at its PMID
    lines = []
    for f in fields:
        lines.append(f"{f.tag:<4}- {one_line(text, f)}")
    record = Medline.read(io.StringIO("\n".join(lines) + "\n"))
    where = {f.tag: f for f in reversed(fields)}  # the first field of each tag
    _put(parsed, text, where, "TI", "title", str(record.get("TI", "")).rstrip("."), 0.95)
    if "TI" in where:
        parsed.title = (where["TI"].start, where["TI"].end)
    year = _YEAR.search(str(record.get("DP", "")))
    if year:
        _put(parsed, text, where, "DP", "year", int(year.group()), 0.95, "the date of publication (DP)")
    authors = [str(a) for a in record.get("AU", [])]
    if authors:
        first = where["AU"]
        parsed.fields["authors"] = found(text, first.start, first.end, authors, 0.9, "the AU fields")
    venue = record.get("JT") or record.get("TA")
    if venue:
        _put(parsed, text, where, "JT" if "JT" in where else "TA", "venue", str(venue), 0.85)
    _put(parsed, text, where, "PMID", "pmid", str(record.get("PMID", "")), 0.95)
    if "pmid" in parsed.fields:
        pmid = parsed.fields["pmid"]
        url = pubmed_url(pmid.value)
        parsed.fields["url"] = found(text, pmid.start, pmid.end, url, 0.8, "the PubMed address of this PMID")
    for f in fields:
        value = one_line(text, f)
        if f.tag in {"LID", "AID"} and value.endswith("[doi]") and "doi" not in parsed.fields:
            doi = clean_doi(value[: -len("[doi]")])
            if doi:
                parsed.fields["doi"] = found(text, f.start, f.start + len(doi), doi, 0.95)
        if f.tag == "PT" and value.casefold() in DESIGN_TYPES:
            design = DESIGN_TYPES[value.casefold()]
            parsed.fields.setdefault("design", found(text, f.start, f.end, design, 0.8, "publication type"))
    if "COIS" in where:
        ties, companies = free_text_disclosures(one_line(text, where["COIS"]))
        if ties is not None:
            _put(parsed, text, where, "COIS", "disclosures.industry_ties", ties, 0.75)
        if companies:
            _put(parsed, text, where, "COIS", "disclosures.companies", companies, 0.6)
    if "AB" in where:
        body = where["AB"]
        parsed.sections = find_sections(text, body.start, body.end) or [Section("abstract", "", body.start, body.end)]
    parsed.fields["publication_type"] = found(text, 0, 0, "journal_article", 0.6, "a MEDLINE record")
    return parsed


def _put(parsed: Parsed, text: str, where: dict[str, Tagged], tag: str, path: str, value: object, confidence: float,
         note: str | None = None) -> None:  # fmt: skip
    """Record a field read from a MEDLINE tag (nothing when the tag is absent or the value empty)."""
    if tag in where and value not in ("", None):
        f = where[tag]
        parsed.fields[path] = found(text, f.start, f.end, value, confidence, note)
