"""Journal citation exports: RIS ('TY  - JOUR', 'T1  - ...', 'N2  - ...') and RefWorks tagged ('RT Journal Article',
'T1 ...', 'AB ...'), read with rispy.

Journal sites show these exports with their lines run together; the fields are found by their tags first, written
out one per line (RefWorks tags turned into their RIS equivalents) and read by rispy. Spans point at each field's
value in the pasted text.
"""

from __future__ import annotations

import re

import rispy

from evidence.ingest.draft import found
from evidence.ingest.page import Parsed, Tagged, clean_doi, clean_url, one_line, tagged_fields
from evidence.ingest.people import record_style
from evidence.ingest.sections import Section, find_sections

_RIS_TAG = re.compile(
    r"(?:^|(?<=\s))(?P<tag>" + "|".join(t for t in rispy.TAG_KEY_MAPPING if t != "UK") + r")[ ]{1,2}-(?:[ ]|$)", re.M
)
# RefWorks tag -> RIS tag (RefWorks' tagged format, as journal sites export it).
_REFWORKS = {
    "RT": "TY", "SR": "M3", "T1": "T1", "T2": "T2", "JF": "JF", "JO": "JO", "FD": "DA", "SP": "SP", "OP": "EP",
    "DO": "DO", "VO": "VL", "IS": "IS", "A1": "AU", "A2": "A2", "YR": "PY", "UL": "UR", "AB": "AB", "K1": "KW",
    "PB": "PB", "SN": "SN", "LA": "LA", "NO": "N1", "AD": "AD", "CL": "CY", "ID": "ID",
}  # fmt: skip
_REFWORKS_TAG = re.compile(r"(?:^|(?<=\s))(?P<tag>" + "|".join(_REFWORKS) + r")[ ](?=\S)", re.M)
_REPEATED = frozenset({"A1", "A2", "K1"})  # the only RefWorks tags a record holds more than once
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def detect(text: str) -> str | None:
    """'ris' for a RIS export (it begins with 'TY  - '), 'refworks' for RefWorks tagged ('RT ...'), else None."""
    if re.match(r"\s*TY[ ]{1,2}-[ ]", text):
        return "ris"
    if re.match(r"\s*RT[ ]+\S", text) and re.search(r"(?:^|\s)(?:T1|A1)[ ]\S", text):
        return "refworks"
    return None


def parse(text: str) -> Parsed:
    """Citation fields and the abstract's sections of the first record of a RIS or RefWorks export."""
    kind = detect(text) or "ris"
    if kind == "ris":
        fields = tagged_fields(text, _RIS_TAG)
        ris = {f.tag: f.tag for f in fields}
    else:
        fields = tagged_fields(text, _REFWORKS_TAG, once=frozenset(_REFWORKS) - _REPEATED)
        ris = {f.tag: _REFWORKS[f.tag] for f in fields}
    end = next((i for i, f in enumerate(fields) if ris[f.tag] in {"ER", "TY"} and i), None)
    fields = fields[:end]
    lines = [f"{ris[f.tag]}  - {one_line(text, f)}" for f in fields if ris[f.tag] != "ER"]
    entries = rispy.loads("\n".join([*lines, "ER  - ", ""]))
    entry = entries[0] if entries else {}
    where: dict[str, Tagged] = {}
    for f in fields:
        where.setdefault(ris[f.tag], f)
    parsed = Parsed(kind)
    title_tag = next((t for t in ("T1", "TI") if t in where), None)
    if title_tag:
        title = where[title_tag]
        parsed.fields["title"] = found(text, title.start, title.end, one_line(text, title).rstrip("."), 0.9)
        parsed.title = (title.start, title.end)
    people = entry.get("authors") or entry.get("first_authors") or []
    names = [record_style(_capitalised(a)) for a in people]
    if names and all(names):
        first = where.get("AU") or where.get("A1")
        if first:
            parsed.fields["authors"] = found(text, first.start, first.end, names, 0.8, "the author fields")
    for tag in ("PY", "Y1", "DA"):
        year = _YEAR.search(one_line(text, where[tag])) if tag in where else None
        if year:
            at = where[tag].start + year.start()
            parsed.fields["year"] = found(text, at, at + 4, int(year.group()), 0.9, "the citation's year")
            break
    journal = next((t for t in ("JF", "T2", "JO") if t in where), None)
    if journal:
        venue = where[journal]
        parsed.fields["venue"] = found(text, venue.start, venue.end, one_line(text, venue), 0.85)
    if "DO" in where:
        doi = clean_doi(one_line(text, where["DO"]))
        if doi:
            parsed.fields["doi"] = found(text, where["DO"].start, where["DO"].start + len(doi), doi, 0.95)
    if "UR" in where:
        url = clean_url(one_line(text, where["UR"]).split()[0])
        if url:
            parsed.fields["url"] = found(text, where["UR"].start, where["UR"].start + len(url), url, 0.7)
    body = where.get("AB") or where.get("N2")
    if body:
        parsed.sections = find_sections(text, body.start, body.end) or [Section("abstract", "", body.start, body.end)]
    parsed.fields["publication_type"] = found(text, 0, 0, "journal_article", 0.6, "a journal citation export")
    return parsed


def _capitalised(name: str) -> str:
    """'BRIGITTE BADER-MEUNIER' -> 'Brigitte Bader-Meunier' (a name written all in capitals); 'Lam, Catherine G'
    -> 'Catherine G Lam' (RIS writes the surname first, before a comma)."""
    name = name.title() if name.isupper() else name
    surname, comma, given = name.partition(",")
    return f"{given.strip()} {surname.strip()}" if comma and given.strip() else name
