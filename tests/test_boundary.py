"""The one error boundary: missing or empty data, unknown ids, hostile and absurd links never crash a page."""

from __future__ import annotations

import pytest

from tests.test_pages import PAGES, open_page

HOSTILE_TEXT = "![x](http://evil.example/t.png) :red[alarm] <img src=x onerror=alert(1)>"


def all_text(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "warning", "error", "info", "subheader", "title")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_a_data_folder_that_does_not_exist(page, tmp_path, monkeypatch):
    monkeypatch.setenv("JDM_EVIDENCE_DATA", str(tmp_path / "no-such-folder"))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert any("does not exist" in e.value and "JDM\\_EVIDENCE\\_DATA" in e.value for e in at.error)  # escaped Markdown


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_an_empty_data_folder(page, tmp_path, monkeypatch):
    monkeypatch.setenv("JDM_EVIDENCE_DATA", str(tmp_path))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    messages = [e.value for e in (*at.error, *at.warning)]
    assert any("no valid study records" in m.lower() for m in messages), messages


def test_a_folder_whose_every_record_fails_lists_the_failures_on_the_overview(write_records, record, monkeypatch):
    monkeypatch.setenv("JDM_EVIDENCE_DATA", str(write_records({"bad.yaml": dict(record, id="bad", n_total=True)})))
    at = open_page("app_pages/overview.py")
    assert not at.exception
    assert "1 record file(s) failed validation" in at.warning[0].value
    assert at.dataframe[0].value.iloc[0]["Field"] == "n_total"


def test_an_unknown_study_id_in_the_link_is_named_and_a_study_still_opens():
    at = open_page("app_pages/study.py", {"study": "no-such-study"})
    assert not at.exception
    assert any("no\\-such\\-study" in w.value for w in at.warning)
    assert at.selectbox(key="study_pick").value


@pytest.mark.parametrize("page", ["app_pages/evidence_table.py", "app_pages/compare.py", "app_pages/export.py"])
def test_a_hostile_text_filter_in_the_link_is_shown_only_as_escaped_text(page):
    at = open_page(page, {"text": HOSTILE_TEXT})
    assert not at.exception
    shown = all_text(at)
    assert "![x](" not in shown and ":red[" not in shown and "<img" not in shown.replace("\\<img", "")
    assert "\\!\\[x\\]\\(http\\:\u200b//evil\\.example/t\\.png\\)" in shown  # no autolink either


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"year_min": "2030", "year_max": "1900"}, "swapped"),
        ({"year_min": "99999999999999"}, "year\\_min"),
        ({"year_max": "-5"}, "out of range"),
        ({"min_n": "lots"}, "lots"),
        ({"antibodies": "anti_unicorn,anti_mda5"}, "anti\\_unicorn"),
    ],
)
def test_absurd_link_values_are_clamped_or_dropped_with_a_message_naming_them(query, named, evidence):
    at = open_page("app_pages/evidence_table.py", query)
    assert not at.exception, [e.value for e in at.exception]
    assert any(named in w.value for w in at.warning), [w.value for w in at.warning]


def test_an_unexpected_error_shows_a_short_message_with_details_folded_and_is_logged(monkeypatch):
    import logging

    import ui.compare_view as compare_view

    logged: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = logged.append
    logging.getLogger("ui").addHandler(handler)

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(compare_view, "sections", broken)
    at = open_page("app_pages/compare.py")
    assert not at.exception
    assert "Something went wrong" in at.error[0].value
    details = next(e for e in at.expander if e.label == "Technical details")
    assert details.code[0].value == "ZeroDivisionError: boom"
    logging.getLogger("ui").removeHandler(handler)
    (entry,) = [r for r in logged if r.levelno == logging.ERROR]  # logged with its traceback for whoever runs it
    assert entry.name == "ui.boundary" and entry.exc_info[0] is ZeroDivisionError
