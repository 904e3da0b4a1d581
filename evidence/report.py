"""The summary of findings as a file a clinician can share and print: Markdown, a one-page HTML page and an Excel
workbook, with the patients asked about, the filters, the data version and date, every sentence, and every
certainty with its reasons. The Compare page's downloads and `python -m evidence synthesize --format md|html|xlsx`
call these same functions, so they give the same bytes."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from evidence import vocabulary as vocab
from evidence.filters import Filters
from evidence.profile import CompareRequest
from evidence.synthesis.labels import outcome_label, selection_label
from evidence.synthesis.presentation import certainty_line, headline, sections
from evidence.synthesis.results import SynthesisResult
from evidence.text import escape_document
from evidence.workbook import Sheet, workbook

TITLE = "Summary of findings: rescue therapies for refractory dermatomyositis"
DISCLAIMER = "An evidence summary for clinicians, not a treatment recommendation. Check each source before acting."


def _header(request: CompareRequest, filters: Filters, version: str, on: dt.date) -> list[tuple[str, str]]:
    return [
        ("Patients asked about", request.profile.describe()),
        ("Therapies", ", ".join(selection_label(s) for s in request.selections)),
        *(("Filter", line) for line in filters.describe()),
        *(("Setting", line) for line in request.describe()[1:]),
        ("Data version", version),
        ("Made on", on.isoformat()),
    ]


def _finding_name(f) -> str:
    return outcome_label(f) + (f" ({f.measure}, against a control)" if f.measure else "")


def rows(result: SynthesisResult, request: CompareRequest) -> pd.DataFrame:
    """One row per finding in page order: section, therapy, outcome, result, sentence, certainty and reasons."""
    out = []
    for section in sections(list(result), request.profile):
        for therapy in request.selections:
            for f in (f for f in section.findings if f.therapy == therapy):
                p = f.pooled
                out.append(
                    {
                        "Patients": section.heading,
                        "Therapy": selection_label(therapy),
                        "Outcome": _finding_name(f),
                        "Result": headline(f),
                        "In words": f.sentence,
                        "Certainty": f.certainty.label,
                        "Why": "; ".join(f.certainty.reasons),
                        "Studies": p.k,
                        "Patients in the result": p.patients,
                        "How computed": p.ci_method + (f"; {p.not_pooled}" if p.not_pooled else ""),
                        "Study ids": ", ".join(s.study_id for s in f.studies),
                    }
                )
    columns = ["Patients", "Therapy", "Outcome", "Result", "In words", "Certainty", "Why", "Studies",
               "Patients in the result", "How computed", "Study ids"]  # fmt: skip
    return pd.DataFrame(out, columns=columns)


def markdown(result: SynthesisResult, request: CompareRequest, filters: Filters, version: str, on: dt.date) -> bytes:
    """The summary as Markdown: the question, then per population and therapy each finding in one line."""
    lines = [f"# {TITLE}", "", DISCLAIMER, ""]
    lines += [f"- {item}: {escape_document(value)}" for item, value in _header(request, filters, version, on)]
    for section in sections(list(result), request.profile):
        lines += ["", f"## {escape_document(section.heading)}"]
        if not section.direct:
            lines += ["", "Indirect evidence: about other patients than those asked about, and rated down for it."]
        for therapy in request.selections:
            mine = [f for f in section.findings if f.therapy == therapy]
            if not mine:
                continue
            lines += ["", f"### {escape_document(selection_label(therapy))}", ""]
            for f in mine:
                lines.append(
                    f"- **{escape_document(_finding_name(f))}**: {escape_document(headline(f))}. "
                    f"{escape_document(f.sentence)} {escape_document(certainty_line(f))}: "
                    f"{escape_document('; '.join(f.certainty.reasons))}."
                )
    if not result.findings:
        lines += ["", "No study of these therapies states results with counts within these settings."]
    lines += ["", "## How the numbers were made", ""]
    lines += [f"- {escape_document(rule[0].upper() + rule[1:])}." for rule in result.rules]
    return ("\n".join(lines) + "\n").encode("utf-8")


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;line-height:1.4;color:#111}"
    "h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.4em}h3{font-size:1em}"
    "li{margin:.3em 0}.why{color:#444;font-size:.9em}@media print{body{margin:0;font-size:10pt}}"
)


def page(result: SynthesisResult, request: CompareRequest, filters: Filters, version: str, on: dt.date) -> bytes:
    """The summary as one self-contained, print-friendly HTML page (no script, no outside request)."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(TITLE)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(TITLE)}</h1><p>{e(DISCLAIMER)}</p><ul>",
        *(f"<li>{e(item)}: {e(value)}</li>" for item, value in _header(request, filters, version, on)),
        "</ul>",
    ]
    for section in sections(list(result), request.profile):
        parts.append(f"<h2>{e(section.heading)}</h2>")
        for therapy in request.selections:
            mine = [f for f in section.findings if f.therapy == therapy]
            if mine:
                parts.append(f"<h3>{e(selection_label(therapy))}</h3><ul>")
                parts += [
                    f"<li><b>{e(_finding_name(f))}</b>: {e(headline(f))}. {e(f.sentence)}"
                    f"<br><span class='why'>{e(certainty_line(f))}: {e('; '.join(f.certainty.reasons))}</span></li>"
                    for f in mine
                ]
                parts.append("</ul>")
    parts += ["<h2>How the numbers were made</h2><ul>", *(f"<li>{e(r)}</li>" for r in result.rules), "</ul>"]
    parts.append("</body></html>\n")
    return "".join(parts).encode("utf-8")


def spreadsheet(result: SynthesisResult, request: CompareRequest, filters: Filters, version: str, on: dt.date) -> bytes:
    """The summary as an Excel workbook: the findings, their studies, and what was asked."""
    studies = []
    for f in result:
        for s in f.studies:
            counts = (
                (s.events_treated, s.n_treated, s.events_control, s.n_control)
                if f.kind == "comparative"
                else (s.events, s.total, None, None)
            )
            studies.append(
                {
                    "Therapy": selection_label(f.therapy),
                    "Outcome": _finding_name(f),
                    "Patients": vocab.AGE_GROUPS.label(f.population),
                    "Study": s.short_citation,
                    "Events (treated)": counts[0],
                    "Patients (treated)": counts[1],
                    "Events (control)": counts[2],
                    "Patients (control)": counts[3],
                    "Estimate": s.estimate,
                    "95% CI low": s.ci_low,
                    "95% CI high": s.ci_high,
                    "Weight in the pool (%)": s.weight,
                    "Study id": s.study_id,
                }
            )
    about = pd.DataFrame(_header(request, filters, version, on), columns=["Item", "Value"])
    return workbook(
        [
            Sheet("Summary of findings", rows(result, request), widths={"In words": 70, "Why": 60}),
            Sheet("Studies", pd.DataFrame(studies)),
            Sheet("About", about),
        ]
    )


FORMATS = {"md": markdown, "html": page, "xlsx": spreadsheet}


def render(
    fmt: str, result: SynthesisResult, request: CompareRequest, filters: Filters, version: str, on: dt.date
) -> bytes:
    """The summary in one of FORMATS."""
    return FORMATS[fmt](result, request, filters, version, on)


def file_name(request: CompareRequest, filters: Filters, fmt: str, on: dt.date) -> str:
    """'jdm-summary_children-with-jdm_anti-mda5_jak-inhibitors-abatacept_<date>.md' and the like."""
    from evidence.export import file_name as safe_name
    from evidence.export import name_parts

    profile = request.profile
    parts = [vocab.PATIENT_PROFILES.label(profile.age)]
    parts += [vocab.antibody_label(profile.antibody)] if profile.antibody else []
    parts += ["-".join(selection_label(s) for s in request.selections)]
    return safe_name("jdm-summary", [p.casefold().replace(" ", "-") for p in parts] + name_parts(filters), fmt, on)
