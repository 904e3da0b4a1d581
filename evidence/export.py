"""Exports of an evidence view: CSV, JSON, Excel, Markdown report, RIS citations, study-level JSON."""

from __future__ import annotations

import io
import json

import pandas as pd

from evidence import vocabulary as vocab
from evidence.errors import ExportFormatError
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
            "Authors": ", ".join(s.authors) + (" et al." if s.authors_truncated else ""),
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


def to_csv(view: EvidenceView) -> bytes:
    return arm_export_table(view).to_csv(index=False).encode("utf-8")


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
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
                sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(max(10, longest + 2), 60)
    return buffer.getvalue()


def _md_text(value: object) -> str:
    """Record text made inert in Markdown: HTML brackets become entities."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_cell(value: object) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "—"
    return _md_text(value).replace("|", "\\|").replace("\n", " ")


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
        ids = (f" doi:{s.doi}" if s.doi else "") + (f" PMID:{s.pmid}" if s.pmid else "")
        authors = ", ".join(s.authors) + (" et al." if s.authors_truncated else "")
        lines.append(f"- {_md_text(authors)}. {_md_text(s.title)}. {_md_text(s.venue)}, {s.year}.{ids} <{s.url}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_ris(view: EvidenceView) -> bytes:
    """RIS citations (Zotero, EndNote): JOUR for articles and letters, ABST for meeting abstracts."""
    entries = []
    for s in view.studies:
        lines = [f"TY  - {'ABST' if s.publication_type == 'conference_abstract' else 'JOUR'}"]
        lines += [f"AU  - {a}" for a in s.authors]
        lines += [f"TI  - {s.title}", f"PY  - {s.year}", f"T2  - {s.venue}", f"UR  - {s.url}"]
        if s.doi:
            lines.append(f"DO  - {s.doi}")
        if s.pmid:
            lines.append(f"AN  - PMID:{s.pmid}")
        if s.abstract_number:
            lines.append(f"M1  - Abstract {s.abstract_number}")
        lines.append(f"N1  - {vocab.design_label(s.design)}; n={s.n_total if s.n_total is not None else 'not stated'}")
        lines.append("ER  - ")
        entries.append("\n".join(lines))
    return ("\n\n".join(entries) + "\n").encode("utf-8")


WRITERS = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx, "md": to_markdown, "ris": to_ris}


def export(view: EvidenceView, fmt: str) -> bytes:
    """Bytes of the view in one of FORMATS."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ExportFormatError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(view)


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    return str(value)
