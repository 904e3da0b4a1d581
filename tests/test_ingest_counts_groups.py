"""Counts and groups on pages the parser had never seen, each rule checked on invented texts with counter-cases: the
study total, doses that are no counts, subgroups, compared groups written by abbreviation or with 'of', a regimen
named as a list, a control group, a result counted out of the group the sentence before sized, failed prior
therapies and conditioning drugs."""

from __future__ import annotations

import pytest

from evidence.ingest import parse_abstract
from evidence.ingest.numbers import in_dose
from evidence.ingest.score import drafted_therapies
from tests.test_ingest import check_invariants


def draft(text: str):
    out = parse_abstract(text)
    check_invariants(out)
    return out


def arms_of(d) -> list[tuple[list[str], int | None]]:
    return [(a["therapies"], a["n"]) for a in d.record["arms"]]


def results(d) -> list[tuple[str | None, int, int]]:
    return [(o["arm"], o["responders"], o["evaluable"]) for o in d.record["outcomes"] if o["responders"] is not None]


# --- the study total --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "total"),
    [
        ("Ten patients ≥7 years of age with refractory disease were enrolled.", 10),
        ("Twelve children aged 4-15 years with refractory juvenile dermatomyositis were included.", 12),
        ("Adult patients with new-onset anti-MDA5-positive DM with ILD (n = 29) were enrolled.", 29),
        ("Children with juvenile dermatomyositis refractory to two drugs (n = 14) were studied.", 14),
    ],
)
def test_the_total_behind_a_qualifier_or_a_long_description(sentence, total):
    d = draft(f"Methods: {sentence} All received tofacitinib.\nResults: Skin disease improved in most.\n")
    assert d.record["n_total"] == total


@pytest.mark.parametrize(
    "results_text",
    [
        "All 10 patients reached inactive disease, including 2 patients with minimal residual rash.",
        "Of the 3 patients who had calcinosis, 2 improved. Ten patients reached inactive disease.",
    ],
)
def test_subgroup_counts_are_never_the_total(results_text):
    d = draft(
        "Methods: Ten patients ≥7 years of age with refractory disease were enrolled and treated with tofacitinib.\n"
        f"Results: {results_text}\n"
    )
    assert d.record["n_total"] == 10


def test_a_cohort_including_its_patients_is_still_the_total():
    d = draft("Methods: We studied a cohort including 40 patients treated with rituximab.\nResults: 20 improved.\n")
    assert d.record["n_total"] == 40


# --- doses are never counts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "dose"),
    [
        ("patients received 1 × 106 CAR T cells/kg", "106", True),
        ("a dose of 10^6 cells/kg", "6", True),
        ("IVIG 2 g/kg monthly", "2", True),
        ("cyclophosphamide 1,000 mg/m2 over two days", "1,000", True),
        ("10 patients received IVIG 2 g/kg", "10", False),
        ("seven treated with JAK inhibitors", "seven", False),
        ("4 patients received CAR T cells", "4", False),
    ],
)
def test_numbers_inside_doses(text, number, dose):
    at = text.index(number)
    assert in_dose(text, at, at + len(number)) is dose


def test_a_flattened_power_of_ten_is_no_arm_size_and_conditioning_drugs_are_received():
    d = draft(
        "Invented CD19 CAR T cells in refractory juvenile dermatomyositis\n\nAbstract\n"
        "Methods: Ten patients ≥7 years of age with refractory disease were enrolled. After lymphodepletion with "
        "cyclophosphamide and fludarabine, patients received 1 × 106 CAR T cells/kg.\n"
        "Results: All 10 patients reached inactive disease, including 2 patients with minimal residual rash.\n"
    )
    assert d.record["n_total"] == 10
    assert arms_of(d) == [(["car_t_cd19"], 10)]
    assert {"cyclophosphamide", "fludarabine"} <= set(drafted_therapies(d))


def test_conditioning_with_anti_thymocyte_globulin_before_a_transplant():
    d = draft(
        "Two children with refractory juvenile dermatomyositis underwent autologous stem cell transplantation after "
        "conditioning with fludarabine, cyclophosphamide and anti-thymocyte globulin (thymoglobulin). Both reached "
        "remission."
    )
    assert {"fludarabine", "cyclophosphamide", "antithymocyte_globulin"} <= set(drafted_therapies(d))


def test_a_trial_drug_outside_myositis_care_is_still_not_in_the_vocabulary():
    d = draft("Methods: Twelve adults with dermatomyositis received fludarabine.\nResults: 6 of 12 improved.\n")
    assert "fludarabine" in drafted_therapies(d)
    assert "bendamustine" not in drafted_therapies(
        draft("Methods: Twelve adults with dermatomyositis received bendamustine.\nResults: 6 of 12 improved.\n")
    )
