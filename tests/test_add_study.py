"""The add-study page end to end: paste, draft with sources, validate, duplicate warning, save, refused overwrite."""

from __future__ import annotations

import yaml

from evidence.cli import main
from tests.conftest import FIXTURES
from tests.test_pages import open_page

ABSTRACT = (FIXTURES / "abstracts" / "pubmed_rct_adults.txt").read_text(encoding="utf-8")


def draft_page(monkeypatch, folder, text: str = ABSTRACT):
    monkeypatch.setenv("JDM_EVIDENCE_DATA", str(folder))
    at = open_page("app_pages/add_study.py")
    at.text_area(key="ingest_text").set_value(text)
    at.button(key="ingest_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_pasted_abstract_becomes_a_draft_with_its_sources_and_what_is_left(write_records, record, monkeypatch):
    at = draft_page(monkeypatch, write_records({"existing.yaml": dict(record, id="existing")}))
    draft = yaml.safe_load(at.text_area(key="ingest_yaml").value)
    assert draft["design"] == "rct" and draft["population"]["age_group"] in ("adult_dm", "mixed", "adult_with_jdm")
    sources = at.dataframe[0].value
    assert "title" in set(sources["Field"]) and sources["Source text"].str.len().min() > 0
    assert any("problem(s) before this record can be saved" in w.value for w in at.warning)  # incomplete draft


def test_text_that_is_no_abstract_gets_a_clear_message(write_records, record, monkeypatch):
    at = draft_page(monkeypatch, write_records({"existing.yaml": dict(record, id="existing")}), text="\x00\x01 hello")
    assert "No draft" in at.error[0].value


def test_saving_is_off_unless_the_deployment_allows_it(write_records, record, monkeypatch):
    folder = write_records({"existing.yaml": dict(record, id="existing")})
    at = draft_page(monkeypatch, folder)
    new = dict(record, id="new-study", title="Another study of the same drug in other patients")
    at.text_area(key="ingest_yaml").set_value(yaml.safe_dump(new, sort_keys=False)).run()
    assert any("The record validates" in s.value for s in at.success)
    assert not [b for b in at.button if b.key == "ingest_save"]
    assert any("turned off" in i.value for i in at.info)
    assert not (folder / "studies" / "new-study.yaml").exists()


def test_odd_yaml_in_the_review_box_is_a_named_problem_not_a_crash(write_records, record, monkeypatch):
    at = draft_page(monkeypatch, write_records({"existing.yaml": dict(record, id="existing")}))
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    for text, words in [("[" * 600 + "]" * 600, "nested"), (bomb, "anchor"), ("authors: 5\n", "required")]:
        at.text_area(key="ingest_yaml").set_value(text).run()
        assert not at.exception and not at.error, text[:20]
        assert any(words in str(v) for v in at.dataframe[-1].value["Problem"]), text[:20]


def test_a_linked_record_saves_once_and_both_studies_show_the_link(write_records, record, monkeypatch):
    monkeypatch.setenv("JDM_EVIDENCE_ALLOW_SAVE", "1")
    folder = write_records({"existing.yaml": dict(record, id="existing")})
    at = draft_page(monkeypatch, folder)
    new = dict(record, id="new-study")  # same title, authors and year as the existing record: a duplicate
    at.text_area(key="ingest_yaml").set_value(yaml.safe_dump(new, sort_keys=False)).run()
    assert any("The record validates" in s.value for s in at.success)
    assert any("same patients twice" in w.value for w in at.warning)
    assert at.checkbox(key="ingest_link_existing").label.startswith("Same cohort as existing")
    at.checkbox(key="ingest_link_existing").check().run()
    at.button(key="ingest_save").click().run()
    saved = folder / "studies" / "new-study.yaml"
    assert saved.exists() and yaml.safe_load(saved.read_text())["same_cohort_as"] == ["existing"]
    assert "Saved new-study.yaml" in at.success[-1].value
    at.button(key="ingest_save").click().run()  # the same id again: never replaced from the browser
    assert "already exists" in at.error[0].value
    assert yaml.safe_load(saved.read_text())["same_cohort_as"] == ["existing"]
    assert not [c for c in at.checkbox if "Replace" in c.label]
    assert main(["validate", "--data", str(folder)]) == 0  # the data checks pass after a normal save
    older = open_page("app_pages/study.py", {"study": "existing"})
    (link,) = older.get("page_link")  # the older record names no link itself; the page derives it
    assert "Tester A et al" in link.label and "Test Journal" in link.label
