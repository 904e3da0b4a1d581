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


def test_an_article_type_label_states_a_case_report():
    assert draft_of("pmc_page_logo_link.txt").record["design"] == "case_report"


# --- 2. bylines with affiliation markers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Sharma N1,2,3, Kumar A2, Patel R1.", ["Sharma N", "Kumar A", "Patel R"]),
        ("S. Barsotti1,2, R. Neri1, A. Tavoni2", ["Barsotti S", "Neri R", "Tavoni A"]),
        ("Ivo N van Schaik 1,6, Mary Roe 2", ["van Schaik IN", "Roe M"]),
        ("Neha Sharma 1 2 3, Amit Kumar 2", ["Sharma N", "Kumar A"]),
        ("Xia Wang1† Yun Zheng1† Wei Li2* and Hua Chen1‡", ["Wang X", "Zheng Y", "Li W", "Chen H"]),
        ("Wang1† Zheng1† Li2*", ["Wang", "Zheng", "Li"]),  # surnames alone, each closed by its marker
        ("Oddis CV1, Reed AM, RIM Study Group", ["Oddis CV", "Reed AM"]),  # a group is no person
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
