"""Exports hold the filtered rows in every format, and the CLI gives the same bytes as the page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from evidence.cli import main
from evidence.errors import ExportFormatError
from evidence.export import EXPORT_COLUMNS, export, studies_json
from evidence.filters import Filters

MDA5 = Filters(antibodies=("anti_mda5",))


@pytest.fixture(scope="module")
def mda5_view(evidence):
    return evidence.view(MDA5)


def test_csv_has_the_export_columns_and_only_filtered_rows(mda5_view):
    rows = list(csv.DictReader(io.StringIO(export(mda5_view, "csv").decode())))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [(r["study_id"], r["arm_id"]) for r in rows] == list(
        zip(mda5_view.arms["study_id"], mda5_view.arms["arm_id"], strict=True)
    )


def test_json_is_a_list_of_row_objects_with_null_for_unknown(evidence):
    rows = json.loads(export(evidence.view(Filters()), "json"))
    assert len(rows) == len(evidence.arms)
    torres = [r for r in rows if r["study_id"] == "torres-sanchez-2026-jaki-abatacept"]
    assert [(r["arm_id"], r["n"]) for r in torres] == [("jaki", 7), ("abatacept", 8), ("control", 8)]
    assert all(r["n"] is None or isinstance(r["n"], int) for r in rows)


def test_xlsx_has_four_data_sheets_with_readable_headers(mda5_view):
    book = load_workbook(io.BytesIO(export(mda5_view, "xlsx")))
    assert book.sheetnames == ["Evidence", "Outcomes", "Safety", "Citations", "About"]
    evidence_sheet = book["Evidence"]
    assert evidence_sheet["C1"].value == "Citation"
    assert evidence_sheet.max_row == len(mda5_view.arms) + 1
    assert book["Citations"].max_row == len(mda5_view.studies) + 1
    assert evidence_sheet.column_dimensions["C"].width >= 20
    about = [row for row in book["About"].iter_rows(values_only=True)]
    assert ("Filter", "Antibody positive: anti-MDA5") in about


def test_markdown_report_names_filters_version_rows_and_citations(mda5_view):
    text = export(mda5_view, "md").decode()
    assert "Antibody positive: anti-MDA5" in text
    assert f"Data version: `{mda5_view.version}`" in text
    assert text.count("\n| ") == len(mda5_view.arms) + 1  # header plus one line per arm
    for study in mda5_view.studies:
        assert study.title in text


def test_markdown_escapes_pipes_and_html_in_record_text(record):
    from evidence.schema import Study
    from evidence.store import LoadResult
    from evidence.view import Evidence

    study = Study.model_validate({**record, "title": "Title <script>alert(1)</script>", "venue": "J | K"})
    text = export(Evidence.from_result(LoadResult((study,), (), "x")).view(Filters()), "md").decode()
    assert "<script>" not in text
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in text
    row = next(line for line in text.splitlines() if line.startswith("| Tester A"))
    assert "J \\| K" in row
    assert row.count(" | ") == len(row.split(" | ")) - 1


def test_ris_has_one_entry_per_study_with_type_and_identifiers(mda5_view):
    text = export(mda5_view, "ris").decode()
    assert text.count("ER  - ") == len(mda5_view.studies)
    assert "TY  - ABST" in text  # the Torres Sanchez meeting abstract
    assert "T2  - 2026 ACR/ARP Pediatric Rheumatology Symposium" in text


def test_unknown_format_is_a_typed_error(mda5_view):
    with pytest.raises(ExportFormatError):
        export(mda5_view, "pdf")


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "ris"])
def test_cli_export_matches_the_page_export_for_the_same_filters(evidence, capsys, fmt):
    assert main(["export", "--format", fmt, "--antibody", "anti-MDA5"]) == 0
    assert capsys.readouterr().out.encode() == export(evidence.view(MDA5), fmt)


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
    assert "therapy_classes: unknown value(s) ['bogus']" in capsys.readouterr().err
