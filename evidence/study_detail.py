"""Readable tables of one study's arms, outcomes and safety findings (for the study page)."""

from __future__ import annotations

import pandas as pd

from evidence import vocabulary as vocab
from evidence.schema import Study
from evidence.table import WHOLE_STUDY, antibodies_text, result_text


def arm_rows(study: Study) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Arm": a.label,
                "Therapies": ", ".join(vocab.therapy_label(t) for t in a.therapies),
                "Class": vocab.class_label(a.therapy_class),
                "n": a.n,
                "Dose": a.dose,
                "Concomitant": a.concomitant,
                "Antibodies (positive/tested)": antibodies_text(a),
                "Notes": a.notes,
            }
            for a in study.arms
        ]
    ).astype({"n": "Int64"})


def outcome_rows(study: Study) -> pd.DataFrame:
    """The study's results, the numbers first (outcome, patients with it, out of how many), then the words."""
    labels = {a.id: a.label for a in study.arms}
    return pd.DataFrame(
        [
            {
                "Outcome": vocab.MEASURES.label(o.measure),
                "Patients with it": o.responders,
                "Out of": o.evaluable,
                "Arm": labels.get(o.arm, WHOLE_STUDY) if o.arm else WHOLE_STUDY,
                "Subgroup": o.subgroup.label if o.subgroup else None,
                "Months": o.timepoint_months,
                "Result": result_text(o),
                "Summary": o.summary,
                "Definition": o.response_definition,
                "Denominator": vocab.DENOMINATOR_BASES.label(o.denominator_basis) if o.denominator_basis else None,
                "Where in the source": o.source_section,
            }
            for o in study.outcomes
        ]
    ).astype({"Patients with it": "Int64", "Out of": "Int64"})


def safety_rows(study: Study) -> pd.DataFrame:
    labels = {a.id: a.label for a in study.arms}
    return pd.DataFrame(
        [
            {
                "Harm": vocab.SAFETY_KINDS.label(f.kind),
                "Patients with it": f.count,
                "Arm": labels.get(f.arm, WHOLE_STUDY) if f.arm else WHOLE_STUDY,
                "Summary": f.summary,
                "Where in the source": f.source_section,
            }
            for f in study.safety
        ]
    ).astype({"Patients with it": "Int64"})
