"""Plotly figures for the comparison page, in a colour-blind-safe palette (Okabe-Ito)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from evidence import vocabulary as vocab
from evidence.text import escape_chart

OKABE_ITO = list(vocab.OKABE_ITO)
DIRECTION_COLOURS = {term_id: term.colour for term_id, term in vocab.DIRECTIONS.items()}


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


def forest(table: pd.DataFrame, title: str) -> go.Figure:
    """Forest plot: each study's proportion with its Wilson 95% CI, grouped by therapy, and a diamond for each pool.

    Hover shows the citation and the counts; the dashed whisker on a pooled row is the 95% prediction interval.
    """
    rows = _inert(table.iloc[::-1].reset_index(drop=True))  # first therapy at the top; record text made inert
    y = [f"{r['therapy']} · {r['label']}" for _, r in rows.iterrows()]
    fig = go.Figure()
    colours = {t: OKABE_ITO[i % len(OKABE_ITO)] for i, t in enumerate(dict.fromkeys(rows["therapy"][::-1]))}
    for therapy, colour in colours.items():
        studies = rows[(rows["therapy"] == therapy) & (rows["kind"] == "study")]
        fig.add_trace(
            go.Scatter(
                x=studies["estimate"],
                y=[y[i] for i in studies.index],
                mode="markers",
                marker={"symbol": "square", "size": 6 + studies["weight"].fillna(0) / 8, "color": colour},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": studies["ci_high"] - studies["estimate"],
                    "arrayminus": studies["estimate"] - studies["ci_low"],
                    "color": colour,
                },
                name=therapy,
                customdata=studies[["citation", "responders", "evaluable", "ci_low", "ci_high"]].to_numpy(),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}/%{customdata[2]} = %{x:.0%}"
                "<br>95% CI %{customdata[3]:.0%} to %{customdata[4]:.0%}<extra></extra>",
            )
        )
        for i, r in rows[(rows["therapy"] == therapy) & (rows["kind"] == "pooled")].iterrows():
            if pd.notna(r["pi_low"]):
                fig.add_shape(
                    type="line",
                    x0=r["pi_low"],
                    x1=r["pi_high"],
                    y0=y[i],
                    y1=y[i],
                    line={"color": colour, "dash": "dot"},
                )
            fig.add_trace(
                go.Scatter(
                    x=[r["estimate"]],
                    y=[y[i]],
                    mode="markers",
                    marker={"symbol": "diamond-wide", "size": 18, "color": colour},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": [r["ci_high"] - r["estimate"]],
                        "arrayminus": [r["estimate"] - r["ci_low"]],
                        "color": colour,
                        "thickness": 4,
                    },
                    showlegend=False,
                    customdata=[[therapy, r["label"], r["ci_low"], r["ci_high"]]],
                    hovertemplate="%{customdata[0]}: %{customdata[1]}<br>%{x:.0%} "
                    "(95% CI %{customdata[2]:.0%} to %{customdata[3]:.0%})<extra></extra>",
                )
            )
    fig.update_xaxes(range=[0, 1], tickformat=".0%", title="Proportion of patients responding (95% CI)")
    fig.update_yaxes(categoryorder="array", categoryarray=y, automargin=True)
    fig.update_layout(title=escape_chart(title), showlegend=False)
    return _layout(fig, height=120 + 26 * len(rows))
