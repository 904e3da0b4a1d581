"""Exports of an evidence view: CSV, JSON, Excel, Markdown report, RIS citations, study-level JSON.

Every file is safe and readable: spreadsheet cells cannot start a formula (OWASP: a leading quote), CSV has
readable headers and labels with a UTF-8 byte-order mark (so γ, ñ and í open correctly in Excel), JSON keeps ids
for machines, Excel has links, a bold frozen header, filters and wrapped text (evidence.workbook), RIS is written
by rispy with single-line fields, and Markdown text is escaped only where a character would change its meaning.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import rispy

from evidence import vocabulary as vocab
from evidence.errors import ExportFormatError
from evidence.filters import Filters
from evidence.links import doi_url, pubmed_url
from evidence.text import escape_document, safe_cell, single_line
from evidence.view import EvidenceView
from evidence.workbook import Sheet, workbook

FORMATS = ("csv", "json", "xlsx", "md", "ris")
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown",
    "ris": "application/x-research-info-systems",
    "html": "text/html",
}
BOM = "\ufeff"
# The evidence table, leading with what a clinician reads first: study, therapy, n, results, source.
EXPORT_COLUMNS = {
    "citation": "Study",
    "therapy": "Therapy",
    "n": "Patients in the arm (n)",
    "outcomes": "Results",
    "safety": "Harms",
    "url": "Source",
    "design": "Design",
    "evidence_level": "Evidence level (1 = strongest)",
    "age_group": "Patients",
    "antibodies": "Antibodies (positive/tested)",
    "year": "Year",
    "publication_type": "Publication type",
    "therapy_class": "Therapy class",
    "industry_ties": "Author industry ties",
    "study_id": "Study id",
    "arm_id": "Arm id",
}
OUTCOME_EXPORT = {
    "citation": "Study",
    "therapy": "Therapy",
    "arm_n": "Patients in the arm (n)",
    "measure": "Outcome",
    "timepoint_months": "Time point (months)",
    "responders": "Patients with the outcome",
    "evaluable": "Out of",
    "denominator_basis": "Denominator",
    "result": "Result",
    "summary": "Summary",
    "domain": "Domain",
    "significant": "Statistically significant",
    "source_section": "Where in the source",
    "url": "Source",
    "study_id": "Study id",
}
SAFETY_EXPORT = {
    "citation": "Study",
    "therapy": "Therapy",
    "kind": "Harm",
    "count": "Patients with it",
    "denominator": "Out of",
    "summary": "Summary",
    "source_section": "Where in the source",
    "url": "Source",
    "study_id": "Study id",
}
LABELS = {
    "design": vocab.design_label,
    "therapy_class": vocab.class_label,
    "age_group": vocab.AGE_GROUPS.label,
    "publication_type": vocab.PUBLICATION_TYPES.label,
    "measure": vocab.MEASURES.label,
    "domain": vocab.OUTCOME_DOMAINS.label,
    "kind": vocab.SAFETY_KINDS.label,
    "denominator_basis": vocab.DENOMINATOR_BASES.label,
}
FLAGS = {"industry_ties": {True: "Yes", False: "No"}, "significant": {True: "Yes", False: "No"}}


def arm_export_table(view: EvidenceView) -> pd.DataFrame:
    """The evidence table with the documented export columns (ids kept as ids)."""
    return view.arms[list(EXPORT_COLUMNS)].reset_index(drop=True)


def readable(table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Columns renamed for people, vocabulary ids replaced by labels, yes/no for flags (unknown: 'Not stated')."""
    out = table[list(columns)].copy()
    for col, fmt in LABELS.items():
        if col in out:
            out[col] = out[col].map(lambda v, f=fmt: f(v) if isinstance(v, str) else v)
    for col, words in FLAGS.items():
        if col in out:
            out[col] = out[col].map(lambda v, w=words: w.get(v, "Not stated") if isinstance(v, bool) else "Not stated")
    return out.rename(columns=columns).reset_index(drop=True)


def citations_table(view: EvidenceView) -> pd.DataFrame:
    rows = [
        {
            "Study": s.citation,
            "Authors": s.author_list,
            "Title": s.title,
            "Year": s.year,
            "Venue": s.venue,
            "Abstract number": s.abstract_number,
            "DOI": s.doi,
            "PubMed": s.pmid,
            "Source": s.url,
            "Read at": s.read_at,
            "Last checked": str(s.last_checked),
            "Study id": s.id,
        }
        for s in view.studies
    ]
    columns = ["Study", "Authors", "Title", "Year", "Venue", "Abstract number", "DOI", "PubMed", "Source", "Read at"]
    return pd.DataFrame(rows, columns=[*columns, "Last checked", "Study id"])


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that could start a spreadsheet formula get a leading quote; numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: safe_cell(single_line(v) if isinstance(v, str) else v))
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def to_csv(view: EvidenceView) -> bytes:
    table = neutralised(readable(view.arms, EXPORT_COLUMNS))
    return (BOM + table.to_csv(index=False)).encode("utf-8")


def to_json(view: EvidenceView) -> bytes:
    table = arm_export_table(view)
    table = table.astype(object).where(table.notna(), None)
    return json.dumps(table.to_dict(orient="records"), indent=2, ensure_ascii=False, default=_plain).encode("utf-8")


def studies_json(view: EvidenceView) -> bytes:
    """Every study in the view as its full record, with the schema's own field names."""
    records = [s.model_dump(mode="json") for s in view.studies]
    return json.dumps(records, indent=2, ensure_ascii=False).encode("utf-8")


def about_table(view: EvidenceView, extra: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    rows = [("Data version", view.version), *(("Filter", line) for line in view.filters.describe()), *(extra or [])]
    return pd.DataFrame(rows, columns=["Item", "Value"])


def to_xlsx(view: EvidenceView) -> bytes:
    """Workbook with sheets Evidence, Outcomes, Safety, Citations and About (filters, version)."""
    citations = citations_table(view)
    sheets = [
        Sheet("Evidence", readable(view.arms, EXPORT_COLUMNS), {"Source": view.arms["url"].reset_index(drop=True)}),
        Sheet(
            "Outcomes", readable(view.outcomes, OUTCOME_EXPORT), {"Source": view.outcomes["url"].reset_index(drop=True)}
        ),
        Sheet("Safety", readable(view.safety, SAFETY_EXPORT), {"Source": view.safety["url"].reset_index(drop=True)}),
        Sheet(
            "Citations",
            citations,
            {
                "DOI": citations["DOI"].map(lambda d: doi_url(d) if isinstance(d, str) else None),
                "PubMed": citations["PubMed"].map(lambda p: pubmed_url(p) if isinstance(p, str) else None),
                "Source": citations["Source"],
            },
        ),
        Sheet("About", about_table(view)),
    ]
    return workbook(sheets)


def _md_cell(value: object) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "—"
    return escape_document(value)


def to_markdown(view: EvidenceView) -> bytes:
    """A summary report: filters, data version, counts, the table and the citations."""
    lines = [
        "# Refractory JDM rescue therapies: evidence summary",
        "",
        "Evidence summary for clinicians; not a treatment recommendation.",
        "",
        f"- Data version: `{view.version}`",
        f"- Study arms: {len(view.arms)}; studies: {len(view.studies)}; patients (each cohort once): {view.patients}",
        *[f"- {escape_document(line)}" for line in view.filters.describe()],
        "",
        "## Evidence table",
        "",
    ]
    shown = {k: v for k, v in EXPORT_COLUMNS.items() if k not in {"study_id", "arm_id", "url", "publication_type"}}
    table = readable(view.arms, shown)
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    lines += ["", "## Citations", ""]
    for s in view.studies:
        ids = (f" doi:{escape_document(s.doi)}" if s.doi else "") + (f" PMID:{s.pmid}" if s.pmid else "")
        venue = f" {escape_document(s.venue)}," if s.venue else ""
        lines.append(f"- {escape_document(s.author_list)}. {escape_document(s.title)}.{venue} {s.year}.{ids} <{s.url}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def ris_entries(view: EvidenceView) -> list[dict]:
    """One rispy entry per study; every field is a single line (a newline cannot start a second record)."""
    entries = []
    for s in view.studies:
        entry: dict[str, object] = {
            "type_of_reference": vocab.PUBLICATION_TYPES[s.publication_type].ris_type or "GEN",
            "authors": [single_line(a) for a in s.authors],
            "title": single_line(s.title),
            "year": str(s.year),
            "urls": [s.url],
            "notes": [
                single_line(f"{vocab.design_label(s.design)}; n={s.n_total if s.n_total is not None else 'not stated'}")
            ],
        }
        if s.venue:
            entry["secondary_title"] = single_line(s.venue)
        if s.doi:
            entry["doi"] = s.doi
        if s.pmid:
            entry["accession_number"] = f"PMID:{s.pmid}"
        if s.abstract_number:
            entry["note"] = single_line(f"Abstract {s.abstract_number}")
        entries.append(entry)
    return entries


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its numbered header lines ("1."), which some reference managers show as text."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(view: EvidenceView) -> bytes:
    """RIS citations (Zotero, EndNote), written by rispy: JOUR for articles and letters, ABST for abstracts."""
    return rispy.dumps(ris_entries(view), implementation=_RisWriter).encode("utf-8")


WRITERS = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx, "md": to_markdown, "ris": to_ris}


def export(view: EvidenceView, fmt: str) -> bytes:
    """Bytes of the view in one of FORMATS."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ExportFormatError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(view)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_NAME_FILTERS = ("therapy_classes", "therapies", "antibodies", "age_groups")


def _slug(text: str) -> str:
    return _SAFE_NAME.sub("-", text.casefold()).strip("-.")


def name_parts(filters: Filters) -> list[str]:
    """The main filters as short file-name words (therapy class or drug, antibody, age group)."""
    from evidence.filters import FILTERS

    specs = {spec.name: spec for spec in FILTERS}
    return [_slug(specs[name].terms.short(v)) for name in _NAME_FILTERS for v in getattr(filters, name)]


def file_name(stem: str, parts: list[str], fmt: str, on: dt.date | None = None) -> str:
    """A download name that says what is inside and when, safe on every system: letters, digits, '.', '-', '_'."""
    day = (on or dt.date.today()).isoformat()
    words = [_slug(stem), *(p for p in parts if p)][:6]
    return (_SAFE_NAME.sub("-", "_".join(words))[:90] + f"_{day}.{_slug(fmt)}").lstrip("._-")


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    return str(value)
