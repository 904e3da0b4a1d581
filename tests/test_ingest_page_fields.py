"""Page heads that print the citation as labelled fields (library catalogue, research portal, mirror overview,
journal letter page) rather than as a PubMed or meeting line, each on an invented text with counter-cases."""

from __future__ import annotations

import pytest

from evidence.ingest import parse_abstract
from evidence.ingest.bylines import byline_names
from evidence.ingest.header import spanish, split_code
from evidence.ingest.page import not_a_title
from tests.test_ingest import check_invariants


def draft(text: str):
    out = parse_abstract(text)
    check_invariants(out)
    return out


_BODY_HEADED = (
    "Background Rituximab depletes B cells. Objectives To assess rituximab in refractory adult dermatomyositis. "
    "Methods We included 18 adults with refractory dermatomyositis treated with rituximab. Results Muscle strength "
    "improved in 12 of 18 patients. Conclusions Rituximab may help.\n"
)
_BODY_PROSE = (
    "We included 18 adults with refractory dermatomyositis treated with rituximab in an open-label study. Muscle "
    "strength improved in 12 of 18 patients and rituximab was well tolerated over twelve months of follow-up in this "
    "invented cohort.\n"
)


def test_catalogue_record_names_under_the_main_authors_label_and_the_published_in_date():
    d = draft(
        "Skip to content\nMain menu\n1. Top of page\n2. Search results\n"
        "THU0123 Efficacy of invented rituximab in refractory adult dermatomyositis\n"
        "Main Authors\nMoreno, Lucia\nHartig, Paul\nOkafor, Nnamdi\n"
        "Published in Annals of the Invented Rheumatic Diseases Vol. 72; no. Suppl 3; p. A262 01.06.2013\n"
        "Format\nJournal Article\n" + _BODY_HEADED
    )
    record = d.record
    assert record["title"] == "Efficacy of invented rituximab in refractory adult dermatomyositis"
    assert (record["abstract_number"], record["year"]) == ("THU0123", 2013)
    assert record["authors"] == ["Moreno L", "Hartig P", "Okafor N"]


def test_catalogue_record_with_labelled_fields_on_one_line_and_a_code_before_a_title_in_capitals():
    d = draft(
        "Skip to content\n1. Top of page\n2. Search results\n3. Record\n"
        "AB0643 INVENTED RITUXIMAB IN REFRACTORY ADULT DERMATOMYOSITIS\nSaved in:\nBibliographic Details\n"
        "Published in: Annals of the Invented Rheumatic Diseases Vol. 72; no. Suppl 3\n"
        "Main Authors: Moreno, L., Hartig, P., Okafor, N.\nFormat: Journal Article\nLanguage: English\n"
        "Published: 01.06.2013\nAbstract\n" + _BODY_PROSE
    )
    record = d.record
    assert record["title"] == "INVENTED RITUXIMAB IN REFRACTORY ADULT DERMATOMYOSITIS"
    assert (record["abstract_number"], record["year"]) == ("AB0643", 2013)
    assert record["authors"] == ["Moreno L", "Hartig P", "Okafor N"]


def test_catalogue_record_with_a_glued_code_and_a_creator_label():
    d = draft(
        "FRI0459Invented tofacitinib in recalcitrant juvenile dermatomyositis\nCreator: Moreno, Lucia ; Hartig, Paul\n"
        "Published in: Annals of the Invented Rheumatic Diseases, 2016-06, Vol.75 (Suppl 2), p.620\n" + _BODY_HEADED
    )
    record = d.record
    assert (record["abstract_number"], record["year"]) == ("FRI0459", 2016)
    assert record["title"] == "Invented tofacitinib in recalcitrant juvenile dermatomyositis"
    assert record["authors"] == ["Moreno L", "Hartig P"]


def test_surname_first_names_split_by_semicolons_keep_compound_surnames():
    d = draft(
        "AB0001 INVENTED TOFACITINIB IN ANTI-MDA5 DERMATOMYOSITIS\n"
        "Main Authors: Vargas Lebrón, Carmen ; Li, Ming\nPublished in: Invented Annals 01.06.2019\n" + _BODY_HEADED
    )
    assert d.record["authors"] == ["Vargas Lebrón C", "Li M"]
    assert d.record["year"] == 2019


@pytest.mark.parametrize(
    ("title", "split"),
    [
        ("THU0123 Efficacy of tacrolimus in ILD", ("THU0123", "Efficacy of tacrolimus in ILD")),
        ("AB0643 RITUXIMAB IN MYOSITIS", ("AB0643", "RITUXIMAB IN MYOSITIS")),
        ("POS0456 Baricitinib in adults with DM", ("POS0456", "Baricitinib in adults with DM")),
        ("BYM338 in sporadic inclusion body myositis", None),  # a development code, not a meeting code
        ("CD19 CAR T cells in refractory myositis", None),
        ("OP0012 Rituximab", None),  # a code alone before one word is no title
        ("FRI0459Tofacitinib in recalcitrant JDM", ("FRI0459", "Tofacitinib in recalcitrant JDM")),  # glued
        ("THU123Efficacy of tacrolimus", None),  # glued only after a four-digit code
    ],
)
def test_a_meeting_code_stuck_to_the_title_is_the_abstract_number(title, split):
    assert split_code(title) == split


def test_a_development_code_before_the_title_stays_in_the_title():
    d = draft(
        "Skip to main content\n\nBYM338 in invented adults with sporadic inclusion body myositis: an open study\n\n"
        "Anna Berg, Lars Nyholm, Petra Lind\n\nAbstract\n" + _BODY_PROSE
    )
    assert d.record["title"] == "BYM338 in invented adults with sporadic inclusion body myositis: an open study"
    assert d.record["abstract_number"] is None


def test_research_portal_state_line_gives_the_year_and_its_fields_are_no_title():
    d = draft(
        "Invented rituximab in juvenile dermatomyositis: a multicentre experience\n"
        "Anna Berg, Lars Nyholm, Petra Lind\nDepartment of Paediatrics\n"
        "Research output: Contribution to journal › Meeting Abstract › peer-review\nOverview\nFingerprint\n"
        "Abstract\nBackground: Rituximab is used in refractory JDM. Methods: We reviewed 15 children with JDM treated "
        "with rituximab. Results: Skin disease improved in 9 of 15 children. Conclusion: Rituximab may help.\n"
        "Original language English\nPages (from-to) 1012\nJournal Arthritis and Invented Rheumatology\nVolume 65\n"
        "Issue number 10\nState Published - Jun 1 2013\n"
    )
    record = d.record
    assert record["title"] == "Invented rituximab in juvenile dermatomyositis: a multicentre experience"
    assert (record["authors"][0], record["year"]) == ("Berg A", 2013)


def test_mirror_overview_fields_give_year_and_authors_and_are_never_the_title():
    d = draft(
        "Home\nArticles\nOverview\nJournal Invented Journal of Dermatology\nDate 2023 May 24\n"
        "Invented baricitinib for refractory skin disease in adult dermatomyositis\n"
        "Authors Rosa Alvarez, Tomas Becker, Ines Costa\nAbstract\n"
        "This retrospective study included 21 adults with refractory cutaneous dermatomyositis treated with "
        "baricitinib. Skin disease improved in 14 of 21 patients. Baricitinib may help.\n"
    )
    record = d.record
    assert record["title"] == "Invented baricitinib for refractory skin disease in adult dermatomyositis"
    assert (record["authors"], record["year"]) == (["Alvarez R", "Becker T", "Costa I"], 2023)


def test_a_title_read_from_a_labelled_line_loses_its_label():
    d = draft(
        "Home\nTitle: Invented abatacept in refractory adult dermatomyositis: a case series\n"
        "Authors: Rosa Alvarez, Tomas Becker, Ines Costa\nJournal: Invented Journal of Myology\nDate: 2022 Mar 3\n"
        "Abstract\nWe describe six adults with refractory dermatomyositis treated with abatacept. Skin disease "
        "improved in 4 of 6 patients, and no serious adverse events were observed during the first year of treatment.\n"
    )
    record = d.record
    assert record["title"] == "Invented abatacept in refractory adult dermatomyositis: a case series"
    assert (record["authors"][0], record["year"]) == ("Alvarez R", 2022)


def test_a_session_date_and_a_study_period_give_no_year():
    d = draft(
        "Invented abatacept in adult dermatomyositis: a retrospective study\nAnna Berg, Lars Nyholm\n"
        "Date: Sunday, November 10, 2019\nAbstract\nBetween March 2015 and June 2019 we reviewed 14 adults with "
        "refractory dermatomyositis treated with abatacept. Skin disease improved in 9 of 14 patients.\n"
    )
    assert d.record["year"] is None


_LETTER = """Invented Rheumatology Journal (English Edition)
Vol. 16. Issue 5.
Pages 363-364 (September - October 2020)
Letter to the Editor
Full text access
Invented tofacitinib rescue in a girl with refractory juvenile dermatomyositis
Rescate con tofacitinib inventado en una niña con dermatomiositis juvenil refractaria
Visits
1520
{byline}
a Servicio de Reumatología Pediátrica, Hospital Inventado, Sevilla, Spain
b Servicio de Dermatología, Hospital Inventado, Sevilla, Spain
Dear Editor,
Juvenile dermatomyositis is a rare disease of childhood with skin and muscle involvement that can be refractory. Our \
case was a 6 year old girl with juvenile dermatomyositis refractory to methotrexate and corticosteroids. She received \
tofacitinib 5 mg twice daily. Her skin and muscle disease improved at 6 months.
"""


def test_letter_page_title_under_its_badges_issue_year_and_glued_affiliation_letters():
    d = draft(_LETTER.format(byline="Carmen Vargas Lebróna, José Pérezb,*"))
    record = d.record
    assert record["title"] == "Invented tofacitinib rescue in a girl with refractory juvenile dermatomyositis"
    assert record["year"] == 2020
    assert record["authors"] == ["Vargas Lebrón C", "Pérez J"]  # two surnames: the page is a Spanish journal's


def test_letter_page_without_a_spanish_title_keeps_one_surname():
    text = _LETTER.format(byline="Carmen Vargas Lebróna, José Pérezb,*").replace(
        "Rescate con tofacitinib inventado en una niña con dermatomiositis juvenil refractaria\n", ""
    )
    assert draft(text).record["authors"] == ["Lebrón CV", "Pérez J"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Carmen Vargas Lebróna, José Pérez Ortizb, Lucía Martín Gómeza,c", ["Lebrón CV", "Ortiz JP", "Gómez LM"]),
        ("Ana Silvaa,b, Rita Costaa", ["Silva A", "Costa R"]),  # 'a,b': letters are markers
        ("Ana Silva, Rita Costa", ["Silva A", "Costa R"]),  # surnames ending in 'a' keep it
        ("Ana Silva, Paulo Jacob", ["Silva A", "Jacob P"]),  # two names ending a, b: not enough to strip
        ("S. Barsotti1,2, R. Neri1", ["Barsotti S", "Neri R"]),
    ],
)
def test_glued_affiliation_letters_are_stripped_only_when_the_byline_shows_them_consistently(line, names):
    assert byline_names(line) == names


def test_two_names_lose_their_letters_when_the_page_lists_affiliations_under_letters():
    assert byline_names("Ana Silvaa, Paulo Jacobb", lettered=True) == ["Silva A", "Jacob P"]
    assert byline_names("Ana Silvaa, Paulo Jacobb") == ["Silvaa A", "Jacobb P"]


def test_spanish_lines():
    assert spanish("Rescate con tofacitinib en una niña con dermatomiositis juvenil")
    assert not spanish("Tofacitinib rescue in a girl with juvenile dermatomyositis")
    assert not spanish("Resgate com tofacitinibe em uma menina com dermatomiosite juvenil")  # Portuguese


@pytest.mark.parametrize(
    "line",
    [
        "1. Top of page",
        "3. Search results",
        "Main menu",
        "Main Authors",
        "Published in Invented Annals 01.06.2013",
        "State Published - Jun 1 2013",
        "Journal Invented Journal of Dermatology",
        "Date 2023 May 24",
        "Volume 65",
        "Issue number Suppl 3",
        "Original language English",
        "Pages 363-364 (September - October 2020)",
        "Full text access",
        "Research output: Contribution to journal › Article",
    ],
)
def test_navigation_and_labelled_fields_are_never_a_title(line):
    assert not_a_title(line)


@pytest.mark.parametrize(
    "line",
    [
        "Journal of invented myology: tacrolimus in children",
        "Overview of JAK inhibitors in dermatomyositis",
        "Language barriers in juvenile dermatomyositis care",
        "Volume of distribution of tofacitinib in children",
        "Authors versus algorithms in myositis trial reporting",
    ],
)
def test_titles_that_start_like_a_field_label_are_still_titles(line):
    assert not not_a_title(line)
