"""Saving a record: slug ids only, never outside the records folder, never over an existing file unless asked,
atomic (a failed write leaves nothing behind), schema field order, and the CLI handler around it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

import evidence.ingest.save as save_module
from evidence.ingest import IngestError, parse_abstract, read_abstract
from evidence.ingest.cli import ingest_command
from evidence.ingest.save import dump_record, ordered, record_problems, save_record, target_path
from evidence.schema import Arm, Study
from evidence.store import parse_file
from tests.conftest import FIXTURES, ROOT

ABSTRACTS = FIXTURES / "abstracts"
REAL = ROOT / "data" / "studies" / "buechler-2025-anifrolumab-adult-jdm.yaml"


@pytest.fixture
def studies(tmp_path) -> Path:
    folder = tmp_path / "data" / "studies"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def valid_record() -> dict:
    """A real record, renamed so it can be saved next to nothing."""
    record = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    record["id"] = "buechler-copy"
    return record


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp")


def test_a_valid_record_is_saved_and_loads_back_unchanged(studies, valid_record):
    path = save_record(valid_record, studies)
    assert path == (studies / "buechler-copy.yaml").resolve()
    study, problems = parse_file(path)
    assert problems == []
    assert study == Study.model_validate(valid_record)
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == valid_record
    assert leftovers(studies) == []
    assert path.stat().st_mode & 0o777 == 0o644


def test_yaml_lists_fields_in_schema_order(valid_record):
    scrambled = dict(reversed(list(valid_record.items())))
    scrambled["arms"] = [dict(reversed(list(a.items()))) for a in scrambled["arms"]]
    loaded = yaml.safe_load(dump_record(scrambled))
    assert list(loaded) == [name for name in Study.model_fields if name in valid_record]
    assert list(loaded["arms"][0]) == [name for name in Arm.model_fields if name in valid_record["arms"][0]]
    assert loaded == valid_record
    text = dump_record(valid_record)
    assert "authors: [Buechler C, Pearson D]" in text  # short scalar lists inline, as the records write them
    assert 'abstract_number: "0286"' in text  # numeric-looking text stays text
    assert list(ordered({"zzz": 1, "id": "x"})) == ["id", "zzz"]  # unknown keys kept, last


@pytest.mark.parametrize(
    "bad_id",
    ["../evil", "..", "a/b", "a\\b", "Has Space", "UPPER", "", "-leading", "a.yaml", "x" * 200, None, 7, "ünï"],
)
def test_an_id_that_is_not_a_slug_is_refused(studies, valid_record, bad_id):
    valid_record["id"] = bad_id
    with pytest.raises(IngestError) as caught:
        save_record(valid_record, studies, require_valid=False)
    assert caught.value.reason == "bad_id"
    assert list(studies.iterdir()) == []


def test_a_link_out_of_the_folder_is_not_followed(studies, tmp_path, valid_record):
    outside = tmp_path / "outside.yaml"
    outside.write_text("precious", encoding="utf-8")
    (studies / "buechler-copy.yaml").symlink_to(outside)
    with pytest.raises(IngestError) as caught:
        save_record(valid_record, studies, overwrite=True)
    assert caught.value.reason == "unsafe_path"
    assert outside.read_text(encoding="utf-8") == "precious"


def test_target_path_stays_inside_the_folder(studies):
    assert target_path(studies, "abc-1").parent == studies.resolve()
    with pytest.raises(IngestError, match="does not exist"):
        target_path(studies / "missing", "abc")


def test_an_existing_file_is_kept_unless_overwrite(studies, valid_record):
    existing = studies / "buechler-copy.yaml"
    existing.write_text("# the curator's work\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        save_record(valid_record, studies)
    assert caught.value.reason == "exists"
    assert existing.read_text(encoding="utf-8") == "# the curator's work\n"
    save_record(valid_record, studies, overwrite=True)
    assert yaml.safe_load(existing.read_text(encoding="utf-8")) == valid_record
    assert leftovers(studies) == []


def test_a_file_created_while_saving_is_not_overwritten(studies, valid_record, monkeypatch):
    """The no-overwrite check holds even if another writer creates the file between check and write."""
    real_link = os.link

    def racing_link(src, dst):
        Path(dst).write_text("written by someone else\n", encoding="utf-8")
        return real_link(src, dst)

    monkeypatch.setattr(save_module.os, "link", racing_link)
    with pytest.raises(IngestError) as caught:
        save_record(valid_record, studies)
    assert caught.value.reason == "exists"
    assert (studies / "buechler-copy.yaml").read_text(encoding="utf-8") == "written by someone else\n"
    assert leftovers(studies) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(studies, valid_record, monkeypatch, failing):
    existing = studies / "buechler-copy.yaml"
    existing.write_text("old\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(save_module.os, failing, fail)
    with pytest.raises(IngestError, match=r"buechler-copy\.yaml was not saved: disk full") as caught:
        save_record(valid_record, studies, overwrite=True)
    assert caught.value.reason == "io"
    assert existing.read_text(encoding="utf-8") == "old\n"
    assert leftovers(studies) == []


def test_validation_comes_before_writing(studies, valid_record):
    valid_record["n_total"] = "three"
    valid_record["arms"][0]["therapies"] = ["wonderdrug"]
    with pytest.raises(IngestError, match="does not validate") as caught:
        save_record(valid_record, studies)
    assert caught.value.reason == "invalid"
    assert list(studies.iterdir()) == []
    fields = {p.field for p in record_problems(valid_record, "buechler-copy.yaml")}
    assert {"n_total", "arms.0.therapies"} <= fields
    assert [
        p.field
        for p in record_problems(
            dict(valid_record, n_total=3, arms=yaml.safe_load(REAL.read_text())["arms"]), "other-name.yaml"
        )
    ] == ["id"]


def test_a_draft_is_saved_without_validation_when_asked(studies):
    draft = parse_abstract(read_abstract(ABSTRACTS / "pubmed_rct_adults.txt"))
    path = save_record(draft.record, studies, require_valid=False)
    assert path.name == "nakamura-2022-abatacept.yaml"
    _, problems = parse_file(path)
    assert {p.field for p in problems} >= {"summary", "last_checked"}
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == draft.record


def test_the_header_comment_cannot_inject_yaml(studies, valid_record):
    header = "from file.txt\nid: evil\n\u2028summary: injected\x85notes: x\r\n# ok"
    path = save_record(valid_record, studies, header=header)
    text = path.read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert yaml.safe_load("\n".join(body)) == yaml.safe_load(text) == valid_record
    assert text.splitlines()[0].startswith("# from file.txt")


# --- the CLI handler ------------------------------------------------------------------------------------------


def test_cli_writes_the_draft_to_out_and_reports(tmp_path, capsys):
    out = tmp_path / "drafts" / "rct-draft.yaml"
    out.parent.mkdir()
    code = ingest_command(ABSTRACTS / "pubmed_rct_adults.txt", out, ROOT / "data")
    printed = capsys.readouterr().out
    assert code == 1  # written; the curator must complete it
    record = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert record["id"] == "rct-draft" and record["n_total"] == 47
    assert out.read_text(encoding="utf-8").startswith("# Draft from pubmed_rct_adults.txt (PubMed abstract)")
    assert "Before it validates" in printed and "rct-draft.yaml: summary:" in printed
    assert 'n_total: 0.90 "Forty-seven patients"' in printed
    assert "To fill in:" in printed and "last_checked" in printed


def test_cli_lower_cases_an_out_name_with_capitals(tmp_path, capsys):
    """Ids are slugs: '--out Smith-2020-MMF.yaml' writes smith-2020-mmf.yaml with that id instead of refusing."""
    out = tmp_path / "Smith-2020-MMF.yaml"
    assert ingest_command(ABSTRACTS / "pubmed_rct_adults.txt", out, ROOT / "data") == 1
    written = tmp_path / "smith-2020-mmf.yaml"
    assert [p.name for p in tmp_path.iterdir()] == [written.name]
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["id"] == "smith-2020-mmf"
    assert str(written) in capsys.readouterr().out


def test_cli_default_path_is_the_drafts_folder_beside_the_records_and_never_overwrites(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "studies").mkdir(parents=True)
    shutil.copy(REAL, data / "studies" / REAL.name)
    assert ingest_command(ABSTRACTS / "acr_words_multi_arm.txt", None, data) == 1
    written = data / "drafts" / "okafor-2024-tofacitinib-ruxolitinib.yaml"
    assert written.is_file()
    before = written.read_bytes()
    capsys.readouterr()
    assert ingest_command(ABSTRACTS / "acr_words_multi_arm.txt", None, data) == 2
    assert "already exists" in capsys.readouterr().err
    assert written.read_bytes() == before


def test_cli_names_the_duplicate(tmp_path, capsys):
    """A page with a known study's title is reported as a likely duplicate (to link with same_cohort_as)."""
    data = tmp_path / "data"
    (data / "studies").mkdir(parents=True)
    shutil.copy(REAL, data / "studies" / REAL.name)
    draft_source = tmp_path / "abstract.txt"
    record = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    draft_source.write_text(
        f"Abstract Number: 9\n\n{record['title']}\n\nConnor Buechler1, 1Somewhere\n\nMeeting: ACR Convergence 2025\n\n"
        "Methods: We describe three adults treated with anifrolumab.\nResults: All three improved.\n",
        encoding="utf-8",
    )
    assert ingest_command(draft_source, tmp_path / "x.yaml", data) == 1
    assert "LIKELY buechler-2025-anifrolumab-adult-jdm: similar title" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("source", "out", "message"),
    [
        ("empty.txt", None, "empty"),
        ("not_an_abstract.txt", None, "no recognisable abstract"),
        ("pubmed_rct_adults.txt", "draft.txt", "must name a .yaml file"),
        ("pubmed_rct_adults.txt", "Bad Name.yaml", "not a slug"),
    ],
)
def test_cli_errors_write_nothing_and_exit_2(tmp_path, capsys, source, out, message):
    data = tmp_path / "data"
    (data / "studies").mkdir(parents=True)
    target = tmp_path / out if out else None
    assert ingest_command(ABSTRACTS / source, target, data) == 2
    assert message in capsys.readouterr().err
    assert list((data / "studies").iterdir()) == []
    assert target is None or not target.exists()


def test_cli_without_a_data_folder(tmp_path, capsys):
    assert ingest_command(ABSTRACTS / "pubmed_rct_adults.txt", None, tmp_path / "nowhere") == 2
    assert "does not exist" in capsys.readouterr().err
    out = tmp_path / "draft.yaml"
    assert ingest_command(ABSTRACTS / "pubmed_rct_adults.txt", out, tmp_path / "nowhere") == 1
    assert "duplicates not checked" in capsys.readouterr().err and out.is_file()


def test_a_drafts_folder_that_is_a_link_is_never_written_through(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "studies").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data / "drafts").symlink_to(elsewhere)
    assert ingest_command(ABSTRACTS / "pubmed_rct_adults.txt", None, data) == 2
    assert "is a link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_full_disk_is_a_clear_cli_error_and_nothing_is_left(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    (data / "studies").mkdir(parents=True)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(save_module.os, "fsync", full)
    assert ingest_command(ABSTRACTS / "pubmed_rct_adults.txt", None, data) == 2
    assert "was not saved: No space left on device" in capsys.readouterr().err
    assert leftovers(data / "drafts") == []
