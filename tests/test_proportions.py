"""Per-arm proportions carry 95% Wilson intervals that match R's prop.test(correct = FALSE)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from evidence.synthesis.proportions import (
    CI_METHOD,
    outcome_proportions,
    proportion,
    safety_proportions,
    wilson_interval,
)

REFERENCE = json.loads((Path(__file__).parent / "data" / "metafor" / "reference.json").read_text())
TOL = 1e-9  # Wilson has a closed form: statsmodels and R agree to rounding


@pytest.mark.parametrize("case", REFERENCE["wilson"], ids=lambda c: f"{c['events']}/{c['total']}")
def test_wilson_interval_matches_r_prop_test(case):
    low, high = wilson_interval(case["events"], case["total"])
    assert low == pytest.approx(case["ci_lb"], abs=TOL)
    assert high == pytest.approx(case["ci_ub"], abs=TOL)


@pytest.mark.parametrize(
    ("events", "total", "estimate", "low", "high"),
    [
        (0, 8, 0.0, 0.0, 0.3244),  # no responder: the interval still says up to a third may respond
        (8, 8, 1.0, 0.6756, 1.0),  # all responded: Wald would claim certainty, Wilson does not
        (1, 1, 1.0, 0.2065, 1.0),  # a case report
        (37, 47, 0.7872, 0.6510, 0.8801),  # ProDERM IVIG arm, TIS minimal improvement (values from R prop.test)
    ],
)
def test_a_proportion_is_events_over_total_with_its_wilson_interval(events, total, estimate, low, high):
    p = proportion(events, total)
    assert (p.events, p.total, p.ci_method) == (events, total, "wilson")
    assert p.estimate == pytest.approx(estimate, abs=1e-4)
    assert p.ci_low == pytest.approx(low, abs=1e-4)
    assert p.ci_high == pytest.approx(high, abs=1e-4)


def test_zero_and_all_event_arms_have_intervals_that_touch_zero_and_one_exactly():
    assert wilson_interval(0, 5)[0] == 0.0
    assert wilson_interval(5, 5)[1] == 1.0


@pytest.mark.parametrize(
    ("events", "total", "error"),
    [
        (4, 3, ValueError),  # more responders than patients
        (-1, 3, ValueError),
        (1, 0, ValueError),  # no patients
        (1.5, 3, ValueError),  # half a patient
        (True, 3, TypeError),  # a flag is not a count
    ],
)
def test_impossible_counts_are_refused_not_pooled(events, total, error):
    with pytest.raises(error):
        proportion(events, total)


def _outcomes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "study_id": ["wang-2022", "zhang-2023", "le-voyer-2021", "paik-2021"],
            "measure": ["remission", "remission", "remission", "tis_moderate"],
            "responders": pd.array([15, 44, 0, 5], dtype="Int64"),
            "evaluable": pd.array([20, None, 3, 10], dtype="Int64"),
        },
        index=[10, 11, 12, 13],
    )


def test_outcome_proportions_keep_only_rows_with_responders_and_evaluable_and_their_index():
    table = outcome_proportions(_outcomes())
    assert list(table.index) == [10, 12, 13]  # zhang states 44 responders but no denominator: never guessed
    assert table["proportion"].tolist() == pytest.approx([0.75, 0.0, 0.5])
    assert set(table["ci_method"]) == {CI_METHOD}
    assert table.loc[12, "ci_low"] == 0.0
    assert table.loc[10, "ci_low"] == pytest.approx(wilson_interval(15, 20)[0])


def test_safety_proportions_use_count_over_denominator():
    safety = pd.DataFrame(
        {
            "study_id": ["le-voyer-2021", "zhang-2023", "hassan-2008"],
            "kind": ["herpes_zoster", "herpes_zoster", "none_reported"],
            "count": pd.array([3, 1, None], dtype="Int64"),
            "denominator": pd.array([10, 88, 3], dtype="Int64"),
        }
    )
    table = safety_proportions(safety)
    assert table["study_id"].tolist() == ["le-voyer-2021", "zhang-2023"]
    assert table["proportion"].tolist() == pytest.approx([0.3, 1 / 88])
    assert table["ci_high"].tolist() == pytest.approx([wilson_interval(3, 10)[1], wilson_interval(1, 88)[1]])


def test_a_table_without_any_stated_count_gives_an_empty_table_with_the_proportion_columns():
    empty = outcome_proportions(_outcomes().assign(evaluable=pd.array([None] * 4, dtype="Int64")))
    assert empty.empty
    assert {"proportion", "ci_low", "ci_high", "ci_method"} <= set(empty.columns)
