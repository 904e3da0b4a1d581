"""What the Compare page answers, rule by rule, through records, Filters and the request (as the page builds them):
population-pure groups, antibody-true numbers, sparse data, juvenile vs adult criteria, denominators, harms,
effects against a control, and the JSON contract."""

from __future__ import annotations

import json

import pytest

from evidence.cli import main
from evidence.filters import Filters
from evidence.loader import load
from evidence.profile import CompareRequest, PatientProfile, parse_request
from evidence.synthesis.summary import synthesize


@pytest.fixture
def data(compare_data):
    return compare_data


def run(data, filters: Filters | None = None, **request):
    evidence = load(data).evidence
    return synthesize(evidence.view(filters or Filters()), CompareRequest(**request))


def groups(result, kind="proportion", therapy="jak_inhibitor", outcome="remission"):
    return [f for f in result if f.kind == kind and f.therapy == therapy and f.outcome == outcome]


def test_no_group_mixes_children_with_adult_onset_dm_and_adult_groups_are_indirect_and_rated_down(data):
    result = run(data)
    for f in result:
        assert len({s.age_group if f.kind != "comparative" else s.comparison.age_group for s in f.studies}) == 1
    children, adults = (next(f for f in groups(result) if f.population == p) for p in ("pediatric", "adult_dm"))
    assert not children.indirect and adults.indirect
    assert any("adults with adult-onset DM, not children with JDM" in r for r in adults.certainty.reasons)


def test_with_an_antibody_each_number_says_whose_it_is_and_a_mixed_cohort_stays_apart(data):
    result = run(data, profile=PatientProfile(antibody="anti_mda5"))
    assert all(f.antibody is not None for f in result)
    by_basis = {f.antibody.basis: f for f in groups(result) if f.population == "pediatric"}
    assert (by_basis["subgroup"].pooled.events, by_basis["subgroup"].pooled.patients) == (2, 2)
    assert (by_basis["all_positive"].pooled.events, by_basis["all_positive"].pooled.patients) == (4, 4)
    mixed = by_basis["mixed_cohort"]
    assert (mixed.pooled.events, mixed.pooled.patients, mixed.antibody.positive, mixed.antibody.tested) == (
        5,
        10,
        2,
        10,
    )
    assert any("whole-cohort result" in r for r in mixed.certainty.reasons)


def test_all_responding_studies_are_added_not_pooled_and_nothing_shows_outside_the_data(data):
    (children,) = [
        f for f in groups(run(data, profile=PatientProfile(antibody="anti_mda5"))) if f.antibody.basis == "all_positive"
    ]
    assert children.pooled.method is None and children.pooled.estimate == 1.0
    for f in run(data):
        observed = [s.estimate for s in f.studies]
        assert min(observed) - 1e-9 <= f.pooled.estimate <= max(observed) + 1e-9


def test_juvenile_and_adult_response_criteria_are_different_definitions(data):
    outcomes = {
        (f.outcome, f.population) for f in run(data, selections=("jak_inhibitor", "ivig")) if f.kind == "proportion"
    }
    assert ("tis_juvenile_minimal", "pediatric") in outcomes and ("tis_adult_minimal", "adult_dm") in outcomes
    assert not any(
        f.outcome.startswith("tis_") and f.population == "pediatric" and "adult" in f.outcome for f in run(data)
    )


def test_the_sensitivity_view_drops_denominators_that_are_the_number_treated(data):
    (pooled,) = [f for f in groups(run(data)) if f.population == "pediatric" and f.subgroup is None]
    (stated,) = [f for f in groups(run(data, stated_only=True)) if f.population == "pediatric" and f.subgroup is None]
    assert [s.study_id for s in pooled.studies] == ["jdm-a", "jdm-b"] and [s.study_id for s in stated.studies] == [
        "jdm-a"
    ]


def test_a_harm_not_mentioned_is_left_out_and_a_stated_absence_counts_zero(data):
    (zoster,) = [f for f in groups(run(data), "harm", outcome="herpes_zoster") if f.population == "pediatric"]
    assert [(s.study_id, s.events, s.total) for s in zoster.studies] == [("jdm-a", 1, 10), ("jdm-b", 0, 4)]
    assert not [f for f in groups(run(data), "harm", outcome="herpes_zoster") if f.population == "adult_dm"]


def test_effects_against_a_control_give_risk_ratios_and_differences_with_the_comparator_named(data):
    result = run(data, selections=("tofacitinib", "ivig"))
    deaths = {f.measure: f for f in groups(result, "comparative", "tofacitinib", "mortality")}
    rr = deaths["RR"]
    one = rr.studies[0]
    assert (one.events_treated, one.n_treated, one.events_control, one.n_control) == (
        10, 30, 15, 28,  # the control arm's 13 alive of 28 are 15 deaths
    )  # fmt: skip
    assert rr.comparator == "active_control" and rr.pooled.estimate == pytest.approx((10 / 30) / (15 / 28))
    assert rr.certainty.start == "low"  # a non-randomised comparison
    (ivig,) = [f for f in groups(result, "comparative", "ivig", "tis_adult_minimal") if f.measure == "RD"]
    assert ivig.comparator == "placebo_or_usual_care" and ivig.certainty.start == "high"
    assert ivig.pooled.estimate == pytest.approx(37 / 47 - 21 / 48)


def test_a_link_reproduces_the_same_request_and_unknown_values_are_named(data):
    request = CompareRequest(("jak_inhibitor", "abatacept"), PatientProfile("any", "anti_mda5", "lung"), "GLMM", True)
    again, notes = parse_request(request.to_query())
    assert again == request and notes == []
    odd, notes = parse_request({"compare": "tofacitinib,nonsense,abatacept,ivig,rituximab,baricitinib", "patient": "x"})
    assert odd.selections == ("tofacitinib", "abatacept", "ivig", "rituximab")
    assert any("'nonsense'" in n for n in notes) and any("Baricitinib left out" in n for n in notes)
    assert any("Patients" in n for n in notes) and odd.profile.age == "pediatric"


def test_the_json_contract_holds_every_kind_and_key(data, capsys):
    assert main(["synthesize", "--data", str(data), "--all", "--patient-antibody", "anti_mda5"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["kind"] for r in records} == {"proportion", "harm", "comparative"}
    for r in records:
        assert r["population"] and r["antibody_basis"] in ("subgroup", "all_positive", "mixed_cohort")
        assert isinstance(r["indirect"], bool) and r["sentence"].endswith("certainty.")
        if r["kind"] == "harm":
            assert r["event"] == r["outcome"]
        if r["kind"] == "comparative":
            assert r["measure"] in ("RR", "RD") and r["comparator"]
            assert {"events_treated", "n_treated", "events_control", "n_control"} <= set(r["studies"][0])
        if r["method"] is None:
            assert r["not_pooled"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--compare", "nonsense"], "not a known drug or class"),
        (["--patient", "martians"], "--patient: unknown value"),
        (["--population", "martians"], "--patient: unknown value"),
        (["--method", "HS"], "--method: unknown value"),
    ],
)
def test_unknown_command_line_values_are_named_and_exit_2(data, capsys, argv, words):
    assert main(["synthesize", "--data", str(data), *argv]) == 2
    assert words in capsys.readouterr().err


def test_the_plain_sentence_gives_the_counts_the_evidence_and_beside_a_pool_the_studies_own_range(data):
    """What a clinician reads first: k of n, in what evidence, the estimate (a pool with its studies' range, since
    a pool weighs studies and can sit far from the added counts), and the certainty."""
    children = next(f for f in groups(run(data)) if f.population == "pediatric" and f.subgroup is None)
    assert children.sentence == (  # 5/10 and 4/4; lme4 glmer (nAGQ=7) gives 72.6% (16.3% to 97.3%)
        "Clinically inactive disease / remission (other definitions): 9 of 14 children, in 2 small uncontrolled "
        "reports; pooled estimate 73% (95% CI 16% to 97%), from studies ranging 50% to 100%; very low certainty."
    )
