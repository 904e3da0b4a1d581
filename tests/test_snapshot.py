"""The snapshot of validated records: same evidence as a plain load, only changed files re-read, never stale."""

from __future__ import annotations

import os

import pandas as pd
import yaml

from evidence import snapshot
from evidence.snapshot import load_evidence
from evidence.store import load_studies
from evidence.view import Evidence


def three_records(write_records, record):
    broken = dict(record, id="broken", n_total=2)
    return write_records({f"r{i}.yaml": dict(record, id=f"r{i}") for i in range(2)} | {"broken.yaml": broken})


def test_a_snapshot_load_gives_the_same_evidence_as_a_plain_load(write_records, record):
    data = three_records(write_records, record)
    first, result, info = load_evidence(data)
    assert (info.reused, info.reread, info.saved) == (0, 3, True)
    again, result2, info2 = load_evidence(data)
    assert (info2.reused, info2.reread, info2.saved) == (3, 0, False)
    plain = Evidence.from_result(load_studies(data))
    for evidence in (first, again):
        for name in ("arms", "outcomes", "safety", "study_rows", "antibodies"):
            pd.testing.assert_frame_equal(
                getattr(evidence, name).reset_index(drop=True),
                getattr(plain, name).reset_index(drop=True),
                check_dtype=False,
            )
        assert [s.model_dump() for s in evidence.studies] == [s.model_dump() for s in plain.studies]
    assert result2.problems == result.problems == load_studies(data).problems  # broken file named every time
    assert result2.version == result.version


def test_only_a_changed_file_is_read_again_and_its_new_value_shows(write_records, record):
    data = three_records(write_records, record)
    load_evidence(data)
    path = data / "studies" / "r1.yaml"
    path.write_text(yaml.safe_dump(dict(record, id="r1", title="A changed title for this record")))
    evidence, _, info = load_evidence(data)
    assert (info.reused, info.reread) == (2, 1)
    assert evidence.studies.get("r1").title == "A changed title for this record"
    assert evidence.study_rows.set_index("study_id").loc["r1", "title"] == "A changed title for this record"


def test_a_touched_but_unchanged_file_is_reused_by_its_content_hash(write_records, record):
    data = three_records(write_records, record)
    load_evidence(data)
    path = data / "studies" / "r0.yaml"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    _, _, info = load_evidence(data)
    assert (info.reused, info.reread) == (3, 0)


def test_a_removed_or_added_file_changes_the_evidence(write_records, record):
    data = three_records(write_records, record)
    load_evidence(data)
    (data / "studies" / "r0.yaml").unlink()
    (data / "studies" / "r9.yaml").write_text(yaml.safe_dump(dict(record, id="r9")))
    evidence, _, info = load_evidence(data)
    assert evidence.studies.ids == ["r1", "r9"] and info.reread == 1


def test_new_validation_code_rebuilds_every_record(write_records, record, monkeypatch):
    data = three_records(write_records, record)
    load_evidence(data)
    monkeypatch.setattr(snapshot, "code_version", lambda: "another-version")
    _, _, info = load_evidence(data)
    assert (info.reused, info.reread) == (0, 3)


def test_a_read_only_records_folder_keeps_its_snapshot_in_the_user_cache(write_records, record, tmp_path, monkeypatch):
    data = three_records(write_records, record)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = data / "studies"
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root can write anyway: the fallback cannot be observed here
            return
        evidence, _, info = load_evidence(data)
        assert info.saved and str(info.path).startswith(str(tmp_path / "cache"))
        assert len(evidence.studies) == 2
    finally:
        folder.chmod(0o755)
