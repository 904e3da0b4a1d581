"""Plotly figures for the comparison page, in a colour-blind-safe palette (Okabe-Ito)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
DIRECTION_COLOURS = {
    "improved": "#0072B2",
    "mixed": "#E69F00",
    "no_change": "#999999",
    "worsened": "#D55E00",
    "not_reported": "#CC79A7",
}


def _layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="")
    return fig


def patients_by_design(table: pd.DataFrame) -> go.Figure:
    fig = px.bar(
        table,
        x="therapy",
        y="patients",
        color="design",
        barmode="stack",
        hover_data=["studies"],
        color_discrete_sequence=OKABE_ITO,
        labels={"therapy": "", "patients": "Patients (each cohort once)", "design": "Design"},
    )
    return _layout(fig)


def evidence_map(table: pd.DataFrame) -> go.Figure:
    fig = px.scatter(
        table,
        x="domain",
        y="therapy",
        size=table["patients"].clip(lower=1),
        color="direction",
        hover_data=["studies", "patients", "results"],
        color_discrete_map=DIRECTION_COLOURS,
        size_max=40,
        labels={"domain": "Outcome domain", "therapy": "", "direction": "Direction of effect"},
    )
    return _layout(fig, height=340)


def antibody_coverage(table: pd.DataFrame) -> go.Figure:
    fig = px.bar(
        table,
        x="antibody",
        y="positive",
        color="therapy",
        barmode="group",
        hover_data=["tested", "arms", "arms_without_count"],
        color_discrete_sequence=OKABE_ITO,
        labels={
            "antibody": "",
            "positive": "Antibody-positive patients (stated counts)",
            "therapy": "",
            "arms_without_count": "arms with positives but no count",
        },
    )
    return _layout(fig, height=320)
