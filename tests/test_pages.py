"""Every page renders; sidebar filters change the table to exactly the expected arms; downloads hold the view."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from evidence import vocabulary as vocab
from evidence.cohorts import patient_count
from evidence.filters import Filters, apply_filters
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGES = [
    "app_pages/overview.py",
    "app_pages/evidence_table.py",
    "app_pages/compare.py",
    "app_pages/study.py",
    "app_pages/export.py",
]


def open_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page != "app_pages/overview.py":
        at.run()  # st.navigation registers the pages on the first run
        at.switch_page(page)
    return at.run()


def table_keys(at: AppTest) -> list[tuple[str, str]]:
    shown = at.dataframe[0].value
    return list(zip(shown["Study id"], shown["Arm id"], strict=True))


def expected_keys(evidence, filters: Filters) -> list[tuple[str, str]]:
    rows = apply_filters(evidence.arms, filters)
    return list(zip(rows["study_id"], rows["arm_id"], strict=True))


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value


def test_overview_counts_children_and_adult_onset_patients_apart_and_says_where_to_start(evidence):
    at = open_page("app_pages/overview.py")
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    for group in ("pediatric", "adult_dm"):
        arms = evidence.arms[evidence.arms["age_group"] == group]
        label = next(k for k in metrics if k.startswith(vocab.AGE_GROUPS.label(group)))
        assert metrics[label][0] == f"{patient_count(arms, evidence.cohorts):,} patients"
        assert metrics[label][1].startswith(f"{arms['study_id'].nunique()} studies")
    assert metrics["Adult-onset DM"][1].endswith("indirect")
    assert at.get("page_link")[0].proto.page == "Compare_therapies" and "Start here" in at.get("page_link")[0].label
    assert "not a treatment recommendation" in at.info[0].value
    assert any("Last search 2026" in m.value for m in at.markdown)  # the coverage statement
    assert not at.warning  # the real data has no broken records


def test_evidence_table_shows_every_arm_without_filters(evidence):
    at = open_page("app_pages/evidence_table.py")
    assert table_keys(at) == expected_keys(evidence, Filters())
    assert {m.label: m.value for m in at.metric}["Study arms shown"] == str(len(evidence.arms))


@pytest.mark.parametrize(
    ("key", "value", "filters"),
    [
        ("f_antibodies", ["anti_mda5"], Filters(antibodies=("anti_mda5",))),
        ("f_age_groups", ["pediatric"], Filters(age_groups=("pediatric",))),
        ("f_therapy_classes", ["jak_inhibitor"], Filters(therapy_classes=("jak_inhibitor",))),
        ("f_age_groups", ["adult_dm"], Filters(age_groups=("adult_dm",))),
    ],
)
def test_a_sidebar_filter_changes_the_table_to_exactly_the_expected_arms(evidence, key, value, filters):
    at = open_page("app_pages/evidence_table.py")
    at.multiselect(key=key).set_value(value).run()
    assert not at.exception
    expected = expected_keys(evidence, filters)
    assert 0 < len(expected) < len(evidence.arms)
    assert table_keys(at) == expected
    assert dict(at.query_params) == filters.to_query()  # the URL mirrors the filter: a shareable link


def test_a_permalink_reproduces_the_filtered_view(evidence):
    filters = Filters(therapy_classes=("jak_inhibitor",), age_groups=("pediatric",))
    at = open_page("app_pages/evidence_table.py", filters.to_query())
    assert table_keys(at) == expected_keys(evidence, filters)
    assert at.multiselect(key="f_therapy_classes").value == ["jak_inhibitor"]


def test_a_bad_permalink_value_is_named_and_all_records_show(evidence):
    at = open_page("app_pages/evidence_table.py", {"antibodies": "anti_unicorn"})
    assert not at.exception
    assert "anti\\_unicorn" in at.warning[0].value and "left out" in at.warning[0].value
    assert len(table_keys(at)) == len(evidence.arms)


def compare_page(monkeypatch, data, query: dict | None = None):
    monkeypatch.setenv("JDM_EVIDENCE_DATA", str(data))
    at = open_page("app_pages/compare.py", query or {})
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_compare_page_answers_for_children_first_and_shows_adult_evidence_apart(compare_data, monkeypatch):
    at = compare_page(monkeypatch, compare_data, {"compare": "tofacitinib,ivig"})
    assert at.selectbox(key="cmp_age").value == "pediatric" and at.multiselect(key="cmp_sel").value == [
        "tofacitinib",
        "ivig",
    ]
    assert at.header[0].value == "What happened to children with JDM?"
    headings = [h.value for h in at.subheader]
    assert headings[0] == "Children with JDM" and "Indirect evidence\\: Adult\\-onset DM" in headings
    text = "\n".join(m.value for m in at.markdown)
    assert "Clinically inactive disease / remission \\(other definitions\\)\\: 9 of 14 children" in text
    assert "risk ratio, against another treatment" in text  # the controlled cohort, in the adult section
    assert at.get("plotly_chart")


def test_a_compare_link_with_a_profile_and_an_antibody_shows_antibody_true_numbers(compare_data, monkeypatch):
    at = compare_page(
        monkeypatch,
        compare_data,
        {"compare": "tofacitinib,ivig", "patient_antibody": "anti_mda5", "patient": "pediatric"},
    )
    assert at.selectbox(key="cmp_ab").value == "anti_mda5"
    headings = [h.value for h in at.subheader]
    assert headings[:3] == [
        "Children with JDM — results reported for the anti\\-MDA5\\-positive patients",
        "Children with JDM — studies in which every patient was anti\\-MDA5\\-positive",
        "Children with JDM — whole results of mixed cohorts \\(not only anti\\-MDA5\\-positive patients\\)",
    ]
    text = "\n".join(m.value for m in at.markdown)
    assert "2 of 2 anti\\-MDA5\\-positive children" in text and "4 of 4 anti\\-MDA5\\-positive children" in text
    assert "whole cohorts\\: 2 of 10 tested were anti\\-MDA5\\-positive" in text


def test_an_old_compare_link_with_class_ids_still_opens_and_odd_values_are_named(compare_data, monkeypatch):
    old = "jak_inhibitor,nonsense,t_cell_costimulation_modulator"
    at = compare_page(monkeypatch, compare_data, {"compare": old, "method": "HS"})
    assert at.multiselect(key="cmp_sel").value == ["jak_inhibitor", "t_cell_costimulation_modulator"]
    warning = at.warning[0].value
    assert "nonsense" in warning and "Method" in warning


def test_study_page_opens_the_study_named_in_the_link():
    at = open_page("app_pages/study.py", {"study": "buechler-2025-anifrolumab-adult-jdm"})
    assert at.selectbox(key="study_pick").value == "buechler-2025-anifrolumab-adult-jdm"
    assert any("Author industry ties" in w.value and "Pfizer" in w.value for w in at.warning)


def test_study_page_shows_record_text_as_text_not_markup(write_records, record, monkeypatch):
    record.update(id="xss", title="Bad <img src=x onerror=alert(1)> **bold** [link](http://evil)")
    record["summary"] = "<script>alert(1)</script> summary with _underscores_ and enough length."
    monkeypatch.setenv("JDM_EVIDENCE_DATA", str(write_records({"xss.yaml": record})))
    at = open_page("app_pages/study.py", {"study": "xss"})
    assert not at.exception
    shown = "\n".join([*(h.value for h in at.subheader), *(m.value for m in at.markdown)])
    assert "Bad \\<img src\\=x onerror\\=alert\\(1\\)\\> \\*\\*bold\\*\\* \\[link\\]\\(http\\:\u200b//evil\\)" in shown
    assert "\\<script\\>" in shown
    assert "<img" not in shown.replace("\\<img", "") and "<script>" not in shown


def test_a_broken_record_is_named_on_the_overview_while_the_rest_still_show(write_records, record, monkeypatch):
    broken = dict(record, id="broken", n_total=2)
    monkeypatch.setenv(
        "JDM_EVIDENCE_DATA", str(write_records({"good.yaml": dict(record, id="good"), "broken.yaml": broken}))
    )
    at = open_page("app_pages/overview.py")
    assert "1 record file(s) failed validation" in at.warning[0].value
    problems = at.dataframe[0].value
    assert problems.iloc[0].tolist() == ["broken.yaml", "n_total", "arm n sum (10) exceeds study n_total (2)"]
    assert {m.label: m.value for m in at.metric}["Children with JDM"] == "10 patients"


def test_export_page_downloads_hold_the_filtered_rows(evidence):
    at = open_page("app_pages/export.py", {"age_groups": "adult_dm"})
    assert not at.exception
    button = at.get("download_button")
    assert len(button) == 5
    expected = expected_keys(evidence, Filters(age_groups=("adult_dm",)))
    assert f"**{len(expected)} study arms**" in at.markdown[0].value
