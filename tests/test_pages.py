"""Every page renders; sidebar filters change the table to exactly the expected arms; downloads hold the view."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

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


def test_overview_counts_studies_and_shows_the_disclaimer(data_result):
    at = open_page("app_pages/overview.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Studies"] == str(len(data_result.studies))
    assert "not a treatment recommendation" in at.info[0].value
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


def test_compare_page_leads_with_the_summary_of_findings_and_forest_plots(evidence):
    at = open_page("app_pages/compare.py")
    assert not at.exception
    assert at.multiselect(key="compare_sel").value == ["jak_inhibitor", "abatacept", "anifrolumab"]
    assert [h.value for h in at.header][:2] == ["How often did patients respond?", "Forest plots"]
    cells = [m.value for m in at.markdown]
    assert [c for c in cells if c in ("**JAK inhibitors**", "**Abatacept**", "**Anifrolumab**")] == [
        "**JAK inhibitors**",
        "**Abatacept**",
        "**Anifrolumab**",
    ]
    assert "**Inactive disease**" in cells  # an outcome-definition column (short label, explained below)
    assert any(c.startswith("67% \\(45%–84%\\)  \n3 studies, pooled · 22/32 patients") for c in cells)
    assert len(at.get("plotly_chart")) >= 3


def test_an_old_compare_link_with_class_ids_still_opens_and_the_antibody_filter_leads_with_its_subgroup():
    old = "jak_inhibitor,t_cell_costimulation_modulator,type_i_ifn_receptor_antibody"
    at = open_page("app_pages/compare.py", {"compare": old, "antibodies": "anti_mda5"})
    assert not at.exception
    assert at.multiselect(key="compare_sel").value == old.split(",")
    assert at.radio(key="compare_subgroup").value == "anti_mda5"


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
    assert {m.label: m.value for m in at.metric}["Studies"] == "1"


def test_export_page_downloads_hold_the_filtered_rows(evidence):
    at = open_page("app_pages/export.py", {"age_groups": "adult_dm"})
    assert not at.exception
    button = at.get("download_button")
    assert len(button) == 5
    expected = expected_keys(evidence, Filters(age_groups=("adult_dm",)))
    assert f"**{len(expected)} study arms**" in at.markdown[0].value
