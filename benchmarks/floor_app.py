"""The framework's floor: a Streamlit page that only shows one dataframe and one plotly chart.

benchmarks/run.py runs it through AppTest beside the app's pages at the same size: JDM_FLOOR_ROWS is the number
of rows of the evidence table at that size (one row per study arm, about 1.4 per study). The table has the
columns the Evidence table page shows, with values of similar length, made once per process (cached, as the app
caches its data); every rerun then pays only what Streamlit itself must: run a script, serialise that many rows
to Arrow, and build and serialise one figure. A page can hardly be faster than this with the same output.

    JDM_FLOOR_ROWS=14000 .venv/bin/streamlit run benchmarks/floor_app.py
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import plotly.express as px
import streamlit as st

CLASSES = [
    "JAK inhibitors",
    "Immunoglobulin (IVIG/SCIG)",
    "Calcineurin inhibitors",
    "Anti-CD20 (B-cell depletion)",
    "TNF inhibitors",
    "T-cell co-stimulation modulators",
    "Antimetabolites (conventional DMARDs)",
    "Placebo",
]
DESIGNS = ["Case series", "Retrospective cohort", "Case report", "Randomised controlled trial", "Open-label trial"]


@st.cache_resource
def table(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(20261129)
    ids = np.arange(rows)
    return pd.DataFrame(
        {
            "Study id": [f"synthetic-{i // 2:06d}" for i in ids],
            "Arm id": ["arm"] * rows,
            "Citation": [f"Synthwell AB et al. {2000 + i % 26}. Journal of Synthetic Rheumatology" for i in ids],
            "Year": 2000 + ids % 26,
            "Publication type": "Journal article",
            "Design": rng.choice(DESIGNS, rows),
            "Evidence level (1 = strongest)": rng.integers(1, 6, rows),
            "Therapy": rng.choice(["Tofacitinib", "Baricitinib", "Abatacept", "Rituximab", "IVIG"], rows),
            "Therapy class": rng.choice(CLASSES, rows),
            "Age group": rng.choice(["Paediatric JDM", "Adult-onset DM (indirect evidence)"], rows),
            "Arm n": pd.array(rng.integers(1, 200, rows), dtype="Int64"),
            "Antibodies (positive/tested)": rng.choice(["not reported", "anti-MDA5 3/8; anti-NXP2 1/8"], rows),
            "Outcomes": [
                f"Clinical response (author-defined) at 6 mo: {i % 9}/9, improved; CDASI: improved; "
                "Glucocorticoid dose: improved [whole study]"
                for i in ids
            ],
            "Safety": rng.choice(["not reported", "Infection (1); Herpes zoster (2) [whole study]"], rows),
            "Author industry ties": rng.choice(["Yes", "No", "Not stated"], rows),
            "Source URL": [f"https://example.org/synthetic/{i // 2}" for i in ids],
        }
    )


rows = int(os.environ.get("JDM_FLOOR_ROWS", "1400"))
data = table(rows)
st.title("Floor")
st.dataframe(data, hide_index=True, width="stretch")
counts = data.groupby(["Therapy class", "Design"]).size().reset_index(name="arms")
if os.environ.get("JDM_FLOOR_CHART", "1") != "0":  # run.py also times the floor without its chart, for context
    st.plotly_chart(px.bar(counts, x="Therapy class", y="arms", color="Design", barmode="stack"), width="stretch")
