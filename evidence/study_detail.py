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
    labels = {a.id: a.label for a in study.arms}
    return pd.DataFrame(
        [
            {
                "Arm": labels.get(o.arm, WHOLE_STUDY) if o.arm else WHOLE_STUDY,
                "Subgroup": o.subgroup.label if o.subgroup else None,
                "Measure": vocab.MEASURES.label(o.measure),
                "Domain": vocab.OUTCOME_DOMAINS.label(o.domain),
                "Months": o.timepoint_months,
                "Responders": o.responders,
                "Evaluable": o.evaluable,
                "Result": result_text(o),
                "Response definition": o.response_definition,
                "Summary": o.summary,
                "Source section": o.source_section,
            }
            for o in study.outcomes
        ]
    ).astype({"Responders": "Int64", "Evaluable": "Int64"})


def safety_rows(study: Study) -> pd.DataFrame:
    labels = {a.id: a.label for a in study.arms}
    return pd.DataFrame(
        [
            {
                "Arm": labels.get(f.arm, WHOLE_STUDY) if f.arm else WHOLE_STUDY,
                "Kind": vocab.SAFETY_KINDS.label(f.kind),
                "Count": f.count,
                "Summary": f.summary,
                "Source section": f.source_section,
            }
            for f in study.safety
        ]
    ).astype({"Count": "Int64"})
