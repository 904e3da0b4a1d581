"""Page layouts and sentence shapes the dev set does not show, each written as an invented text: lines that are
never a title, bylines with affiliation markers, sentences with several counts, counts that are not results
(baseline, prior treatment, survey), design, background and disclosure cues."""

from __future__ import annotations

import pytest

from evidence.ingest import parse_abstract, read_abstract
from evidence.ingest.bylines import byline_names
from evidence.ingest.page import not_a_title
from tests.test_ingest import ABSTRACTS, check_invariants


def draft_of(name: str):
    draft = parse_abstract(read_abstract(ABSTRACTS / name))
    check_invariants(draft)
    return draft


# --- 1. the title line ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "BRIEF RESEARCH REPORT article",
        "Original Research",
        "Case Report",
        "Research Article",
        "Invented J logoLink to Invented J",
        "See comment in PubMed Commons below",
        "Session Type: Poster Session",
        "Session Title: Myositis Posters",
        "Front. Invent. Med., 03 March 2022",
        "Volume 9 - 2022 | https://doi.org/10.5555/x",
        "Sec. Rheumatology",
    ],
)
def test_lines_that_are_never_a_title(line):
    assert not_a_title(line)


@pytest.mark.parametrize(
    "line",
    [
        "Tofacitinib in refractory juvenile dermatomyositis: a case report",
        "A case report of rituximab in dermatomyositis",
        "Type 1 interferon blockade: anifrolumab in dermatomyositis",
        "Review of intravenous immunoglobulin use in 2019",
    ],
)
def test_titles_that_look_like_labels_are_still_titles(line):
    assert not not_a_title(line)


@pytest.mark.parametrize(
    ("name", "title", "authors", "year"),
    [
        (
            "pubmed_legacy_page_markers.txt",
            "Oral tacrolimus for refractory adult dermatomyositis: an invented two-centre study",
            ["Halvorsen K", "Moreau-Duval P", "van Schaik I", "Okonkwo T"],
            2014,
        ),
        (
            "journal_page_article_type_label.txt",
            "Baricitinib in invented children with refractory juvenile dermatomyositis: a single-centre experience",
            ["Chen L", "Zhou B", "Tang R", "Xu M"],
            2022,
        ),
        (
            "pmc_page_logo_link.txt",
            "Rituximab for calcinosis in invented juvenile dermatomyositis: two cases",
            ["Kowalska AB", "Nowak P", "van Dijk E"],
            2021,
        ),
        (
            "meeting_page_session_first.txt",
            "Intravenous immunoglobulin as first-line therapy in invented adults with dermatomyositis",
            ["Rossi M", "Bianchi L", "Verdi G"],
            None,  # the session date is not the meeting's or a journal's year
        ),
    ],
)
def test_title_authors_and_year_under_page_chrome_and_labels(name, title, authors, year):
    record = draft_of(name).record
    assert (record["title"], record["authors"], record["year"]) == (title, authors, year)


def test_a_class_word_for_a_drug_already_an_arm_names_that_arm():
    draft = parse_abstract(
        "A controlled trial of intravenous immune globulin for invented dermatomyositis\n\nAbstract\n\n"
        "METHODS: We conducted a double-blind study of 15 patients randomly assigned to immune globulin or placebo.\n"
        "RESULTS: The eight patients who received immune globulin improved, whereas the seven patients who received "
        "placebo did not.\nCONCLUSIONS: Immune globulin helps.\n"
    )
    record = draft.record
    assert record["n_total"] == 15  # 'a study of 15 patients'
    assert [(a["therapies"], a["n"]) for a in record["arms"]] == [(["ivig"], 8), (["placebo"], 7)]
    check_invariants(draft)


def test_an_article_type_label_states_a_case_report():
    assert draft_of("pmc_page_logo_link.txt").record["design"] == "case_report"


# --- 2. bylines with affiliation markers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Sharma N1,2,3, Kumar A2, Patel R1.", ["Sharma N", "Kumar A", "Patel R"]),
        ("S. Barsotti1,2, R. Neri1, A. d'Ascanio2", ["Barsotti S", "Neri R", "d'Ascanio A"]),
        ("Ivo N van Schaik 1,6, Mary Roe 2", ["van Schaik IN", "Roe M"]),
        ("Neha Sharma 1 2 3, Amit Kumar 2", ["Sharma N", "Kumar A"]),
        ("Xia Wang1† Yun Zheng1† Wei Li2* and Hua Chen1‡", ["Wang X", "Zheng Y", "Li W", "Chen H"]),
        ("Wang1† Zheng1† Li2*", ["Wang", "Zheng", "Li"]),  # surnames alone, each closed by its marker
        ("Oddis CV1, Reed AM, RIM Study Group", ["Oddis CV", "Reed AM"]),  # a group is no person
        ("N. Sharma¹, A. Kumar², R. Patel¹ ³", ["Sharma N", "Kumar A", "Patel R"]),  # superscript markers
        ("Kelly A. Roe, MD, Lauren M. Doe, MD", ["Roe KA", "Doe LM"]),  # degrees are no names
    ],
)
def test_bylines_with_affiliation_markers(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Department of Rheumatology, University Hospital",  # an affiliation
        "Results from a registry",  # a subtitle
        "Invented Study Group, Jane Roe1",  # the first author cannot be read
        "Anti-MDA5 Dermatomyositis, Rapidly Progressive Disease",  # a subtitle: 'MDA5' is no marker of a name
        "Rituximab",
    ],
)
def test_lines_that_are_no_byline(line):
    assert byline_names(line) is None


def test_acr_byline_with_several_markers_per_name_keeps_every_name():
    draft = parse_abstract(
        "Abstract Number: 1101\n\nRituximab in Invented Adults with Refractory Myositis\n\n"
        "Sara Bellini1,2, Rocco Neri1,*, Invented Myositis Group and Anna Tavoni2, 1Invented University, Pisa, "
        "Italy, 2Invented Hospital, Pisa, Italy\n\nMeeting: ACR Convergence 2023\n\n"
        "Background/Purpose: Rituximab is used in myositis.\n\nMethods: We reviewed 12 adults treated with "
        "rituximab.\n\nResults: Eight patients improved.\n\nConclusion: Rituximab helps."
    )
    assert draft.record["authors"] == ["Bellini S", "Neri R", "Tavoni A"]
    assert "left out" in (draft.sources["authors"].note or "")
    check_invariants(draft)


# --- 3. several counts in one sentence ------------------------------------------------------------------------


def counted(draft) -> list[tuple]:
    return [
        (o["arm"], o["measure"], o["responders"], o["evaluable"], o["domain"])
        for o in draft.record["outcomes"]
        if o["responders"] is not None
    ]


def one_arm(results: str, drug: str = "rituximab", n: int = 20) -> str:
    return (
        f"Methods: We reviewed {n} adults with dermatomyositis treated with {drug}.\n"
        f"Results: {results}\nConclusion: The drug may help."
    )


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        (  # a list: each count says what it counts
            "After treatment, improvement was seen for weakness in 41/56, myalgia in 6/7 and rash in 12/15.",
            [(41, 56, "muscle"), (6, 7, "muscle"), (12, 15, "skin")],
        ),
        (  # 'respectively' pairs the counts with the domains in order
            "Skin and muscle disease improved in 15/20 and 3/20, respectively.",
            [(15, 20, "skin"), (3, 20, "muscle")],
        ),
        (
            "Complete and partial responses were seen in 5/20 and 7/20, respectively.",
            [(5, 20, "global"), (7, 20, "global")],
        ),
        (  # a breakdown in brackets keeps the main count and adds its parts
            "Response was seen in 12/20 patients (DM 8/12, PM 4/8).",
            [(12, 20, "global"), (8, 12, "global"), (4, 8, "global")],
        ),
        ("Improvement occurred in 12 (8 DM, 4 PM) of 20 patients.", [(12, 20, "global")]),
        (  # a semicolon inside brackets does not end the clause
            "Response was seen in 15/20 patients (DM: 10/12; PM: 5/8).",
            [(15, 20, "global"), (10, 12, "global"), (5, 8, "global")],
        ),
        (
            "Response was seen (DM 10/12; PM 5/8; overall 15/20).",
            [(10, 12, "global"), (5, 8, "global"), (15, 20, "global")],
        ),
        ("Patients improved in 12/20 and 15/20.", [(12, 20, "global")]),  # the second count says nothing new
        ("12/20 improved and patients were followed until 12/2019.", [(12, 20, "global")]),  # a month and year
        ("Ten patients improved; 9/10 reached remission.", [(9, 10, "remission")]),  # a count ending a sentence
        ("Of the 20 patients, 15 (75%) improved by 6 months.", [(15, 20, "global")]),  # denominator first
    ],
)
def test_every_count_that_says_what_it_counts_is_an_outcome(results, expected):
    draft = parse_abstract(one_arm(results, n=56))
    assert [(r, e, d) for _, _, r, e, d in counted(draft)] == expected
    check_invariants(draft)


def test_counts_paired_with_measures_and_arms_respectively():
    draft = parse_abstract(one_arm("The CDASI and the MMT8 improved in 15/20 and 3/20, respectively."))
    assert [(m, r, e) for _, m, r, e, _ in counted(draft)] == [("cdasi", 15, 20), ("mmt8", 3, 20)]
    draft = parse_abstract(
        "Methods: Thirty adults were randomised to tofacitinib (n = 15) or placebo (n = 15).\n"
        "Results: The CDASI improved in 10/15 and 3/15 of the tofacitinib and placebo groups, respectively.\n"
        "Conclusion: Tofacitinib may help."
    )
    assert [(a["therapies"], a["n"]) for a in draft.record["arms"]] == [(["tofacitinib"], 15), (["placebo"], 15)]
    assert [(arm, r, e) for arm, _, r, e, _ in counted(draft)] == [("tofacitinib", 10, 15), ("placebo", 3, 15)]
    check_invariants(draft)


def test_a_later_count_keeps_its_own_time_point():
    draft = parse_abstract(one_arm("Patients improved in 12/20 at 6 months and 15/20 at 12 months."))
    timed = [(o["responders"], o["timepoint_months"]) for o in draft.record["outcomes"] if o["responders"]]
    assert timed == [(12, 6.0), (15, 12.0)]


# --- 4. counts that are not results ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ("At baseline 41/56 patients had weakness, which improved in 30/41 after rituximab.", [(30, 41)]),
        ("Patients had weakness (41/56) and rash (12/15) at baseline. Weakness improved in 30/41.", [(30, 41)]),
        ("Of the 20 patients, 15/20 were female and 12/20 improved.", [(12, 20)]),
        ("Of 20 patients, 15 were female and 12 improved.", []),  # 'were female' is the count's own words
        ("Before rituximab, 14/20 had received methotrexate; after it, 12/20 improved.", [(12, 20)]),
        ("In total 10/12 had a complete response and 2/12 had a relapse.", [(10, 12), (2, 12)]),
        ("41/56 had weakness, 6/7 myalgia and 12/15 rash, which improved in most.", []),  # the list shares 'had'
        ("Weakness (41/56) and rash (12/15) were the presenting features; weakness improved in 30/41.", [(30, 41)]),
        ("In patients who had interstitial lung disease, 8/10 survived.", [(8, 10)]),
        ("Interstitial lung disease was present in 8/20 and improved in 6/8.", [(6, 8)]),
        ("12/20 improved and 3/20 had calcinosis.", [(12, 20)]),  # 'improved' is the words of 12/20 only
        ("12/20 had complete and 3/20 partial responses.", [(12, 20), (3, 20)]),
    ],
)
def test_baseline_counts_are_not_outcomes(results, expected):
    draft = parse_abstract(one_arm(results, n=56))
    assert [(r, e) for _, _, r, e, _ in counted(draft)] == expected


SURVEY = (
    "Methods: A survey with two hypothetical cases was sent to 167 members of an invented myositis society.\n"
    "Results: In total 141/167 (84%) responded. For case 1, 60/141 would start intravenous immunoglobulin and 30/141 "
    "would choose rituximab. Most respondents preferred methotrexate as a steroid-sparing agent.\n"
    "Conclusion: Practice varies."
)


@pytest.mark.parametrize("rate", ["In total 141/167 (84%) responded.", "The response rate was 84% (141/167)."])
def test_a_survey_gives_respondents_but_no_outcomes_arms_or_therapies(rate):
    draft = parse_abstract(SURVEY.replace("In total 141/167 (84%) responded.", rate))
    record = draft.record
    assert record["design"] == "survey" and record["n_respondents"] == 141
    assert counted(draft) == [] and record["arms"] == [] and draft.therapies == []
    check_invariants(draft)


@pytest.mark.parametrize(
    "results",
    ["Twelve of 20 patients responded at week 12.", "The overall response rate was 60% (12/20)."],
)
def test_in_a_treatment_study_responding_is_a_result(results):
    assert [(r, e) for _, _, r, e, _ in counted(parse_abstract(one_arm(results)))] == [(12, 20)]


PRIOR_LIST = (
    "Methods: We studied 50 adults with dermatomyositis who started abatacept.\n"
    "Results: {prior} prednisone (n = 35), methotrexate (n = 30), azathioprine (n = 12), mycophenolate mofetil "
    "(n = 10), intravenous immunoglobulin (n = 9) and plasmapheresis (n = 8). After abatacept, 20/50 improved.\n"
    "Conclusion: Abatacept may help."
)


@pytest.mark.parametrize(
    "prior",
    [
        "Patients previously received",
        "Prior treatments were",
        "Before inclusion, patients were treated with",
        "Treatments received before referral included",
    ],
)
def test_a_list_of_prior_treatments_with_counts_makes_no_arms(prior):
    draft = parse_abstract(PRIOR_LIST.format(prior=prior))
    record = draft.record
    assert [(a["therapies"], a["n"]) for a in record["arms"]] == [(["abatacept"], 50)]
    roles = {u.id: u.role for u in draft.therapies}
    assert roles.pop("abatacept") == "index"
    assert set(roles.values()) == {"prior"} and len(roles) == 6
    # received before, never said to have failed: a hint, not prior *failed* therapies
    assert record["population"]["prior_failed_therapies"] == []
    assert [f.value for f in draft.hints["prior_therapies_not_said_to_fail"]][:2] == ["glucocorticoids", "methotrexate"]
    assert counted(draft) == [("abatacept", "clinical_response", 20, 50, "global")]
    check_invariants(draft)


def test_drugs_taken_at_baseline_are_background_not_arms():
    draft = parse_abstract(
        "Methods: We reviewed 30 adults with dermatomyositis treated with tofacitinib. At baseline, 12 patients "
        "were taking methotrexate and 8 were taking azathioprine.\nResults: 20/30 improved.\nConclusion: ok."
    )
    assert [(a["therapies"], a["n"]) for a in draft.record["arms"]] == [(["tofacitinib"], 30)]
    assert {u.id: u.role for u in draft.therapies} == {
        "tofacitinib": "index",
        "methotrexate": "background",
        "azathioprine": "background",
    }


# --- 5. design, background therapy -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "methods",
    [
        "In an open, prospective study of a fixed regimen, 18 adults received tacrolimus for 24 weeks.",
        "This open uncontrolled trial gave tacrolimus to 18 adults for 24 weeks.",
    ],
)
def test_an_open_study_is_an_open_label_trial(methods):
    draft = parse_abstract(f"Methods: {methods}\nResults: Twelve patients improved.\nConclusion: ok.")
    assert draft.record["design"] == "open_label_trial"


@pytest.mark.parametrize(
    "results",
    [
        "The mean daily steroid dose decreased from 22 mg to 9 mg.",
        "The mean daily dose of prednisone fell from 22 mg to 9 mg.",
        "Prednisone dose decreased from 0.4 to 0.2 mg/kg/day.",
    ],
)
def test_a_steroid_dose_that_changed_means_steroids_were_given(results):
    draft = parse_abstract(
        f"Methods: In 18 adults with dermatomyositis tacrolimus was started.\nResults: {results}\nConclusion: ok."
    )
    roles = {u.id: u.role for u in draft.therapies}
    assert roles.get("glucocorticoids", roles.get("glucocorticoid")) == "background"
    assert [a["therapies"] for a in draft.record["arms"]] == [["tacrolimus"]]


def test_a_dose_only_named_as_measured_in_the_methods_says_nothing():
    draft = parse_abstract(
        "Methods: In 18 adults with dermatomyositis tacrolimus was started; the steroid dose was recorded.\n"
        "Results: Twelve patients improved.\nConclusion: ok."
    )
    assert {u.id for u in draft.therapies} == {"tacrolimus"}


# --- 5. disclosures in any layout --------------------------------------------------------------------------------

_ABSTRACT = (
    "Tacrolimus in invented adults with dermatomyositis\nMethods: 18 adults received tacrolimus.\n"
    "Results: Twelve of 18 patients improved.\nConclusion: Tacrolimus may help.\n"
)


@pytest.mark.parametrize(
    ("statement", "ties", "companies"),
    [
        ("\nConflict of interest statement\n\nThe authors declare no conflicts of interest.\n\nSimilar articles\n",
         False, []),
        ("\nDisclosures\nNothing to disclose.\n", False, []),
        ("\nCompeting interests: JD has received consulting fees from Acme Biologics.\n", True, ["Acme Biologics"]),
        ("\nConflicts of interest: JD serves on the advisory board for Genentech; the other authors report none.\n",
         True, ["Genentech"]),
        ("\nConflicts of interest: JD received grants from the National Institutes of Health.\n", None, []),
        ("", None, []),
    ],
)  # fmt: skip
def test_disclosure_statements_below_the_abstract(statement, ties, companies):
    draft = parse_abstract(_ABSTRACT + statement)
    assert draft.record["disclosures"]["industry_ties"] is ties
    assert draft.record["disclosures"]["companies"] == companies
    assert [o["responders"] for o in draft.record["outcomes"] if o["responders"]] == [12]  # the body ends in time
    if statement and ties is None:
        assert draft.hints["disclosures"][0].note == "statement not understood"
    check_invariants(draft)


def test_disclosure_sentences_in_pubmed_author_information_but_not_company_affiliations():
    text = read_abstract(ABSTRACTS / "pubmed_legacy_page_markers.txt")
    assert parse_abstract(text).record["disclosures"]["industry_ties"] is None  # affiliations only
    stated = text.replace(
        "2 Unit of Myology, Central Hospital, Lyon, France.",
        "2 Unit of Myology, Central Hospital, Lyon, France. KH serves on the advisory board for Genentech and "
        "received grants from Pfizer.\n3 Invented Pharma Inc, Basel, Switzerland.",
    )
    draft = parse_abstract(stated)
    assert draft.record["disclosures"] == {"industry_ties": True, "companies": ["Genentech", "Pfizer"], "funding": None}
    check_invariants(draft)


def test_disclosure_in_pubmed_abstract_text_author_information_line():
    draft = parse_abstract(
        "1. J Invented Rheumatol. 2014 Jun;20(4):201-6.\n\nOral tacrolimus for invented adult dermatomyositis.\n\n"
        "Halvorsen K(1), Moreau P(2).\n\nAuthor information: (1)Department of Rheumatology, Northfield, Norway. "
        "KH is a consultant for Novartis. (2)Unit of Myology, Invented Pharma Inc, Lyon, France.\n\n"
        "OBJECTIVE: To assess tacrolimus.\nMETHODS: Eighteen adults received tacrolimus.\n"
        "RESULTS: Twelve of 18 improved.\n\nPMID: 24800000\n"
    )
    assert draft.record["disclosures"]["industry_ties"] is True
    assert draft.record["disclosures"]["companies"] == ["Novartis"]
    check_invariants(draft)


def test_what_physicians_used_is_a_treatment_but_what_they_prefer_is_practice():
    used = parse_abstract(
        "Methods: We reviewed 20 adults with dermatomyositis; treating physicians used rituximab in 12 patients.\n"
        "Results: 8/12 improved.\nConclusion: ok."
    )
    assert [(u.id, u.role) for u in used.therapies] == [("rituximab", "index")]
    preferred = parse_abstract(
        "Methods: We reviewed 20 adults with dermatomyositis treated with rituximab.\n"
        "Results: 8/12 improved. Rheumatologists preferred methotrexate as the first steroid-sparing drug.\n"
        "Conclusion: ok."
    )
    assert [(u.id, u.role) for u in preferred.therapies] == [("rituximab", "index")]


def test_acr_page_with_the_session_block_above_the_title():
    draft = draft_of("acr_session_before_title.txt")
    record = draft.record
    assert record["title"] == "Efficacy of Invented Rituximab Regimens in Refractory Dermatomyositis"
    assert record["authors"] == ["Bellini S", "Neri R", "Tavoni A"]
    assert record["abstract_number"] == "1543" and record["year"] == 2022
    assert [(r, e, d) for _, _, r, e, d in counted(draft)] == [
        (18, 25, "skin"),  # the baseline counts of the methods are no results
        (12, 20, "muscle"),
        (8, 30, "global"),
        (12, 30, "global"),
    ]
    assert record["disclosures"] == {"industry_ties": True, "companies": ["Genentech"], "funding": None}


def test_eular_page_with_markers_prior_list_baseline_and_survival():
    draft = draft_of("eular_markers_prior_list_survival.txt")
    record = draft.record
    assert record["authors"] == ["Barsotti S", "Chen L", "Rossi M"]
    assert record["design"] == "open_label_trial" and record["n_total"] == 26
    assert [(a["therapies"], a["n"]) for a in record["arms"]] == [(["tofacitinib"], 26)]
    assert {u.id: u.role for u in draft.therapies} == {
        "tofacitinib": "index",
        "glucocorticoids": "background",
        "cyclophosphamide": "prior",
        "tacrolimus": "prior",
    }
    assert [(m, r, e, d) for _, m, r, e, d in counted(draft)] == [
        ("survival", 22, 26, "survival"),  # 'at baseline, 20/26 had rapidly progressive ILD' is no result
        ("clinical_response", 18, 26, "skin"),
        ("clinical_response", 15, 26, "lung"),
    ]
    assert record["disclosures"] == {"industry_ties": True, "companies": ["Pfizer"], "funding": None}


def test_in_a_survey_of_clinicians_no_drug_is_a_treatment_of_patients():
    draft = parse_abstract(
        "Methods: An online survey was sent to 120 paediatric rheumatologists.\nResults: In total 80/120 "
        "responded. Intravenous immunoglobulin was the most common first-line choice for skin disease, and "
        "methotrexate was given to most patients in their centres.\nConclusion: Practice varies."
    )
    assert draft.record["design"] == "survey" and draft.record["n_respondents"] == 80
    assert draft.therapies == [] and draft.record["arms"] == [] and counted(draft) == []
