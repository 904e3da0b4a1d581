"""Exports of an evidence view: CSV, JSON, Excel, Markdown report, RIS citations, study-level JSON.

Every file is safe to open: spreadsheet cells cannot start a formula (OWASP: a leading quote), Excel cells are
written as text or numbers only, RIS is written by rispy with single-line fields, and Markdown text is escaped.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import rispy

from evidence import vocabulary as vocab
from evidence.errors import ExportFormatError
from evidence.text import escape_markdown, safe_cell, single_line
from evidence.view import EvidenceView

FORMATS = ("csv", "json", "xlsx", "md", "ris")
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown",
    "ris": "application/x-research-info-systems",
}
EXPORT_COLUMNS = {
    "study_id": "Study id",
    "arm_id": "Arm id",
    "citation": "Citation",
    "year": "Year",
    "publication_type": "Publication type",
    "design": "Design",
    "evidence_level": "Evidence level (1 = strongest)",
    "therapy": "Therapy",
    "therapy_class": "Therapy class",
    "age_group": "Age group",
    "n": "Arm n",
    "antibodies": "Antibodies (positive/tested)",
    "outcomes": "Outcomes",
    "safety": "Safety",
    "industry_ties": "Author industry ties",
    "url": "Source URL",
}
OUTCOME_EXPORT = {
    "study_id": "Study id",
    "citation": "Citation",
    "therapy": "Therapy",
    "arm_n": "Arm n",
    "measure": "Measure",
    "domain": "Domain",
    "timepoint_months": "Time point (months)",
    "responders": "Responders",
    "evaluable": "Evaluable",
    "result": "Result",
    "significant": "Statistically significant",
    "summary": "Summary",
    "source_section": "Source section",
    "url": "Source URL",
}
SAFETY_EXPORT = {
    "study_id": "Study id",
    "citation": "Citation",
    "therapy": "Therapy",
    "kind": "Kind",
    "count": "Count",
    "denominator": "Denominator",
    "summary": "Summary",
    "source_section": "Source section",
    "url": "Source URL",
}


def arm_export_table(view: EvidenceView) -> pd.DataFrame:
    """The evidence table with the documented export columns (ids kept as ids)."""
    return view.arms[list(EXPORT_COLUMNS)].reset_index(drop=True)


def readable(table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Columns renamed for people and vocabulary ids replaced by labels."""
    out = table[list(columns)].copy()
    labels = {
        "design": vocab.design_label,
        "therapy_class": vocab.class_label,
        "age_group": vocab.AGE_GROUPS.label,
        "publication_type": vocab.PUBLICATION_TYPES.label,
        "measure": lambda m: vocab.MEASURES.label(m),
        "domain": vocab.OUTCOME_DOMAINS.label,
        "kind": vocab.SAFETY_KINDS.label,
    }
    for col, fmt in labels.items():
        if col in out:
            out[col] = out[col].map(lambda v, f=fmt: f(v) if isinstance(v, str) else v)
    if "industry_ties" in out:
        out["industry_ties"] = out["industry_ties"].map({True: "Yes", False: "No"}).fillna("Not stated")
    return out.rename(columns=columns).reset_index(drop=True)


def citations_table(view: EvidenceView) -> pd.DataFrame:
    rows = [
        {
            "Study id": s.id,
            "Authors": s.author_list,
            "Title": s.title,
            "Year": s.year,
            "Venue": s.venue,
            "Abstract number": s.abstract_number,
            "DOI": s.doi,
            "PMID": s.pmid,
            "URL": s.url,
            "Last checked": str(s.last_checked),
        }
        for s in view.studies
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "Study id",
            "Authors",
            "Title",
            "Year",
            "Venue",
            "Abstract number",
            "DOI",
            "PMID",
            "URL",
            "Last checked",
        ],
    )


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that could start a spreadsheet formula get a leading quote; numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: safe_cell(single_line(v) if isinstance(v, str) else v))
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def to_csv(view: EvidenceView) -> bytes:
    return neutralised(arm_export_table(view)).to_csv(index=False).encode("utf-8")


def to_json(view: EvidenceView) -> bytes:
    table = arm_export_table(view).astype(object).where(arm_export_table(view).notna(), None)
    return json.dumps(table.to_dict(orient="records"), indent=2, ensure_ascii=False, default=_plain).encode("utf-8")


def studies_json(view: EvidenceView) -> bytes:
    """Every study in the view as its full record, with the schema's own field names."""
    records = [s.model_dump(mode="json") for s in view.studies]
    return json.dumps(records, indent=2, ensure_ascii=False).encode("utf-8")


def to_xlsx(view: EvidenceView) -> bytes:
    """Workbook with sheets Evidence, Outcomes, Safety, Citations and About (filters, version)."""
    sheets = {
        "Evidence": readable(view.arms, EXPORT_COLUMNS),
        "Outcomes": readable(view.outcomes, OUTCOME_EXPORT),
        "Safety": readable(view.safety, SAFETY_EXPORT),
        "Citations": citations_table(view),
        "About": pd.DataFrame(
            {
                "Item": ["Data version", *["Filter"] * len(view.filters.describe())],
                "Value": [view.version, *view.filters.describe()],
            }
        ),
    }
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame = neutralised(frame)
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # never a live formula, whatever openpyxl inferred
                        cell.data_type = "s"
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
                sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(max(10, longest + 2), 60)
    return buffer.getvalue()


def _md_text(value: object) -> str:
    """Record text made inert in Markdown, on one line (the one escaper, evidence.text)."""
    return escape_markdown(single_line(value))


def _md_cell(value: object) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "—"
    return _md_text(value)


def to_markdown(view: EvidenceView) -> bytes:
    """A summary report: filters, data version, counts, the table and the citations."""
    lines = [
        "# Refractory JDM rescue therapies: evidence summary",
        "",
        "Evidence summary for clinicians; not a treatment recommendation.",
        "",
        f"- Data version: `{view.version}`",
        f"- Study arms: {len(view.arms)}; studies: {len(view.studies)}; patients (each cohort once): {view.patients}",
        *[f"- {line}" for line in view.filters.describe()],
        "",
        "## Evidence table",
        "",
    ]
    table = readable(
        view.arms,
        {k: v for k, v in EXPORT_COLUMNS.items() if k not in {"study_id", "arm_id", "url", "publication_type"}},
    )
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    lines += ["", "## Citations", ""]
    for s in view.studies:
        ids = (f" doi:{_md_text(s.doi)}" if s.doi else "") + (f" PMID:{s.pmid}" if s.pmid else "")
        venue = f" {_md_text(s.venue)}," if s.venue else ""
        lines.append(f"- {_md_text(s.author_list)}. {_md_text(s.title)}.{venue} {s.year}.{ids} <{s.url}>")
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


def file_name(version: str, fmt: str) -> str:
    """A download file name that is safe on every system (letters, digits, dot, dash, underscore)."""
    return _SAFE_NAME.sub("-", f"jdm-evidence-{version}.{fmt}")[:100]


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    return str(value)
