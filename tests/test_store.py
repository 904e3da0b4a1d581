"""The loader reports each broken file with field and reason, and still loads every other record."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from evidence.cli import main
from evidence.errors import DataDirectoryMissing
from evidence.loader import load_studies
from tests.conftest import BROKEN, FIXTURES, ROOT

EXPECTED_BROKEN = {
    # file: (field, words in the message)
    "bad-yaml.yaml": ("line 3", "not valid YAML"),
    "wrong-type.yaml": ("n_total", "valid integer"),
    "unknown-field.yaml": ("sponsor", "unknown field"),
    "arm-sum.yaml": ("n_total", "arm n sum (10) exceeds study n_total (5)"),
    "responders-over-evaluable.yaml": ("outcomes.0.responders", "responders (10) exceed evaluable (9)"),
    "evaluable-over-n.yaml": ("outcomes.0.evaluable", "evaluable (12) exceeds arm n (10)"),
    "positive-over-tested.yaml": ("arms.0.antibodies.anti_mda5.positive", "positive (9) exceeds tested (8)"),
    "tested-over-n.yaml": ("arms.0.antibodies.anti_mda5.tested", "tested (11) exceeds arm n (10)"),
    "unknown-reference.yaml": ("same_cohort_as.0", "unknown study id 'no-such-study'"),
    "bad-year.yaml": ("year", "not plausible"),
    "bad-url.yaml": ("url", "not a well-formed"),
    "id-mismatch.yaml": ("id", "does not match the file name"),
    "unknown-therapy.yaml": ("arms.0.therapies", "unknown therapy 'wonderdrug'"),
    "class-mismatch.yaml": ("arms.0.therapy_class", "does not match therapies"),
    "unknown-arm.yaml": ("outcomes.0.arm", "not an arm id"),
    "zero-arms.yaml": ("arms", "at least 1 item"),
}


@pytest.fixture(scope="module")
def broken():
    return load_studies(BROKEN)


@pytest.mark.parametrize(("file", "expected"), EXPECTED_BROKEN.items(), ids=list(EXPECTED_BROKEN))
def test_each_broken_fixture_is_named_with_field_and_reason(broken, file, expected):
    field, words = expected
    mine = [p for p in broken.problems if p.file == file]
    assert any(p.field == field and words in p.message for p in mine), mine


def test_every_broken_fixture_file_is_covered_by_a_test(broken):
    assert {p.file for p in broken.problems} == set(EXPECTED_BROKEN)


def test_broken_files_do_not_stop_the_good_ones_loading_and_none_of_them_counts(broken):
    # A record whose same_cohort_as points nowhere failed validation: it is named, and left out like the others.
    assert [s.id for s in broken.studies] == ["good-record"]


def test_validate_prints_file_field_message_and_exits_1(capsys):
    assert main(["validate", "--data", str(BROKEN)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "arm-sum.yaml: n_total: arm n sum (10) exceeds study n_total (5)" in lines
    assert "unknown-field.yaml: sponsor: unknown field (not in the schema)" in lines
    assert len(lines) == len(EXPECTED_BROKEN)


def test_validate_exits_0_and_counts_studies_on_the_real_data(capsys, data_result):
    assert main(["validate"]) == 0
    assert f"{len(data_result.studies)} valid studies" in capsys.readouterr().out


def test_validate_runs_as_a_module_from_the_shell():
    done = subprocess.run(
        [sys.executable, "-m", "evidence", "validate", "--data", str(BROKEN)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 1
    assert "bad-yaml.yaml: line 3: not valid YAML" in done.stdout


def test_a_record_that_is_not_a_mapping_is_reported(write_records):
    data = write_records({"list.yaml": "- just\n- a list\n"})
    result = load_studies(data)
    assert [str(p) for p in result.problems] == [
        "list.yaml: (record): a record must be a mapping of field names to values"
    ]


def test_duplicate_ids_keep_the_first_file_and_report_the_second(write_records, record):
    record["id"] = "same"
    data = write_records({"same.yaml": record, "same.yml": record})
    result = load_studies(data)
    assert [s.id for s in result.studies] == ["same"]
    assert [str(p) for p in result.problems] == ["same.yml: id: id 'same' is also used by same.yaml"]


def test_a_missing_data_directory_is_a_typed_error(tmp_path):
    with pytest.raises(DataDirectoryMissing):
        load_studies(tmp_path / "nowhere")


def test_data_version_changes_when_a_record_changes(write_records, record):
    data = write_records({"valid-minimal.yaml": record})
    before = load_studies(data).version
    record["summary"] = "A changed summary that is still long enough to be valid."
    write_records({"valid-minimal.yaml": record})
    assert load_studies(data).version != before


def test_minimal_fixture_is_itself_valid():
    assert yaml.safe_load((FIXTURES / "valid_minimal.yaml").read_text())["id"] == "valid-minimal"
