"""Plotly figures for the comparison page, in a colour-blind-safe palette (Okabe-Ito)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from evidence import vocabulary as vocab
from evidence.text import escape_chart

OKABE_ITO = list(vocab.OKABE_ITO)
DIRECTION_COLOURS = {term.label: term.colour for term in vocab.DIRECTIONS.values()}  # legends show labels


def _inert(table: pd.DataFrame) -> pd.DataFrame:
    """The chart's text columns through the one chart escaper (labels, legends and hover show text, never markup)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: escape_chart(v) if isinstance(v, str) else v)
    return out


def _layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="")
    return fig


def patients_by_design(table: pd.DataFrame) -> go.Figure:
    fig = px.bar(
        _inert(table),
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
        _inert(table),
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
        _inert(table),
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


AXES = {
    "proportion": {"range": [-0.04, 1.04], "tickvals": [i / 10 for i in range(11)], "tickformat": ".0%"},
    "ratio": {"type": "log", "tickvals": [0.1, 0.2, 0.5, 1, 2, 5, 10], "range": [-1.05, 1.05]},
    "difference": {"range": [-1.04, 1.04], "tickvals": [i / 5 for i in range(-5, 6)], "tickformat": "+.0%"},
}
AXIS_TITLES = {
    "proportion": "Proportion of patients (95% CI)",
    "ratio": "Risk ratio, treated against control (95% CI, log scale)",
    "difference": "Risk difference, treated minus control (95% CI)",
}


def forest(table: pd.DataFrame, finding) -> go.Figure:
    """Forest plot: each study's estimate with its 95% CI, grouped by therapy, and a diamond for each summary
    (hollow when the counts were added, not pooled); every row names its population. The axis runs 0-100% for
    proportions (every marker visible), on a log scale for risk ratios.

    Hover shows the citation and the counts; the dotted whisker on a pooled row is the 95% prediction interval.
    """
    from evidence.synthesis.labels import outcome_label

    scale = finding.pooled.scale
    rows = _inert(table.iloc[::-1].reset_index(drop=True))  # first therapy at the top; record text made inert
    y = [f"{r['therapy']} · {r['label']} · {r['population']}" + (f" ({r['counts']})" if r["counts"] else "")
         for _, r in rows.iterrows()]  # fmt: skip
    fig = go.Figure()
    colours = {t: OKABE_ITO[i % len(OKABE_ITO)] for i, t in enumerate(dict.fromkeys(rows["therapy"][::-1]))}
    value_format = ".0%" if scale == "proportion" else (".2f" if scale == "ratio" else "+.0%")
    for therapy, colour in colours.items():
        mine = rows[rows["therapy"] == therapy]
        for kind, symbol, size in (
            ("study", "square", None),
            ("pooled", "diamond-wide", 18),
            ("summed", "diamond-wide-open", 18),
        ):
            part = mine[mine["kind"] == kind]
            if part.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=part["estimate"],
                    y=[y[i] for i in part.index],
                    mode="markers",
                    marker={"symbol": symbol, "size": size or (7 + part["weight"].fillna(0) / 8), "color": colour},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": part["ci_high"] - part["estimate"],
                        "arrayminus": part["estimate"] - part["ci_low"],
                        "color": colour,
                        "thickness": 4 if kind != "study" else 2,
                    },
                    name=therapy,
                    customdata=part[["therapy", "label", "counts", "ci_low", "ci_high"]].to_numpy(),
                    hovertemplate="%{customdata[0]}: %{customdata[1]} %{customdata[2]}<br>%{x:" + value_format + "}"
                    " (95% CI %{customdata[3]:" + value_format + "} to %{customdata[4]:" + value_format + "})"
                    "<extra></extra>",
                    showlegend=False,
                )
            )
            for i, r in part.iterrows():
                if pd.notna(r["pi_low"]):
                    fig.add_shape(
                        type="line",
                        x0=r["pi_low"],
                        x1=r["pi_high"],
                        y0=y[i],
                        y1=y[i],
                        line={"color": colour, "dash": "dot"},
                    )
    if scale != "proportion":
        fig.add_vline(x=1 if scale == "ratio" else 0, line={"color": "#555", "width": 1})
    fig.update_xaxes(title=AXIS_TITLES[scale], **AXES[scale])
    fig.update_yaxes(categoryorder="array", categoryarray=y, automargin=True)
    fig.update_layout(title=escape_chart(outcome_label(finding)), showlegend=False)
    return _layout(fig, height=140 + 28 * len(rows))
