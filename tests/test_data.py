"""The curated evidence base: every record valid, traceable, linked where it overlaps, and documented."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from evidence.coverage import load_coverage
from evidence.curation_doc import GAPS_BEGIN, GAPS_END, current_block, gaps_block, generated_block
from tests.conftest import ROOT


def test_every_record_in_data_validates(data_result):
    assert data_result.problems == ()


def test_the_evidence_base_holds_at_least_30_studies(data_result):
    assert len(data_result.studies) >= 30


def test_every_record_has_a_url_an_arm_and_a_check_date(data_result):
    for study in data_result.studies:
        assert study.url.startswith(("http://", "https://")), study.id
        assert study.arms, study.id
        assert study.last_checked is not None, study.id


def test_every_outcome_and_safety_finding_names_its_source_section(data_result):
    for study in data_result.studies:
        for item in [*study.outcomes, *study.safety]:
            assert len(item.source_section.strip()) >= 3, study.id


@pytest.mark.parametrize("key", ["doi", "pmid"])
def test_no_two_records_share_an_identifier_unless_linked_as_one_cohort(data_result, key):
    holders = defaultdict(list)
    for study in data_result.studies:
        if getattr(study, key):
            holders[getattr(study, key).lower()].append(study)
    for value, studies in holders.items():
        for a in studies:
            for b in studies:
                if a is not b:
                    assert b.id in a.same_cohort_as, f"{a.id} and {b.id} share {key} {value} without a link"


def test_a_cohort_link_written_in_one_record_counts_for_both(data_result, evidence):
    for study in data_result.studies:
        for other in study.same_cohort_as:
            assert other in evidence.cohort_members(study.id) and study.id in evidence.cohort_members(other)


def test_surveys_hold_respondents_never_patients(data_result):
    surveys = [s for s in data_result.studies if s.design == "survey"]
    assert surveys, "the CARRA/PReS survey is expected"
    for s in surveys:
        assert s.n_total is None and s.n_respondents and all(a.n is None for a in s.arms)


def test_coverage_matches_the_curation_brief(data_result):
    classes = defaultdict(set)
    for study in data_result.studies:
        for arm in study.arms:
            classes[arm.therapy_class].add(study.id)
    assert len(classes["jak_inhibitor"]) >= 8
    assert len(classes["type_i_ifn_receptor_antibody"]) >= 1
    assert len(classes["anti_cd20"]) >= 3
    assert len(classes["immunoglobulin"]) >= 3
    assert {s.population.age_group for s in data_result.studies} >= {"pediatric", "adult_with_jdm", "adult_dm"}


def test_known_overlaps_are_linked(data_result):
    by_id = data_result.by_id
    assert "aggarwal-2014-rim-predictors" in by_id["oddis-2013-rim-trial"].same_cohort_as
    assert "boulter-2011-anti-tnf-jdm" in by_id["campanilho-marques-2020-anti-tnf-jdm"].same_cohort_as


def test_unknown_counts_are_null_not_zero(data_result):
    """A zero count must come with a summary that says none occurred (never a stand-in for 'unknown')."""
    for study in data_result.studies:
        for f in study.safety:
            if f.count == 0:
                assert any(w in f.summary.lower() for w in ("no ", "none", "without", "neither")), (study.id, f.summary)


def test_curation_doc_tables_match_the_data_and_the_coverage_statement(data_result):
    doc = ROOT / "docs" / "curation.md"
    stale = "docs/curation.md is stale: run `python -m evidence docs`"
    assert current_block(doc) == generated_block(data_result.studies), stale
    coverage = load_coverage(ROOT / "data")
    assert coverage is not None and coverage.gaps
    assert current_block(doc, GAPS_BEGIN, GAPS_END) == gaps_block(coverage), stale


JOURNAL_PLACE = re.compile(r" \((?:Oxford|Hoboken|Barc)\)$")
REMARK_WORDS = re.compile(r"\b(?:not|shown|page|read|letter|supplement|abstract|volume|issue)\b", re.I)


def test_no_venue_carries_a_curator_remark_or_citation_details(data_result):
    """venue is the journal or meeting name only (curation rule 6); remarks and volume/pages go in notes."""
    for study in data_result.studies:
        if study.venue is None:
            continue
        name = JOURNAL_PLACE.sub("", study.venue)
        assert "(" not in name and ";" not in name and not REMARK_WORDS.search(name), (study.id, study.venue)
