"""The two seed abstracts are recorded with every count they state and nothing they do not."""

from __future__ import annotations

import pytest

TORRES = "torres-sanchez-2026-jaki-abatacept"
BUECHLER = "buechler-2025-anifrolumab-adult-jdm"


@pytest.fixture(scope="module")
def torres(data_result):
    return data_result.by_id[TORRES]


@pytest.fixture(scope="module")
def buechler(data_result):
    return data_result.by_id[BUECHLER]


def test_torres_is_a_paediatric_retrospective_cohort_of_23(torres):
    assert (torres.design, torres.n_total, torres.population.age_group) == ("retrospective_cohort", 23, "pediatric")
    assert torres.publication_type == "conference_abstract" and torres.abstract_number == "100"
    assert torres.enrolment_period == "January 2011 to June 2024"
    assert torres.year == 2026


def test_torres_arms_are_7_jaki_8_abatacept_8_controls(torres):
    arms = {a.id: (a.therapy_class, a.n) for a in torres.arms}
    assert arms == {
        "jaki": ("jak_inhibitor", 7),
        "abatacept": ("t_cell_costimulation_modulator", 8),
        "control": ("control", 8),
    }
    assert torres.arms[0].therapies == ["tofacitinib", "baricitinib", "ruxolitinib"]


def test_torres_mda5_is_present_without_an_invented_count(torres):
    jaki = torres.arms[0]
    assert jaki.antibodies["anti_mda5"].positive is None
    assert jaki.antibodies["anti_mda5"].tested is None
    assert torres.arms[1].antibodies == {}


def test_torres_only_abatacept_reached_significance_on_das_muscle(torres):
    muscle = {o.arm: o.significant for o in torres.outcomes if o.measure == "das_muscle"}
    assert muscle == {"abatacept": True, "jaki": False, "control": False}
    assert all(o.responders is None and o.evaluable is None for o in torres.outcomes)


def test_torres_reports_no_serious_events_for_either_targeted_therapy(torres):
    assert {(f.arm, f.kind, f.count) for f in torres.safety} == {
        ("jaki", "serious_adverse_event", 0),
        ("abatacept", "serious_adverse_event", 0),
    }
    assert torres.disclosures.industry_ties is False


def test_buechler_is_three_adult_women_with_juvenile_onset_disease(buechler):
    assert (buechler.design, buechler.n_total, buechler.population.age_group) == ("case_series", 3, "adult_with_jdm")
    assert buechler.population.age_details == "Ages 22, 24 and 48 years"
    assert buechler.population.sex == "3 female"
    assert buechler.abstract_number == "0286"


def test_buechler_anifrolumab_300_mg_monthly_improved_skin_in_3_of_3(buechler):
    arm = buechler.arms[0]
    assert (arm.therapies, arm.n, arm.dose) == (["anifrolumab"], 3, "300 mg per month")
    skin = next(o for o in buechler.outcomes if o.domain == "skin")
    assert (skin.responders, skin.evaluable, skin.direction) == (3, 3, "improved")
    steroid = next(o for o in buechler.outcomes if o.measure == "glucocorticoid_dose")
    assert (steroid.responders, steroid.evaluable) == (3, 3)


def test_buechler_lists_prior_failures_and_pearsons_industry_ties(buechler):
    assert {"jak_inhibitor", "rituximab", "cyclophosphamide", "cyclosporine", "quinacrine"} <= set(
        buechler.population.prior_failed_therapies
    )
    assert buechler.disclosures.industry_ties is True
    assert "Pfizer" in buechler.disclosures.companies and "Biogen" in buechler.disclosures.companies
    assert buechler.safety == []  # the abstract reports no safety data: nothing is invented
