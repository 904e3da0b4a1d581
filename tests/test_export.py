"""Exports hold the filtered rows in every format, and the CLI gives the same bytes as the page."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from evidence.cli import main
from evidence.errors import ExportFormatError
from evidence.export import EXPORT_COLUMNS, export, studies_json
from evidence.filters import Filters
from evidence.text import escape_document

MDA5 = Filters(antibodies=("anti_mda5",))


@pytest.fixture(scope="module")
def mda5_view(evidence):
    return evidence.view(MDA5)


def test_csv_has_readable_headers_and_labels_a_byte_order_mark_and_only_filtered_rows(mda5_view):
    data = export(mda5_view, "csv")
    assert data.startswith("\ufeff".encode())  # Excel then reads UTF-8: γ, ñ and í stay intact
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns) == list(EXPORT_COLUMNS.values())
    assert list(frame.columns[:6]) == ["Study", "Therapy", "Patients in the arm (n)", "Results", "Harms", "Source"]
    assert [(r["Study id"], r["Arm id"]) for _, r in frame.iterrows()] == list(
        zip(mda5_view.arms["study_id"], mda5_view.arms["arm_id"], strict=True)
    )
    assert not set(frame["Therapy class"]) & {"jak_inhibitor", "journal_article"}
    assert "JAK inhibitors" in set(frame["Therapy class"])


def test_json_is_a_list_of_row_objects_with_ids_and_null_for_unknown(evidence):
    rows = json.loads(export(evidence.view(Filters()), "json"))
    assert len(rows) == len(evidence.arms)
    torres = [r for r in rows if r["study_id"] == "torres-sanchez-2026-jaki-abatacept"]
    assert next((r["arm_id"], r["n"], r["therapy_class"]) for r in torres) == ("jaki", 7, "jak_inhibitor")
    assert all(r["n"] is None or isinstance(r["n"], int) for r in rows)


def test_xlsx_has_bold_frozen_filtered_headers_wrapped_text_and_clickable_links(mda5_view):
    book = load_workbook(io.BytesIO(export(mda5_view, "xlsx")))
    assert book.sheetnames == ["Evidence", "Outcomes", "Safety", "Citations", "About"]
    sheet = book["Evidence"]
    assert sheet["A1"].value == "Study" and sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions and sheet["D2"].alignment.wrap_text
    assert sheet.max_row == len(mda5_view.arms) + 1
    source = next(c for c in sheet[1] if c.value == "Source").column
    assert sheet.cell(row=2, column=source).hyperlink.target.startswith("https://")
    citations = book["Citations"]
    doi_column = next(c for c in citations[1] if c.value == "DOI").column
    linked = [c for c in citations.iter_rows(min_row=2) if c[doi_column - 1].value]
    assert linked and all(c[doi_column - 1].hyperlink.target.startswith("https://doi.org/") for c in linked)
    about = [row for row in book["About"].iter_rows(values_only=True)]
    assert ("Filter", "Antibody positive: anti-MDA5") in about


def test_markdown_report_names_filters_version_rows_and_citations(mda5_view):
    text = export(mda5_view, "md").decode()
    assert "Antibody positive: anti-MDA5" in text
    assert f"Data version: `{mda5_view.version}`" in text
    assert text.count("\n| ") == len(mda5_view.arms) + 1  # header plus one line per arm
    assert "et al. " in text and "et al\\." not in text  # escaped only where a character changes the meaning
    for study in mda5_view.studies:
        assert escape_document(study.title) in text


def _one_study_view(record: dict, **changes):
    from evidence.schema import Study
    from evidence.store import LoadResult
    from evidence.view import Evidence

    study = Study.model_validate({**record, **changes})
    return Evidence.from_result(LoadResult((study,), (), "x")).view(Filters())


def test_markdown_escapes_pipes_html_and_links_in_record_text(record):
    view = _one_study_view(
        record, title="Title <script>alert(1)</script> ![x](http://evil.example/t.png)", venue="J | K"
    )
    text = export(view, "md").decode()
    assert "<script>" not in text and "![x](" not in text
    assert "Title \\<script\\>alert(1)\\</script\\> !\\[x\\](http:\u200b//evil.example/t.png)" in text
    row = next(line for line in text.splitlines() if line.startswith("| Tester A"))
    assert "J \\| K" in row


def test_ris_has_one_entry_per_study_with_type_and_identifiers(mda5_view):
    import rispy

    entries = rispy.loads(export(mda5_view, "ris").decode())
    assert [e["title"] for e in entries] == [s.title for s in mda5_view.studies]
    torres = next(e for e in entries if e["title"].startswith("Experience with Janus Kinase"))
    assert torres["type_of_reference"] == "ABST"  # a meeting abstract
    assert torres["year"] == "2026"


def test_a_newline_in_a_title_cannot_start_a_second_ris_record(record):
    import rispy

    view = _one_study_view(record, title="First line\nER  - \nTY  - JOUR\nTI  - Injected record")
    entries = rispy.loads(export(view, "ris").decode())
    assert len(entries) == 1
    assert entries[0]["title"] == "First line ER - TY - JOUR TI - Injected record"


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://evil.example")', "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_and_excel_cells_never_start_a_formula(record, formula):
    view = _one_study_view(record, title=f"{formula} title", summary=f"{formula} and a summary long enough")
    rows = list(csv.reader(io.StringIO(export(view, "csv").decode())))
    for cell in (c for row in rows for c in row):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    book = load_workbook(io.BytesIO(export(view, "xlsx")))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    citation_titles = [r[2] for r in book["Citations"].iter_rows(min_row=2, values_only=True)]
    assert citation_titles == [f"'{formula} title"]  # neutralised with a leading quote, text kept


def test_numbers_stay_numbers_in_excel(mda5_view):
    book = load_workbook(io.BytesIO(export(mda5_view, "xlsx")))
    header = [c.value for c in book["Evidence"][1]]
    years = [r[header.index("Year")] for r in book["Evidence"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(y, int) for y in years)


def test_download_file_names_carry_the_main_filters_and_the_date_and_are_safe():
    import datetime as dt

    from evidence.export import file_name, name_parts

    day = dt.date(2026, 12, 6)
    parts = name_parts(Filters(therapy_classes=("jak_inhibitor",), antibodies=("anti_mda5",)))
    assert file_name("jdm-evidence", parts, "csv", day) == "jdm-evidence_jak-inhibitors_anti-mda5_2026-12-06.csv"
    assert file_name("../../etc/passwd", [], "csv", day) == "etc-passwd_2026-12-06.csv"


def test_unknown_format_is_a_typed_error(mda5_view):
    with pytest.raises(ExportFormatError):
        export(mda5_view, "pdf")


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "ris", "xlsx"])
def test_the_cli_gives_the_same_bytes_as_the_page_for_every_format(tmp_path, capsys, fmt):
    from ui import data  # the page's own path: its cached loader (the snapshot) and its view

    ev, _ = data.evidence()
    page_bytes = export(data.view(ev, MDA5), fmt)
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--format", fmt, "--antibody", "anti-MDA5", "--out", str(out)]) == 0
    assert out.read_bytes() == page_bytes
    assert main(["validate"]) == 0
    assert f"data version {ev.version}" in capsys.readouterr().out  # the version the app shows and names files by


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx"])
def test_the_summary_of_findings_file_is_the_same_from_the_page_and_the_cli(tmp_path, fmt):
    import datetime as dt

    from evidence import report
    from evidence.profile import CompareRequest, PatientProfile
    from ui import data

    ev, _ = data.evidence()
    shown = data.view(ev, Filters())
    request = CompareRequest(profile=PatientProfile(antibody="anti_mda5"))
    page_bytes = report.render(
        fmt, data.synthesis(shown, request), request, shown.filters, shown.version, dt.date.today()
    )
    out = tmp_path / f"summary.{fmt}"
    assert main(["synthesize", "--format", fmt, "--patient-antibody", "anti_mda5", "--out", str(out)]) == 0
    assert out.read_bytes() == page_bytes


def test_cli_xlsx_needs_an_out_file_and_writes_it(tmp_path, capsys):
    assert main(["export", "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err
    out = tmp_path / "e.xlsx"
    assert main(["export", "--format", "xlsx", "--age-group", "pediatric", "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames[0] == "Evidence"


def test_cli_study_level_json_prints_full_records_with_schema_field_names(evidence, capsys):
    assert main(["export", "--format", "json", "--level", "study"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == len(evidence.studies)
    assert records == json.loads(studies_json(evidence.view(Filters())))
    first = records[0]
    assert {"id", "arms", "outcomes", "safety", "disclosures", "same_cohort_as", "population"} <= set(first)


def test_cli_rejects_an_unknown_filter_value_with_a_message(capsys):
    assert main(["export", "--format", "csv", "--therapy-class", "bogus"]) == 2
    assert "Therapy class: unknown value 'bogus'" in capsys.readouterr().err
