"""The add-study page end to end: paste, a review form with each value's source, plain-word messages, the to-fill
list as values are filled, the expert YAML view, duplicates, and saving only where the deployment allows it."""

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


def use_yaml(at, text: str):
    yaml_box = next(t for t in at.text_area if t.key.startswith("ingest_yaml_"))
    yaml_box.set_value(text)
    at.button(key="ingest_apply_yaml").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_pasted_abstract_becomes_a_form_with_each_values_source_and_plain_messages(
    write_records, record, monkeypatch
):
    at = draft_page(monkeypatch, write_records({"existing.yaml": dict(record, id="existing")}))
    assert at.selectbox(key="form_design_1").value == "rct"
    assert any(c.value.startswith("From the text:") for c in at.caption)
    warning = next(w.value for w in at.warning if "to correct before saving" in w.value)
    shown = "\n".join(m.value for m in at.markdown)
    assert "Input should be" not in shown and "outcomes.0" not in shown  # plain words, never validator wording
    assert warning and "Still to fill in" in next(c.value for c in at.caption if c.value.startswith("Still"))


def test_filling_a_value_updates_the_to_fill_list_and_a_bad_year_is_named_in_plain_words(
    write_records, record, monkeypatch
):
    at = draft_page(monkeypatch, write_records({"existing.yaml": dict(record, id="existing")}))
    before = next(c.value for c in at.caption if c.value.startswith("Still to fill in"))
    assert "Summary" in before
    at.text_area(key="form_summary_1").set_value("Forty-seven adults with dermatomyositis in a randomised trial.").run()
    after = next(c.value for c in at.caption if c.value.startswith("Still to fill in"))
    assert "Summary \\(in your own words\\)" not in after and "Summary (in your own words)" not in after
    at.text_input(key="form_year_1").set_value("twenty").run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "Year must be a whole number such as 2024" in shown


def test_text_that_is_no_abstract_gets_a_clear_message(write_records, record, monkeypatch):
    at = draft_page(monkeypatch, write_records({"existing.yaml": dict(record, id="existing")}), text="\x00\x01 hello")
    assert "No draft" in at.error[0].value


def test_saving_is_off_unless_the_deployment_allows_it(write_records, record, monkeypatch):
    folder = write_records({"existing.yaml": dict(record, id="existing")})
    at = draft_page(monkeypatch, folder)
    new = dict(record, id="new-study", title="Another study of the same drug in other patients")
    use_yaml(at, yaml.safe_dump(new, sort_keys=False))
    assert any("The record validates" in s.value for s in at.success)
    assert not [b for b in at.button if b.key == "ingest_save"]
    assert any("turned off" in i.value for i in at.info)
    assert not (folder / "studies" / "new-study.yaml").exists()


def test_odd_yaml_in_the_expert_view_is_a_named_problem_not_a_crash(write_records, record, monkeypatch):
    at = draft_page(monkeypatch, write_records({"existing.yaml": dict(record, id="existing")}))
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    for text, words in [("[" * 600 + "]" * 600, "nested"), (bomb, "anchor"), ("- a list\n", "mapping")]:
        use_yaml(at, text)
        assert not at.exception, text[:20]
        frames = [d.value for d in at.dataframe if "Problem" in d.value]
        shown = [str(v) for v in frames[-1]["Problem"]] if frames else [e.value for e in at.error]
        assert any(words in s for s in shown), (text[:20], shown)


def test_a_linked_record_saves_once_and_both_studies_show_the_link(write_records, record, monkeypatch):
    monkeypatch.setenv("JDM_EVIDENCE_ALLOW_SAVE", "1")
    folder = write_records({"existing.yaml": dict(record, id="existing")})
    at = draft_page(monkeypatch, folder)
    new = dict(record, id="new-study")  # same title, authors and year as the existing record: a duplicate
    use_yaml(at, yaml.safe_dump(new, sort_keys=False))
    assert any("The record validates" in s.value for s in at.success)
    assert any("same patients twice" in w.value for w in at.warning)
    at.checkbox(key="ingest_link_existing").check().run()
    at.button(key="ingest_save").click().run()
    saved = folder / "studies" / "new-study.yaml"
    assert saved.exists() and yaml.safe_load(saved.read_text())["same_cohort_as"] == ["existing"]
    assert "Saved new-study.yaml" in at.success[-1].value
    at.button(key="ingest_save").click().run()  # the same id again: never replaced from the browser
    assert "already exists" in at.error[0].value
    assert not [c for c in at.checkbox if "Replace" in c.label]
    assert main(["validate", "--data", str(folder)]) == 0  # the data checks pass after a normal save
    older = open_page("app_pages/study.py", {"study": "existing"})
    (link,) = older.get("page_link")  # the older record names no link itself; the page derives it
    assert "Tester A et al" in link.label and "Test Journal" in link.label
