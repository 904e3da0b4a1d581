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


# --- compared groups --------------------------------------------------------------------------------------------

_ABBREVIATED = (
    "Early plasma exchange in invented anti-MDA5 dermatomyositis with rapidly progressive interstitial lung disease\n\n"
    "Abstract\nObjective: To assess early plasma exchange added to intensive immunosuppressive therapy.\n"
    "Methods: Patients received intensive immunosuppressive therapy alone (IS group) or early plasma exchange plus "
    "IS (ePE group). We compared both groups (IS, n=31; ePE, n=9).\n"
    "Results: {results}\nConclusion: Early plasma exchange may improve survival.\n"
)


def test_sizes_listed_by_the_groups_abbreviations_and_outcomes_of_each_named_group():
    d = draft(
        _ABBREVIATED.format(results="12 of 31 patients in the IS group died, compared with 2 of 9 in the ePE group.")
    )
    arms = d.record["arms"]
    assert [(a["id"], a["therapies"], a["n"]) for a in arms] == [
        ("is-group", [], 31),
        ("plasma-exchange", ["plasma_exchange"], 9),
    ]
    assert results(d) == [("is-group", 12, 31), ("plasma-exchange", 2, 9)]


def test_undefined_abbreviations_make_no_groups():
    d = draft(_ABBREVIATED.format(results="Nine died.").replace("(IS group)", "").replace("(ePE group)", ""))
    assert all(a["n"] not in (31, 9) for a in d.record["arms"])


def test_two_groups_sized_with_of_are_arms_and_no_group_is_the_study_total():
    d = draft(
        "Invented tacrolimus in juvenile dermatomyositis: an inception cohort\n\nAbstract\n"
        "Methods: We followed an inception cohort of 31 children with juvenile dermatomyositis treated with "
        "tacrolimus and methotrexate, compared with a control group of 22 patients treated with methotrexate alone.\n"
        "Results: Inactive disease was reached by 20 of 31 children on tacrolimus.\n"
    )
    record = d.record
    assert arms_of(d) == [(["tacrolimus", "methotrexate"], 31), (["methotrexate"], 22)]
    assert [a.get("control", False) for a in record["arms"]] == [False, True]
    assert record["n_total"] is None  # the groups' sum is not stated
    assert results(d) == [("inception-cohort", 20, 31)]


def test_two_groups_sized_with_of_keep_a_total_stated_apart():
    d = draft(
        "Methods: A total of 53 children were included: an inception cohort of 31 children treated with tacrolimus, "
        "compared with a control group of 22 children treated with methotrexate.\nResults: 20 of 31 improved.\n"
    )
    assert d.record["n_total"] == 53
    assert arms_of(d) == [(["tacrolimus"], 31), (["methotrexate"], 22)]


def test_one_cohort_sized_with_of_is_the_study_total():
    d = draft("Methods: We followed a cohort of 31 children treated with tacrolimus.\nResults: 20 of 31 improved.\n")
    assert (d.record["n_total"], arms_of(d)) == (31, [(["tacrolimus"], 31)])


_REGIMEN = (
    "A combined regimen for invented anti-MDA5 dermatomyositis with interstitial lung disease\n\nAbstract\n"
    "Methods: Adult patients with new-onset anti-MDA5-positive DM with ILD (n = 29) were enrolled and treated with "
    "a combined regimen of high-dose glucocorticoids, tacrolimus and IV cyclophosphamide (combined regimen group, "
    "n = 29). A historical control group (n = 20) received glucocorticoids and tacrolimus.\n"
    "Results: Of the 8 patients who had rapidly progressive ILD, 5 survived. Survival at 12 months was 25 of 29 in "
    "the combined regimen group.\nConclusion: The combined regimen improved survival.\n"
)


def test_a_regimen_named_as_a_list_is_one_arm_and_a_historical_control_its_own():
    d = draft(_REGIMEN)
    record = d.record
    assert record["n_total"] == 29  # the enrolled patients; the historical controls are not among them
    assert arms_of(d) == [
        (["glucocorticoids", "tacrolimus", "cyclophosphamide"], 29),
        (["glucocorticoids", "tacrolimus"], 20),
    ]
    assert record["arms"][1]["control"] is True
    assert ("combined-regimen-group", 25, 29) in results(d)


def test_a_regimen_list_without_groups_is_one_arm_but_a_plain_list_of_drugs_is_not():
    one = draft(
        "Methods: Twelve adults with anti-MDA5 dermatomyositis were treated with a combined regimen of high-dose "
        "glucocorticoids, tacrolimus and IV cyclophosphamide.\nResults: Survival at 6 months was 9 of 12.\n"
    )
    assert arms_of(one) == [(["glucocorticoids", "tacrolimus", "cyclophosphamide"], 12)]
    two = draft(
        "Methods: We reviewed 30 adults treated with glucocorticoids and tacrolimus (n=18) or glucocorticoids and "
        "cyclophosphamide (n=12).\nResults: 15 of 18 and 9 of 12 survived, respectively.\n"
    )
    assert [n for _, n in arms_of(two)] == [18, 12]


# --- a result out of the group the sentence before sized -------------------------------------------------------

_NEIGHBOURS = (
    "Invented intravenous immunoglobulin and cyclophosphamide in anti-MDA5 interstitial lung disease\n\n"
    "We reviewed the records of adults with anti-MDA5 dermatomyositis and rapidly progressive interstitial lung "
    "disease seen at one invented centre over ten years. {given} {result} The combination may help.\n"
)


def test_a_count_in_the_next_sentence_is_out_of_the_group_just_sized():
    d = draft(
        _NEIGHBOURS.format(
            given="10 patients were given the combination of intravenous immunoglobulin 2 g/kg and cyclophosphamide "
            "1,000 mg/m2 over two days.",
            result="Five patients survived.",
        )
    )
    assert arms_of(d) == [(["ivig", "cyclophosphamide"], 10)]
    assert [(r, e) for _, r, e in results(d)] == [(5, 10)]


@pytest.mark.parametrize(
    ("given", "result"),
    [
        ("10 patients were given the combination and 4 received glucocorticoids alone.", "Five patients survived."),
        ("10 patients were given the combination.", "Five patients survived and 2 relapsed."),
        ("The combination was given to all.", "Five patients survived."),
    ],
)
def test_no_denominator_from_the_sentence_before_unless_it_sizes_one_group_plainly(given, result):
    d = draft(_NEIGHBOURS.format(given=given, result=result))
    assert [(r, e) for _, r, e in results(d) if r == 5] == []


# --- prior failed therapies -------------------------------------------------------------------------------------


def test_a_therapy_received_earlier_as_part_of_the_regimen_did_not_fail():
    d = draft(
        "Invented rituximab rescue in refractory dermatomyositis\n\nWe describe a 45-year-old woman who received IV "
        "CYC nearly 20 days earlier as part of induction with methylprednisolone, then rituximab. Her muscle strength "
        "improved."
    )
    assert d.record["population"]["prior_failed_therapies"] == []
    assert "cyclophosphamide" in drafted_therapies(d)


@pytest.mark.parametrize(
    ("sentence", "failed"),
    [
        ("Patients had failed methotrexate and IVIG.", ["methotrexate", "ivig"]),
        ("All were refractory to methotrexate.", ["methotrexate"]),
        ("Methotrexate was stopped for inefficacy in all.", ["methotrexate"]),
        ("Methotrexate was stopped in all after remission.", []),
        ("Patients had previously received methotrexate.", []),
        ("Only methotrexate-naive patients were included.", []),
    ],
)
def test_a_prior_therapy_failed_only_when_the_text_says_so(sentence, failed):
    d = draft(f"Methods: Twelve children received baricitinib. {sentence}\nResults: Eight of 12 improved.\n")
    assert d.record["population"]["prior_failed_therapies"] == failed


# --- single-case reports ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Our case was a 6 year old girl with juvenile dermatomyositis refractory to methotrexate.",
        "We present the case of a patient with anti-MDA5 dermatomyositis refractory to methotrexate.",
        "We describe a 45-year-old man with dermatomyositis refractory to methotrexate.",
        "A 10-year-old boy presented with juvenile dermatomyositis refractory to methotrexate.",
    ],
)
def test_a_single_case_is_a_case_report_of_one_patient(sentence):
    d = draft(
        "Letter to the Editor\n\nInvented tofacitinib rescue in refractory dermatomyositis\n\nDear Editor,\n"
        f"Dermatomyositis is a rare inflammatory disease of muscle and skin. {sentence} Tofacitinib was started and "
        "the rash resolved within three months while strength recovered fully.\n"
    )
    assert (d.record["design"], d.record["n_total"]) == ("case_report", 1)


@pytest.mark.parametrize(
    "text",
    [
        "We report five children with refractory juvenile dermatomyositis treated with tofacitinib. One patient "
        "relapsed after six months.",
        "A 10-year-old boy presented with refractory juvenile dermatomyositis. A second patient, a 12-year-old girl, "
        "had calcinosis. Both patients received tofacitinib.",
        "Tofacitinib was given to children with refractory juvenile dermatomyositis. Skin disease improved in one "
        "patient.",
    ],
)
def test_a_text_about_more_than_one_patient_or_no_presented_case_is_no_case_report(text):
    d = draft(f"Invented tofacitinib in refractory juvenile dermatomyositis\n\n{text}\n")
    assert d.record["design"] != "case_report"
    assert d.record["n_total"] != 1


@pytest.mark.parametrize(
    ("sentence", "total"),
    [
        ("Skin disease improved in one patient.", None),
        ("Remission was achieved in 8 children.", None),
        ("Tofacitinib was evaluated in 8 children.", 8),
    ],
)
def test_a_count_with_a_result_is_never_the_total(sentence, total):
    d = draft(f"Tofacitinib was given to children with refractory juvenile dermatomyositis. {sentence}\n")
    assert d.record["n_total"] == total


def test_abbreviations_defined_alone_in_brackets_name_the_groups_too():
    d = draft(
        "Methods: Patients received intensive immunosuppressive therapy (IS) or early plasma exchange added to it "
        "(ePE). Sizes were (IS, n=31; ePE, n=9).\nResults: 12 of 31 patients in the IS group died, compared with 2 of "
        "9 in the ePE group.\n"
    )
    assert [(a["therapies"], a["n"]) for a in d.record["arms"]] == [([], 31), (["plasma_exchange"], 9)]
    assert [(r, e) for _, r, e in results(d)] == [(12, 31), (2, 9)]
