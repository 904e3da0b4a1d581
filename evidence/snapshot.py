"""A snapshot of validated records (parquet), so the app starts in a second and only changed files are re-read.

The snapshot lives in `<records folder>/.snapshot/` (built at deploy time with `python -m evidence snapshot`), or,
when that folder cannot be written, in a per-user cache folder. It holds, per record file, its name, size, mtime,
content hash and either the validated record (JSON) or its problems; plus the evidence tables. On load, a file
whose name, size and mtime match is reused as it is; a file whose bytes still hash the same is reused too; only
the others are parsed and validated again. The snapshot is keyed by the code that validates and tabulates
records, so a schema or vocabulary change rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from evidence.errors import Problem
from evidence.records import LazyStrings, StudyCollection
from evidence.schema import Study
from evidence.store import SUFFIXES, LoadResult, cross_record_problems, parse_bytes, read_record, records_folder
from evidence.table import antibody_table, evidence_table, outcomes_table, safety_table, study_table
from evidence.view import Evidence

FOLDER = ".snapshot"
SEP = "\x1f"  # unit separator: joins the ids of a list cell (ids are slugs and never contain it)
_CODE = ("schema.py", "vocabulary.py", "table.py", "store.py", "snapshot.py", "records.py")
TABLES = ("arms", "outcomes", "safety", "study_rows", "antibodies")
LIST_COLUMNS = {
    "arms": ("therapy_ids", "antibodies_positive", "antibodies_reported", "outcome_domains", "same_cohort_as"),
    "outcomes": ("therapy_ids",),
    "study_rows": ("same_cohort_as",),
}


def code_version() -> str:
    """Hash of the modules that decide what a validated record and its table rows are."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class SnapshotInfo:
    """What a load did: where the snapshot is, how many files were reused or re-read, and whether it was saved."""

    path: Path | None
    reused: int
    reread: int
    saved: bool


def snapshot_dir(data_dir: Path | str) -> Path:
    """Where the snapshot of this data folder lives (JDM_EVIDENCE_SNAPSHOT overrides)."""
    configured = os.environ.get("JDM_EVIDENCE_SNAPSHOT", "").strip()
    if configured:
        return Path(configured)
    folder = records_folder(data_dir)
    own = folder / FOLDER
    if os.access(folder, os.W_OK) or own.exists():
        return own
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jdm-evidence" / key


def _read_files_table(path: Path) -> tuple[dict[str, dict], object]:
    """Per-file rows without their payloads (kept as one Arrow column, read lazily), or nothing if stale."""
    try:
        meta = json.loads((path / "meta.json").read_text())
        if meta.get("code") != code_version():
            return {}, None
        table = pq.read_table(path / "files.parquet")
    except (OSError, ValueError, pa.ArrowException):
        return {}, None
    columns = table.drop_columns(["payload"]).to_pydict()
    payloads = table.column("payload")
    names = columns["name"]
    rows = {}
    for i, name in enumerate(names):
        row = {key: values[i] for key, values in columns.items()}
        row["payload"] = i  # the row of the payload column
        rows[name] = row
    return rows, payloads


def _read_tables(path: Path) -> dict[str, pd.DataFrame] | None:
    try:
        tables = {name: pq.read_table(path / f"{name}.parquet").to_pandas() for name in TABLES}
    except (OSError, pa.ArrowException):
        return None
    for name, columns in LIST_COLUMNS.items():
        for column in columns:  # stored as one separator-joined string: far faster to read back than Arrow lists
            values = tables[name][column].to_numpy(dtype=object)
            tables[name][column] = pd.Series([tuple(v.split(SEP)) if v else () for v in values], dtype=object)
    return tables


def load_evidence(data_dir: Path | str, save: bool = True) -> tuple[Evidence, LoadResult, SnapshotInfo]:
    """The evidence of a data folder, from its snapshot where files are unchanged; the snapshot is refreshed."""
    folder = records_folder(data_dir)
    where = snapshot_dir(data_dir)
    old, old_payloads = _read_files_table(where)
    rows: list[dict] = []
    reused = reread = 0
    with os.scandir(folder) as scan:
        entries = sorted((e for e in scan if e.name.endswith(SUFFIXES)), key=lambda e: e.name)
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
            key = (st.st_size, st.st_mtime_ns, st.st_mode)
        except OSError:
            key = None
        prior = old.get(entry.name)
        if prior is not None and key is not None and (prior["size"], prior["mtime_ns"], prior["mode"]) == key:
            rows.append(prior)
            reused += 1
            continue
        path = folder / entry.name
        data, problem = read_record(path, folder)
        digest = hashlib.sha256(data).hexdigest() if data is not None else ""
        row = {"name": path.name, "size": key[0] if key else -1, "mtime_ns": key[1] if key else -1}
        row["mode"] = key[2] if key else -1
        if prior is not None and data is not None and prior["sha256"] == digest:
            rows.append({**prior, **row})
            reused += 1
            continue
        reread += 1
        row.update(sha256=digest, study_id=None, payload=None, same_cohort_as=[], problems="[]")
        if problem is not None:
            row["problems"] = json.dumps([problem.__dict__])
        else:
            study, found = parse_bytes(path.name, data or b"", path.stem)
            if study is not None:
                row.update(study_id=study.id, payload=study.model_dump_json(), same_cohort_as=study.same_cohort_as)
            row["problems"] = json.dumps([p.__dict__ for p in found])
        rows.append(row)
    evidence, result = _assemble(rows, old_payloads, where if reread == 0 and len(rows) == len(old) else None)
    saved = False
    if save and (reread or len(rows) != len(old)):
        saved = _save(where, rows, old_payloads, evidence)
    return evidence, result, SnapshotInfo(where, reused, reread, saved)


def _assemble(rows: list[dict], old_payloads: object, unchanged_from: Path | None) -> tuple[Evidence, LoadResult]:
    problems = [Problem(**p) for row in rows for p in json.loads(row["problems"])]
    light = [(row["name"], row) for row in rows if row["study_id"]]
    cross = cross_record_problems([(name, _Light(row)) for name, row in light])  # type: ignore[misc]
    problems.extend(cross)
    hidden = {p.file for p in cross if p.field == "id"}
    valid = sorted((row for name, row in light if name not in hidden), key=lambda r: r["study_id"])
    studies = StudyCollection([r["study_id"] for r in valid], LazyStrings(old_payloads, [r["payload"] for r in valid]))
    version = hashlib.sha256("".join(f"{r['name']}:{r['sha256']};" for r in rows).encode()).hexdigest()[:10]
    result = LoadResult(studies, tuple(sorted(problems)), version)
    tables = _read_tables(unchanged_from) if unchanged_from is not None else None
    if tables is None:
        tables = {
            "arms": evidence_table(studies),
            "outcomes": outcomes_table(studies),
            "safety": safety_table(studies),
            "study_rows": study_table(studies),
            "antibodies": antibody_table(studies),
        }
    evidence = Evidence(
        studies,
        tables["arms"],
        tables["outcomes"],
        tables["safety"],
        version,
        tables["study_rows"],
        tables["antibodies"],
    )
    return evidence, result


class _Light:
    """Just enough of a record for the cross-file rules (unique ids, same_cohort_as targets)."""

    def __init__(self, row: dict) -> None:
        self.id = row["study_id"]
        self.same_cohort_as = list(row["same_cohort_as"] or [])


def _save(where: Path, rows: list[dict], old_payloads: object, evidence: Evidence) -> bool:
    """Write the snapshot atomically (a new folder, then rename); False when the location is not writable."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=where.parent))
        schema = pa.schema(
            [
                ("name", pa.string()),
                ("size", pa.int64()),
                ("mtime_ns", pa.int64()),
                ("mode", pa.int64()),
                ("sha256", pa.string()),
                ("study_id", pa.string()),
                ("payload", pa.string()),
                ("same_cohort_as", pa.list_(pa.string())),
                ("problems", pa.string()),
            ]
        )
        payloads = LazyStrings(old_payloads, [r["payload"] if r["payload"] is not None else "" for r in rows])
        plain = [{**r, "payload": payloads[i] if r["payload"] is not None else None} for i, r in enumerate(rows)]
        pq.write_table(pa.Table.from_pylist(plain, schema=schema), tmp / "files.parquet")
        for name in TABLES:
            frame = getattr(evidence, name).reset_index(drop=True)
            for column in LIST_COLUMNS.get(name, ()):
                frame[column] = [SEP.join(v) for v in frame[column]]
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "meta.json").write_text(json.dumps({"code": code_version(), "version": evidence.version}))
        old = where.with_name(where.name + ".old")
        if where.exists():
            os.replace(where, old)
        os.replace(tmp, where)
        if old.exists():
            for child in old.iterdir():
                child.unlink()
            old.rmdir()
        return True
    except OSError:
        return False


def build_snapshot(data_dir: Path | str) -> SnapshotInfo:
    """Build or refresh the snapshot of a data folder (deploy step); returns what it did."""
    _, _, info = load_evidence(data_dir, save=True)
    return info


__all__ = ["SnapshotInfo", "Study", "build_snapshot", "load_evidence", "snapshot_dir"]
