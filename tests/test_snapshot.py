"""The snapshot: the same evidence as the records, only changed files re-read, never stale, and a cache that
can neither destroy a file nor fail silently."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from pathlib import Path

import pandas as pd
import pytest
import yaml

from evidence import snapshot
from evidence.cli import main
from evidence.loader import load
from evidence.view import Evidence


def three_records(write_records, record):
    broken = dict(record, id="broken", n_total=2)
    records = {f"r{i}.yaml": dict(record, id=f"r{i}", title=f"Record number {i} of the test") for i in range(2)}
    return write_records(records | {"broken.yaml": broken})


def where(data: Path) -> Path:
    return data / "studies" / snapshot.FOLDER


def build_of(data: Path) -> Path:
    return where(data) / (where(data) / snapshot.CURRENT).read_text().strip()


def test_a_snapshot_load_gives_the_same_evidence_as_the_records_themselves(write_records, record):
    data = three_records(write_records, record)
    first = load(data)
    assert (first.info.reused, first.info.reread, first.info.saved) == (0, 3, True)
    again = load(data)
    assert (again.info.reused, again.info.reread, again.info.saved) == (3, 0, False)
    plain = Evidence.from_result(first.result)  # tables built from the validated records in memory
    for loaded in (first, again):
        for name in ("arms", "outcomes", "safety", "study_rows", "antibodies"):
            pd.testing.assert_frame_equal(
                getattr(loaded.evidence, name).reset_index(drop=True),
                getattr(plain, name).reset_index(drop=True),
                check_dtype=False,
            )
        assert [s.model_dump() for s in loaded.evidence.studies] == [s.model_dump() for s in plain.studies]
    assert again.result.problems == first.result.problems and again.result.version == first.result.version


def test_a_changed_file_is_read_again_even_at_the_same_size_with_its_time_restored(write_records, record):
    data = three_records(write_records, record)
    load(data)
    path = data / "studies" / "r1.yaml"
    before = path.stat()
    text = path.read_text()
    path.write_text(text.replace("Tester", "Tezter"))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # modification time put back
    loaded = load(data)
    assert loaded.info.reread == 1
    assert loaded.evidence.studies.get("r1").authors[0].startswith("Tezter")


def test_a_touched_but_unchanged_file_is_reused_by_its_content_hash(write_records, record):
    data = three_records(write_records, record)
    load(data)
    path = data / "studies" / "r0.yaml"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    info = load(data).info
    assert (info.reused, info.reread) == (3, 0)


def test_a_removed_or_added_file_changes_the_evidence(write_records, record):
    data = three_records(write_records, record)
    load(data)
    (data / "studies" / "r0.yaml").unlink()
    (data / "studies" / "r9.yaml").write_text(yaml.safe_dump(dict(record, id="r9")))
    loaded = load(data)
    assert loaded.evidence.studies.ids == ["r1", "r9"] and loaded.info.reread == 1


def test_new_validation_code_rebuilds_every_record(write_records, record, monkeypatch):
    data = three_records(write_records, record)
    load(data)
    monkeypatch.setattr(snapshot, "code_version", lambda: "another-version")
    info = load(data).info
    assert (info.reused, info.reread) == (0, 3)


def test_folders_and_files_are_readable_by_other_users_whatever_the_umask(write_records, record):
    data = three_records(write_records, record)
    old = os.umask(0o077)
    try:
        load(data)
    finally:
        os.umask(old)
    assert where(data).stat().st_mode & 0o777 == 0o755 and build_of(data).stat().st_mode & 0o777 == 0o755
    assert {p.stat().st_mode & 0o777 for p in build_of(data).iterdir()} == {0o644}


def test_stale_folders_left_by_a_crash_are_cleaned_and_the_save_goes_ahead(write_records, record):
    data = three_records(write_records, record)
    studies = data / "studies"
    for name in (".snapshot.old", ".snapshot-abc123"):  # what the previous format left after a crash
        (studies / name).mkdir()
        (studies / name / "files.parquet").write_bytes(b"old")
    load(data)
    (where(data) / "tmp-crashed").mkdir()  # a save of this format that died half way
    (where(data) / "tmp-crashed" / "arms.parquet").write_bytes(b"half")
    (studies / "r0.yaml").write_text(yaml.safe_dump(dict(record, id="r0", title="Changed after the crash")))
    loaded = load(data)
    assert loaded.info.saved and loaded.info.reason is None
    assert sorted(p.name for p in studies.iterdir() if p.name.startswith(".snap")) == [".snapshot"]
    assert not (where(data) / "tmp-crashed").exists()


def test_a_folder_it_did_not_create_is_never_written_and_keeps_its_files(write_records, record, tmp_path, monkeypatch):
    data = three_records(write_records, record)
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"precious")
    monkeypatch.setenv("JDM_EVIDENCE_SNAPSHOT", str(foreign))
    loaded = load(data)
    assert not loaded.info.saved and "did not write" in loaded.info.reason
    assert sorted(p.name for p in foreign.iterdir()) == ["thesis.docx"]
    assert len(loaded.evidence.studies) == 2


def test_a_symlink_planted_at_the_snapshot_path_is_not_followed(write_records, record, tmp_path):
    data = three_records(write_records, record)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where(data).symlink_to(elsewhere)
    loaded = load(data)
    assert not loaded.info.saved and list(elsewhere.iterdir()) == []
    assert len(loaded.evidence.studies) == 2


def test_a_flipped_byte_in_a_table_is_caught_by_its_checksum(write_records, record, caplog):
    data = three_records(write_records, record)
    load(data)
    table = build_of(data) / "outcomes.parquet"
    raw = bytearray(table.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    table.write_bytes(bytes(raw))
    with caplog.at_level(logging.WARNING, logger="evidence"):
        loaded = load(data, save=False)
    assert "checksum" in caplog.text
    assert (
        loaded.evidence.outcomes["responders"].tolist()
        == Evidence.from_result(loaded.result).outcomes["responders"].tolist()
    )


@pytest.mark.parametrize("meta", ["null", "[1, 2]", '{"format": 2}', "not json", None])
def test_an_odd_meta_file_is_treated_as_absent(write_records, record, meta):
    data = three_records(write_records, record)
    load(data)
    path = build_of(data) / snapshot.META
    path.unlink()
    if meta is None:
        os.mkfifo(path)  # a named pipe must not hang the loader
    else:
        path.write_text(meta)
    loaded = load(data, save=False)
    assert loaded.info.reread == 3 and len(loaded.evidence.studies) == 2


def test_a_failed_save_is_reported_and_leaves_no_temporary_folder(write_records, record, monkeypatch):
    data = three_records(write_records, record)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot.pq, "write_table", full_disk)
    for _ in range(3):
        loaded = load(data)
        assert not loaded.info.saved and "No space left on device" in loaded.info.reason
    assert not any(p.name.startswith("tmp-") for p in where(data).iterdir())
    assert len(loaded.evidence.studies) == 2


def test_a_save_while_another_process_holds_the_lock_is_skipped_with_the_reason(write_records, record):
    data = three_records(write_records, record)
    load(data)
    (data / "studies" / "r0.yaml").write_text(yaml.safe_dump(dict(record, id="r0", title="A new title here")))
    fd = os.open(where(data) / snapshot.LOCK, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        loaded = load(data)
    finally:
        os.close(fd)
    assert not loaded.info.saved and "another process" in loaded.info.reason
    assert loaded.evidence.studies.get("r0").title == "A new title here"


def test_two_writers_at_once_leave_one_valid_snapshot(write_records, record):
    data = three_records(write_records, record)
    outcomes = []
    threads = [threading.Thread(target=lambda: outcomes.append(load(data, wait=30).info)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(info.reason is None for info in outcomes) and sum(info.saved for info in outcomes) >= 1
    assert snapshot.read(where(data)) is not None
    assert len([p for p in where(data).iterdir() if p.name.startswith("build-")]) <= 2


def test_the_snapshot_command_says_why_it_could_not_save_and_exits_non_zero(
    write_records, record, tmp_path, monkeypatch, capsys
):
    data = three_records(write_records, record)
    foreign = tmp_path / "taken"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    monkeypatch.setenv("JDM_EVIDENCE_SNAPSHOT", str(foreign))
    assert main(["snapshot", "--data", str(data)]) == 1
    assert "did not write" in capsys.readouterr().err
    monkeypatch.delenv("JDM_EVIDENCE_SNAPSHOT")
    assert main(["snapshot", "--data", str(data)]) == 0
    assert "snapshot saved in" in capsys.readouterr().out


def test_an_unwritable_location_is_reported_and_the_records_still_load(write_records, record, monkeypatch):
    data = three_records(write_records, record)
    monkeypatch.setenv("JDM_EVIDENCE_SNAPSHOT", "/proc/jdm-evidence-snapshot")  # not writable, even for root
    loaded = load(data)
    assert not loaded.info.saved and loaded.info.reason and len(loaded.evidence.studies) == 2


def test_a_read_only_records_folder_keeps_its_snapshot_in_the_user_cache(write_records, record, tmp_path, monkeypatch):
    data = three_records(write_records, record)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = data / "studies"
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    loaded = load(data)
    assert loaded.info.saved and str(loaded.info.path).startswith(str(tmp_path / "cache"))
    assert not (folder / snapshot.FOLDER).exists()
