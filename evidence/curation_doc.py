"""The generated part of docs/curation.md: per-therapy counts and one line per study, from the data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from evidence import vocabulary as vocab
from evidence.coverage import Coverage
from evidence.schema import Study
from evidence.text import escape_table_cell

BEGIN = "<!-- BEGIN GENERATED: python -m evidence docs -->"
END = "<!-- END GENERATED -->"


def therapy_counts(studies: Sequence[Study]) -> dict[str, tuple[int, int]]:
    """Therapy class label -> (studies, patients in its arms). Survey arms add no patients."""
    counts: dict[str, list] = {}
    for study in studies:
        for arm in study.arms:
            entry = counts.setdefault(vocab.class_label(arm.therapy_class), [set(), 0])
            entry[0].add(study.id)
            entry[1] += arm.n or 0
    return {label: (len(ids), n) for label, (ids, n) in sorted(counts.items())}


def generated_block(studies: Sequence[Study]) -> str:
    lines = [BEGIN, "", f"Studies in the data: **{len(studies)}**.", "", "### Studies per therapy class", ""]
    lines += ["| Therapy class | Studies | Patients in arms (not de-duplicated) |", "|---|---|---|"]
    lines += [f"| {label} | {s} | {n} |" for label, (s, n) in therapy_counts(studies).items()]
    lines += ["", "### Every study", ""]
    lines += ["| Study id | Therapies | Design | Age group | n | Same cohort as |", "|---|---|---|---|---|---|"]
    for study in sorted(studies, key=lambda s: (s.year, s.id)):
        therapies = sorted({vocab.therapy_label(t) for a in study.arms for t in a.therapies})
        holds_patients = vocab.DESIGNS[study.design].holds_patients
        n = (study.n_total or "not stated") if holds_patients else f"{study.n_respondents} respondents"
        lines.append(
            f"| {study.id} | {escape_table_cell(', '.join(therapies))} | {vocab.design_label(study.design)} | "
            f"{vocab.AGE_GROUPS.label(study.population.age_group)} | {n} | {', '.join(study.same_cohort_as) or '—'} |"
        )
    return "\n".join([*lines, "", END])


GAPS_BEGIN = "<!-- BEGIN GENERATED GAPS: python -m evidence docs -->"
GAPS_END = "<!-- END GENERATED GAPS -->"


def gaps_block(coverage: Coverage | None) -> str:
    """The 'Known gaps' table from data/coverage.yaml."""
    lines = [GAPS_BEGIN, ""]
    if coverage is None:
        lines.append("No coverage statement (data/coverage.yaml) was found.")
    else:
        lines += [f"Last search: {coverage.last_search.isoformat()}. Reports found but not recorded:", ""]
        lines += ["| Report | Why it is not recorded |", "|---|---|"]
        lines += [f"| {escape_table_cell(g.report)} | {escape_table_cell(g.reason)} |" for g in coverage.gaps]
    return "\n".join([*lines, "", GAPS_END])


def rewrite(doc: Path, studies: Sequence[Study], coverage: Coverage | None = None) -> bool:
    """Replace the generated blocks in doc (study table, known gaps); True when the file changed."""
    text = doc.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + generated_block(studies) + text[end:]
    start, end = new.index(GAPS_BEGIN), new.index(GAPS_END) + len(GAPS_END)
    new = new[:start] + gaps_block(coverage) + new[end:]
    if new != text:
        doc.write_text(new, encoding="utf-8")
    return new != text


def current_block(doc: Path, begin: str = BEGIN, end: str = END) -> str:
    text = doc.read_text(encoding="utf-8")
    return text[text.index(begin) : text.index(end) + len(end)]
