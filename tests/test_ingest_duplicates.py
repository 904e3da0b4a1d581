"""Duplicate detection against the real records: same DOI/PMID, similar title, same first author and year,
same n and therapies."""

from __future__ import annotations

import pytest

from evidence.ingest import parse_abstract, read_abstract
from evidence.ingest.duplicates import TITLE_THRESHOLD, find_duplicates, first_surname, title_ratio
from evidence.loader import load_studies
from tests.conftest import FIXTURES, ROOT
from tests.test_ingest import SEED_RECORDS, needs_seeds, seed_text

ABSTRACTS = FIXTURES / "abstracts"


@pytest.fixture(scope="module")
def studies():
    return load_studies(ROOT / "data").studies


@needs_seeds
@pytest.mark.parametrize("study_id", SEED_RECORDS)
def test_a_seed_draft_finds_its_record_first(studies, study_id):
    study = next(s for s in studies if s.id == study_id)
    matches = find_duplicates(parse_abstract(seed_text(study)), studies)
    best = matches[0]
    assert best.study_id == study_id and best.strong
    assert {r.kind for r in best.reasons} == {"title", "first_author_year", "n_and_therapies"}
    assert best.title_ratio == 1.0
    assert "same n" in str(best)


def test_invented_abstracts_match_nothing_strongly(studies):
    for name in ("acr_words_multi_arm.txt", "pubmed_rct_adults.txt", "eular_retrospective.txt"):
        draft = parse_abstract(read_abstract(ABSTRACTS / name))
        assert not [m for m in find_duplicates(draft, studies) if m.strong], name


def test_same_doi_or_pmid_is_a_match(studies):
    with_doi = next(s for s in studies if s.doi)
    with_pmid = next(s for s in studies if s.pmid)
    record = parse_abstract(read_abstract(ABSTRACTS / "pubmed_rct_adults.txt")).record
    record.update(doi=with_doi.doi.upper(), pmid=with_pmid.pmid)
    matches = {m.study_id: {r.kind for r in m.reasons} for m in find_duplicates(record, studies)}
    assert "doi" in matches[with_doi.id]
    assert "pmid" in matches[with_pmid.id]


def test_title_similarity_uses_the_stated_threshold(studies):
    study = next(s for s in studies if s.id == "torres-sanchez-2026-jaki-abatacept")
    reworded = study.title.replace("Center", "Centre").replace("Experience with", "Experience With").upper()
    assert title_ratio(reworded, study.title) >= TITLE_THRESHOLD
    record = {"title": reworded, "authors": [], "arms": []}
    assert [m.study_id for m in find_duplicates(record, studies)] == [study.id]
    other = {"title": "Janus kinase inhibitors in adult dermatomyositis: a registry study", "authors": [], "arms": []}
    assert all("title" not in {r.kind for r in m.reasons} for m in find_duplicates(other, studies))


def test_first_author_and_year_alone_is_a_weak_match(studies):
    study = next(s for s in studies if s.authors)
    record = {"title": "Something else entirely, about calcinosis", "authors": [study.authors[0]], "year": study.year}
    match = next(m for m in find_duplicates(record, studies) if m.study_id == study.id)
    assert [r.kind for r in match.reasons] == ["first_author_year"] and not match.strong


def test_same_n_and_therapies_alone_is_a_weak_match(studies):
    study = next(s for s in studies if s.n_total and s.id == "buechler-2025-anifrolumab-adult-jdm")
    record = {"title": "Unrelated title words here", "authors": [], "n_total": study.n_total,
              "arms": [{"therapies": list(a.therapies)} for a in study.arms]}  # fmt: skip
    match = next(m for m in find_duplicates(record, studies) if m.study_id == study.id)
    assert [r.kind for r in match.reasons] == ["n_and_therapies"] and not match.strong


def test_first_surname_folds_case_accents_and_initials():
    assert first_surname(["Torres Sanchez J", "Gist D"]) == "torres sanchez"
    assert first_surname(["Ibáñez-Ruiz T"]) == first_surname(["IBANEZ RUIZ T"]) == "ibanez ruiz"
    assert first_surname([]) is None
