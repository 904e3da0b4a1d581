"""Failure patterns an independent evaluation found on pages the parser had never seen, each fixed by one general
rule and checked here on invented texts: arms of compared cohorts, the study total, page layouts, the age group,
therapies received (or only named in background), and counts of things that are not patients."""

from __future__ import annotations

import pytest

from evidence.ingest import parse_abstract
from evidence.ingest.page import not_a_title
from evidence.ingest.score import drafted_therapies
from tests.test_ingest import check_invariants


def draft(text: str):
    out = parse_abstract(text)
    check_invariants(out)
    return out


# --- 3. page layouts ------------------------------------------------------------------------------------------

_SESSION_FIRST = """Session Information

Date: Sunday, November 10, 2019

Title: Muscle Biology, Myositis & Myopathies Poster I: Invented Clinical Studies

Session Type: ACR Poster Session A

Session Time: 9:00AM-11:00AM

Abatacept in Invented Treatment-refractory Dermatomyositis: A Single-centre Experience

Anna Kovacs1, Peter Lindqvist2 and Maria Santos1, 1Invented University Hospital, Lisbon, Portugal, 2Invented \
Institute, Uppsala, Sweden

Background/Purpose: Abatacept blocks T-cell co-stimulation.

Methods: We reviewed 14 adults with refractory dermatomyositis treated with abatacept.

Results: Skin disease improved in 9 of 14 patients.

Conclusion: Abatacept may help.
"""


def test_acr_page_copied_from_its_session_block_takes_the_line_before_the_byline_as_title():
    d = draft(_SESSION_FIRST)
    record = d.record
    assert d.format == "acr"
    assert record["title"] == "Abatacept in Invented Treatment-refractory Dermatomyositis: A Single-centre Experience"
    assert record["authors"] == ["Kovacs A", "Lindqvist P", "Santos M"]
    assert record["year"] is None  # the session date is no meeting line
    assert [f.value for f in d.hints["session"]] == [
        "Muscle Biology, Myositis & Myopathies Poster I: Invented Clinical Studies"
    ]


def test_the_session_title_is_never_the_title_on_a_page_without_acr_headings():
    d = draft(_SESSION_FIRST.replace("Background/Purpose:", "Background:"))
    assert not str(d.record["title"]).startswith("Title:")
    assert "Muscle Biology" not in str(d.record["title"])


def test_journal_page_badges_stand_above_the_title_and_the_article_number_line_gives_the_year():
    d = draft(
        "Skip to main content\nAdvertisement\nInvented Rheumatology Research\nSearch\nMenu\n\n- Research article\n"
        "- Open access\n- Published: 12 March 2021\n\n"
        "Baricitinib in invented adults with refractory dermatomyositis: a retrospective study\n\n"
        "- Lena Hartmann1,\n- Paul Nguyen2 &\n- Rosa Ortega1\n\n"
        "Invented Rheumatology Research volume 19, Article number: 127 (2021)\n\nAbstract\n\nBackground\n"
        "Baricitinib is a JAK inhibitor.\n\nMethods\nWe reviewed 16 adults with dermatomyositis treated with "
        "baricitinib.\n\nResults\nSkin disease improved in 12 of 16 patients.\n\nConclusions\nBaricitinib may help.\n"
    )
    record = d.record
    assert record["title"] == "Baricitinib in invented adults with refractory dermatomyositis: a retrospective study"
    assert record["authors"] == ["Hartmann L", "Nguyen P", "Ortega R"]
    assert (record["year"], record["venue"]) == (2021, "Invented Rheumatology Research")


def test_a_line_taken_as_title_above_a_badge_was_page_chrome():
    d = draft(
        "Invented Journal of Myology\n\nOpen Access\n\nFree full text\n\nPDF\n\n"
        "Tofacitinib for invented calcinosis in juvenile dermatomyositis: a case series\n\n"
        "Mei Lin1, Jun Zhao2, Hua Wang1\n\nInvented J Myol. 2020;12(3):45-51.\n\nAbstract\n"
        "Objective: To describe tofacitinib for calcinosis.\nMethods: Five children with calcinosis received "
        "tofacitinib.\nResults: Calcinosis improved in 3 of 5 children.\nConclusion: Tofacitinib may help.\n"
    )
    record = d.record
    assert record["title"] == "Tofacitinib for invented calcinosis in juvenile dermatomyositis: a case series"
    assert (record["authors"], record["year"]) == (["Lin M", "Zhao J", "Wang H"], 2020)


def test_catalogue_mirror_numbered_code_title_and_author_label():
    d = draft(
        "Invented Abstract Catalogue\n\n1. AB0643 EFFICACY OF INVENTED RITUXIMAB IN ANTI-SYNTHETASE SYNDROME\n"
        "- Author\nMaria Rossi\nLuca Bianchi\nGiulia Verdi\n- Published in\nInvented Annals\n"
        "Background: Rituximab is used in myositis.\nObjectives: To assess rituximab.\nMethods: We included 22 "
        "adults with anti-synthetase syndrome treated with rituximab.\nResults: Muscle strength improved in 15 of "
        "22 patients.\nConclusion: Rituximab helps.\n"
    )
    record = d.record
    assert (d.format, record["abstract_number"]) == ("eular", "AB0643")
    assert record["title"] == "EFFICACY OF INVENTED RITUXIMAB IN ANTI-SYNTHETASE SYNDROME"
    assert record["authors"] == ["Rossi M", "Bianchi L", "Verdi G"]


def test_badges_are_never_a_title():
    for line in ("- Open access", "Open Access", "Free full text", "PDF", "Download PDF", "• Free"):
        assert not_a_title(line), line
    assert not not_a_title("Open-label abatacept in invented dermatomyositis")


# --- 4. age group -----------------------------------------------------------------------------------------------


def _methods(sentence: str) -> str:
    return (
        f"Methods: {sentence} All were treated with rituximab.\nResults: Eight of 12 patients improved.\n"
        "Conclusion: Rituximab may help."
    )


@pytest.mark.parametrize(
    ("sentence", "group"),
    [
        ("We reviewed 12 patients with dermatomyositis (mean age 52 years).", None),
        ("We reviewed 12 patients with dermatomyositis, median age 47 years (range 19-70 years).", None),
        ("We reviewed 12 women with dermatomyositis.", None),
        ("We reviewed 12 female patients with dermatomyositis.", None),
        ("We reviewed 12 patients aged 18 to 65 years with dermatomyositis.", None),
        ("We reviewed 12 patients of age 18 years or older with dermatomyositis.", None),
        ("We reviewed 12 adults with dermatomyositis (mean age 52 years).", "adult_dm"),
        ("We reviewed 12 patients with adult-onset dermatomyositis.", "adult_dm"),
        ("We describe a 45-year-old woman with dermatomyositis and 11 similar patients.", "adult_dm"),
        ("We reviewed 12 children with dermatomyositis.", "pediatric"),
        ("We reviewed 12 patients with dermatomyositis (mean age 9 years).", "pediatric"),
        ("We reviewed 12 patients with dermatomyositis aged 4 to 40 years.", None),
        ("We reviewed 12 adults and children with juvenile and adult dermatomyositis.", "mixed"),
    ],
)
def test_an_adult_group_only_where_the_text_says_adults(sentence, group):
    assert draft(_methods(sentence)).record["population"]["age_group"] == group


# --- 6. counts of things that are not patients ------------------------------------------------------------------


def _counted(d) -> list[tuple[int, int]]:
    return [(o["responders"], o["evaluable"]) for o in d.record["outcomes"] if o["responders"] is not None]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pulmonary function improved in all three PFTs in one patient.",
        "Muscle inflammation resolved in 2 of 4 biopsies.",
        "Disease activity improved in 3 of 5 domains.",
        "Creatine kinase normalised in 4/6 (67%) measurements.",
        "Response was seen in 5 of 6 core set measures.",
    ],
)
def test_a_count_of_things_that_are_not_patients_is_no_outcome(sentence):
    d = draft(f"Methods: We reviewed 10 adults with dermatomyositis treated with rituximab.\nResults: {sentence}\n")
    assert _counted(d) == []


def test_things_said_to_come_from_the_patients_are_counted():
    d = draft(
        "Methods: We reviewed 10 adults with dermatomyositis treated with rituximab.\nResults: The interferon "
        "signature improved in 3 of 9 skin biopsy samples from patients with skin disease. Skin disease "
        "improved in 7 of 10 patients with lesions.\n"
    )
    assert _counted(d) == [(3, 9), (7, 10)]


# --- 2. the study total -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("methods", "total"),
    [
        (
            "Of the 69 patients followed at our centre between 2005 and 2015, 31 fulfilled the inclusion criteria and "
            "were treated with rituximab.",
            31,
        ),
        ("Of 45 patients screened, 30 were enrolled and treated with abatacept.", 30),
        ("A total of 120 patients were screened and 45 patients were enrolled and treated with rituximab.", 45),
        ("Two hundred patients were assessed for eligibility; 80 patients were included and received tacrolimus.", 80),
        ("In this trial, 152 IBM subjects fulfilling the criteria were randomized to tacrolimus or placebo.", 152),
        (
            "Fifty-nine patients with inflammatory myopathies, dermatomyositis or polymyositis, seen at two tertiary "
            "centres were included. Of these, 12 patients received tacrolimus.",
            59,
        ),
        ("We describe a total of six girls and one boy with juvenile dermatomyositis treated with tofacitinib.", None),
        ("Twelve women and eight men with dermatomyositis received rituximab.", None),
        ("Of the 30 patients included, 20 met the response criteria after rituximab.", 30),
    ],
)
def test_the_study_total_is_who_was_included_never_the_pool_or_one_sex(methods, total):
    d = draft(f"Methods: {methods}\nResults: The treatment was well tolerated.\nConclusion: ok.\n")
    assert d.record["n_total"] == total
    assert d.record["design"] != "case_report"


# --- 5. therapies -----------------------------------------------------------------------------------------------


def _uses(d) -> dict[str, str]:
    return {u.id: u.role for u in d.therapies}


def test_a_drug_named_first_then_prescribed_in_patients_is_a_therapy_received():
    d = draft(
        "Rituximab in invented refractory dermatomyositis\n\nMethods: We reviewed 20 adults treated with rituximab. "
        "Oral corticosteroids were prescribed in 6 patients and methotrexate was also given to 4 patients.\n"
        "Results: Twelve of 20 patients improved.\nConclusion: ok.\n"
    )
    assert _uses(d) == {"rituximab": "index", "glucocorticoids": "background", "methotrexate": "background"}


@pytest.mark.parametrize(
    "sentence",
    [
        "JDM is usually treated with corticosteroids and methotrexate.",
        "Dermatomyositis is commonly managed with glucocorticoids and azathioprine.",
        "The standard treatment of dermatomyositis includes corticosteroids and methotrexate.",
        "Corticosteroids and methotrexate are the mainstay of therapy.",
    ],
)
def test_drugs_of_a_sentence_about_general_practice_are_no_therapy_of_the_patients(sentence):
    d = draft(
        "Sodium thiosulfate for invented calcinosis in juvenile dermatomyositis\n\nAbstract\n\n"
        f"{sentence} We reviewed 20 children with calcinosis treated with intravenous sodium thiosulfate. "
        "Calcinosis improved in 8 of 20 children.\n"
    )
    assert drafted_therapies(d) == ["sodium_thiosulfate"]
    assert [a["therapies"] for a in d.record["arms"]] == [["sodium_thiosulfate"]]


def test_what_the_patients_were_treated_with_stays_a_therapy():
    d = draft(
        "Methods: We reviewed 20 adults with dermatomyositis. All patients were treated with corticosteroids and "
        "methotrexate.\nResults: Twelve of 20 patients improved.\n"
    )
    assert set(drafted_therapies(d)) == {"glucocorticoids", "methotrexate"}


def test_a_trial_drug_the_vocabulary_does_not_list_is_an_arm_and_a_hint_never_an_invented_id():
    d = draft(
        "Safety and efficacy of invenclomol in inclusion body myositis: a randomized, placebo-controlled trial\n\n"
        "Abstract\n\nMethods: In this trial, 150 subjects with inclusion body myositis fulfilling the criteria were "
        "randomized to invenclomol (n = 74) or placebo (n = 76).\nResults: The primary outcome did not differ "
        "between the invenclomol and placebo groups.\nConclusion: Invenclomol did not help.\n"
    )
    record = d.record
    assert record["n_total"] == 150
    assert [(a["label"], a["therapies"], a["n"]) for a in record["arms"]] == [
        ("Invenclomol", [], 74),
        ("Placebo", ["placebo"], 76),
    ]
    assert [f.value for f in d.hints["unlisted_therapies"]] == ["invenclomol"]
    assert "arms.0.therapies" in d.to_fill
    assert drafted_therapies(d) == []  # no vocabulary id is invented for it


@pytest.mark.parametrize(
    "methods",
    [
        "Patients were randomized to active treatment or placebo.",
        "Patients were randomized to treatment or placebo.",
        "Patients were randomized to tofacitinib or placebo.",
        "Patients received weekly infusions or placebo.",
    ],
)
def test_only_a_drug_name_set_against_placebo_is_an_unlisted_drug(methods):
    d = draft(f"Methods: Forty adults with dermatomyositis were included. {methods}\nResults: ok.\n")
    assert "unlisted_therapies" not in d.hints


# --- 1. arms of compared groups ---------------------------------------------------------------------------------


def _arms(d) -> list[tuple[str, list[str], int | None]]:
    return [(a["label"], a["therapies"], a["n"]) for a in d.record["arms"]]


def _results(d) -> list[tuple[str | None, int, int]]:
    return [(o["arm"], o["responders"], o["evaluable"]) for o in d.record["outcomes"] if o["responders"] is not None]


def test_cohorts_named_with_their_sizes_are_arms_and_counts_tied_to_them_are_their_results():
    d = draft(
        "Tacrolimus versus cyclophosphamide in invented myositis-associated interstitial lung disease\n\nAbstract\n\n"
        "Methods: We retrospectively reviewed patients treated with tacrolimus (TI cohort, n = 24) or intravenous "
        "cyclophosphamide (CT cohort, n = 36).\nResults: Lung function improved in 11 (46%) patients from the TI "
        "cohort and in 9 of the CT cohort. Two patients in the CT cohort died.\nConclusion: Both were effective.\n"
    )
    assert _arms(d) == [
        ("Tacrolimus (TI cohort)", ["tacrolimus"], 24),
        ("Cyclophosphamide (CT cohort)", ["cyclophosphamide"], 36),
    ]
    ids = [a["id"] for a in d.record["arms"]]
    assert _results(d) == [(ids[0], 11, 24), (ids[1], 9, 36), (ids[1], 2, 36)]
    assert d.record["n_total"] is None  # no total stated; the arms are not summed


def test_groups_named_by_letter_and_treatment_words_without_a_listed_drug():
    d = draft(
        "Methods: Patients treated with rituximab (group A, n=24) and intravenous immunoglobulin (group B, n=36) were "
        "compared. We also compared triple immunosuppression (TI cohort, n = 20) with conventional therapy (CT "
        "cohort, n = 30).\nResults: A complete response was achieved by 12 patients in group A and 20 patients in "
        "group B.\n"
    )
    assert _arms(d) == [
        ("Rituximab (group A)", ["rituximab"], 24),
        ("Intravenous immunoglobulin (group B)", ["ivig"], 36),
    ]
    assert _results(d) == [("rituximab", 12, 24), ("ivig", 20, 36)]
    d = draft(
        "Methods: We compared patients who received triple immunosuppression (TI cohort, n = 24) with those who "
        "received conventional therapy (CT cohort, n = 36).\nResults: Lung function improved in 11 (46%) patients "
        "from the TI cohort. Three patients in the TI group died.\n"
    )
    assert _arms(d) == [("Triple immunosuppression (TI cohort)", [], 24), ("Conventional therapy (CT cohort)", [], 36)]
    assert [(r, e) for _, r, e in _results(d)] == [(11, 24), (3, 24)]
    assert "arms.0.therapies" in d.to_fill


def test_a_named_cohort_takes_the_drug_written_after_its_size():
    d = draft(
        "Methods: Patients were divided into the TI cohort (n = 24), who received tacrolimus, and the CT cohort "
        "(n = 36), who received cyclophosphamide.\nResults: Lung function improved in 9 of the CT cohort.\n"
    )
    assert _arms(d) == [
        ("Tacrolimus (TI cohort)", ["tacrolimus"], 24),
        ("Cyclophosphamide (CT cohort)", ["cyclophosphamide"], 36),
    ]
    assert _results(d) == [("cyclophosphamide", 9, 36)]


@pytest.mark.parametrize(
    "methods",
    [
        "We included 20 patients treated with rituximab: DM (n=9) and PM (n=11).",  # disease subgroups
        "We included 20 patients treated with rituximab; those under 25 kg (n=8) and over 25 kg (n=12) got "
        "different doses.",  # weight strata name no treatment
    ],
)
def test_subgroups_by_disease_or_weight_are_no_arms(methods):
    d = draft(f"Methods: {methods}\nResults: Muscle strength improved in 12 of 20 patients.\n")
    assert _arms(d) == [("Rituximab", ["rituximab"], 20)]


@pytest.mark.parametrize(
    "methods",
    [
        # a share of the one treated cohort: no arm of its own, and not the arm's size
        "We reviewed 30 adults with dermatomyositis treated with intravenous immunoglobulin. Six patients received "
        "IVIg monotherapy; the others also received methotrexate.",
        # sizes that add up to more than the total overlap
        "Thirty adults with dermatomyositis treated with IVIg were included; SCIg (n=18) and IVIg (n=30) were used.",
    ],
)
def test_subgroup_sizes_within_one_treated_cohort_make_no_arms(methods):
    d = draft(
        f"Intravenous immunoglobulin in invented dermatomyositis\n\nAbstract\n\nMethods: {methods}\n"
        "Results: Skin disease improved in 20 of 30 patients. In each patient the rash improved.\n"
    )
    assert d.record["n_total"] == 30
    assert [a["n"] for a in d.record["arms"]] in ([None], [30])
    assert {a["therapies"][0] for a in d.record["arms"]} == {"ivig"}
    assert all(e == 30 for _, _, e in _results(d))


@pytest.mark.parametrize(
    "methods",
    [
        "Twenty-four patients received tacrolimus induction (TI cohort, n = 24). Thirty-six patients received "
        "intravenous cyclophosphamide (CT cohort, n = 36).",
        "In the TI cohort (n = 24), patients received tacrolimus. In the CT cohort (n = 36), patients received "
        "cyclophosphamide.",
    ],
)
def test_named_cohorts_sized_in_sentences_of_their_own_are_compared_groups(methods):
    d = draft(f"Methods: {methods}\nResults: Lung function improved in 11 (46%) patients from the TI cohort.\n")
    assert [(a["therapies"], a["n"]) for a in d.record["arms"]] == [(["tacrolimus"], 24), (["cyclophosphamide"], 36)]
    assert _results(d) == [("tacrolimus", 11, 24)]


@pytest.mark.parametrize(
    "methods",
    [
        "Sixty-nine patients were followed at our centre; of these, 31 fulfilled the inclusion criteria and received "
        "rituximab.",
        "Of the 69 patients followed up in our clinic, 31 met the inclusion criteria.",
        "Forty patients were screened. Of these, 31 were enrolled and treated with rituximab.",
    ],
)
def test_those_who_fulfilled_the_criteria_after_the_pool_are_the_total(methods):
    assert draft(f"Methods: {methods}\nResults: ok.\n").record["n_total"] == 31


def test_a_number_the_patients_description_with_brackets_and_years_then_were_included():
    d = draft(
        "Methods: Fifty-nine patients with inflammatory myopathies (30 DM, 29 PM) seen between 2010 and 2020 were "
        "included and treated with rituximab. Twelve patients improved.\nResults: ok.\n"
    )
    assert d.record["n_total"] == 59


@pytest.mark.parametrize(
    "methods",
    [
        "were randomized 1:1 to invenclomol 400 mg three times daily or placebo",
        "received ABC123 or placebo",
        "were enrolled in a placebo-controlled trial of invenclomol",
    ],
)
def test_an_unlisted_trial_drug_with_a_dose_a_code_or_after_a_placebo_controlled_trial_of(methods):
    d = draft(f"Methods: In this trial, 150 subjects with inclusion body myositis {methods}.\nResults: ok.\n")
    assert [a["therapies"] for a in d.record["arms"]] == [[], ["placebo"]]
    assert len(d.hints["unlisted_therapies"]) == 1


def test_a_sentence_naming_the_disease_as_treated_with_is_general_practice():
    d = draft(
        "Sodium thiosulfate for invented calcinosis\n\nAbstract\n\nJuvenile dermatomyositis is treated primarily "
        "with corticosteroids and methotrexate. We reviewed 20 children with calcinosis treated with intravenous "
        "sodium thiosulfate. Calcinosis improved in 8 of 20 children.\n"
    )
    assert drafted_therapies(d) == ["sodium_thiosulfate"]


def test_only_the_clause_about_general_practice_is_background():
    d = draft(
        "Intravenous immunoglobulin in invented juvenile dermatomyositis\n\nAbstract\n\nWe describe seven children "
        "with juvenile dermatomyositis who received IVIG. JDM is usually treated with corticosteroids; all children "
        "had received methotrexate before IVIG. Skin disease improved in 5 of 7 children.\n"
    )
    assert _uses(d) == {"ivig": "index", "methotrexate": "prior"}


def test_groups_described_by_one_word_beside_the_drug_are_named_by_it_only_when_every_group_is():
    text = (
        "Methods: Twenty adults were randomized to immediate abatacept (n = 10) or {second} (n = 10).\n"
        "Results: At 6 months, 5 of 10 in the immediate group and 2 of 10 in the {named} group had a response.\n"
    )
    d = draft(text.format(second="late abatacept", named="late"))
    assert _results(d) == [("immediate-abatacept", 5, 10), ("late-abatacept", 2, 10)]
    d = draft(text.format(second="abatacept after a delay", named="delayed"))
    assert _results(d) == [(None, 5, 10), (None, 2, 10)]  # the delayed group cannot be named: no count is paired


def test_acr_session_first_page_with_a_byline_without_markers():
    text = _SESSION_FIRST.replace(
        "Anna Kovacs1, Peter Lindqvist2 and Maria Santos1, 1Invented University Hospital, Lisbon, Portugal, 2Invented "
        "Institute, Uppsala, Sweden",
        "Anna Kovacs, Peter Lindqvist and Maria Santos, Invented Children's Hospital, Lisbon, Portugal",
    )
    record = draft(text).record
    assert record["title"] == "Abatacept in Invented Treatment-refractory Dermatomyositis: A Single-centre Experience"
    assert record["authors"] == ["Kovacs A", "Lindqvist P", "Santos M"]


def test_patients_on_the_drug_alone_are_a_share_of_its_users_unless_allocated():
    d = draft(
        "Rituximab in invented dermatomyositis\n\nAbstract\n\nMethods: We reviewed 24 adults with dermatomyositis "
        "treated with rituximab. Six patients received rituximab monotherapy and 18 received rituximab plus "
        "methotrexate.\nResults: Skin disease improved in 15 of 24 patients.\n"
    )
    assert [a["n"] for a in d.record["arms"]] in ([None], [24])
    assert [a["therapies"] for a in d.record["arms"]] == [["rituximab"]]
    d = draft(
        "Methods: We randomly assigned 20 adults with dermatomyositis: 10 patients received prednisone alone and 10 "
        "received prednisone plus methotrexate.\nResults: ok.\n"
    )
    assert sorted((a["therapies"], a["n"]) for a in d.record["arms"]) == [
        (["glucocorticoids"], 10),
        (["glucocorticoids", "methotrexate"], 10),
    ]


def test_groups_holding_none_of_the_title_drugs_are_strata_of_its_cohort():
    d = draft(
        "Tofacitinib in invented anti-MDA5 dermatomyositis\n\nAbstract\n\nMethods: We reviewed 20 adults treated with "
        "tofacitinib; those on methotrexate (n=12) and on mycophenolate (n=8) were compared.\nResults: Skin disease "
        "improved in 15 of 20 patients.\n"
    )
    assert _arms(d) == [("Tofacitinib", ["tofacitinib"], 20)]  # the size that is the whole cohort's stays
    assert {u.id: u.role for u in d.therapies}["methotrexate"] == "background"


def test_a_badge_between_the_title_and_its_byline_keeps_the_title():
    d = draft(
        "Invented Journal\n\nTofacitinib for invented calcinosis in juvenile dermatomyositis\n\nOpen Access\n\n"
        "Mei Lin1, Jun Zhao2, Hua Wang1\n\nAbstract\nObjective: To describe tofacitinib.\nMethods: Five children "
        "received tofacitinib.\nResults: Calcinosis improved in 3 of 5 children.\n"
    )
    assert d.record["title"] == "Tofacitinib for invented calcinosis in juvenile dermatomyositis"
    assert d.record["authors"] == ["Lin M", "Zhao J", "Wang H"]
