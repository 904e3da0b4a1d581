"""The one loader: every record file of a data folder into the evidence, through the snapshot, with one data
version. The command line and the app both load here, so they show the same studies, problems and version.

A file whose key (size, mtime, inode, ctime, mode) matches the snapshot's row is reused as it is; a file whose
bytes still hash the same is reused too; only the others are parsed and validated again. The data version is a
hash of every record file's name and content hash. The snapshot is refreshed when something changed and the
caller allows it (it writes only where it may; see evidence.snapshot).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from evidence import snapshot
from evidence.errors import Problem
from evidence.records import LazyStrings, StudyCollection
from evidence.store import (
    LoadResult,
    cross_record_problems,
    excluded_files,
    file_key,
    parse_bytes,
    read_record,
    record_entries,
    records_folder,
)
from evidence.study_tables import antibody_table, study_table
from evidence.table import evidence_table, outcomes_table, safety_table
from evidence.view import Evidence

log = logging.getLogger(__name__)

SEP = "\x1f"  # unit separator: joins the ids of a list cell (ids are slugs and never contain it)
KEY = ("size", "mtime_ns", "ino", "ctime_ns", "mode")
FILE_SCHEMA = pa.schema(
    [
        *((k, pa.int64()) for k in KEY),
        ("name", pa.string()),
        ("sha256", pa.string()),
        ("study_id", pa.string()),
        ("payload", pa.string()),
        ("problems", pa.string()),
        ("same_cohort_as", pa.string()),
        ("doi", pa.string()),
        ("pmid", pa.string()),
        ("title", pa.string()),
        ("first_author", pa.string()),
        ("year", pa.int64()),
    ]
)
EVIDENCE_TABLES = ("arms", "outcomes", "safety", "study_rows", "antibodies")
LIST_COLUMNS = {
    "arms": ("therapy_ids", "antibodies_positive", "antibodies_reported", "outcome_domains", "same_cohort_as"),
    "outcomes": ("therapy_ids",),
    "study_rows": ("same_cohort_as",),
}


@dataclass(frozen=True)
class SnapshotInfo:
    """What a load did: where the snapshot is, files reused or re-read, whether it was saved, and why not."""

    path: Path
    reused: int
    reread: int
    saved: bool
    reason: str | None = None


@dataclass(frozen=True)
class Loaded:
    """The evidence of a data folder, the load result (valid studies, problems, version) and the snapshot info."""

    evidence: Evidence
    result: LoadResult
    info: SnapshotInfo


class _Keys:
    """The fields of a file row that the rules across files read (see evidence.store.RecordKeys)."""

    def __init__(self, row: dict) -> None:
        self.id = row["study_id"]
        self.same_cohort_as = [s for s in (row["same_cohort_as"] or "").split(SEP) if s]
        self.doi, self.pmid, self.title, self.year = row["doi"], row["pmid"], row["title"], row["year"]
        self.authors = [row["first_author"]] if row["first_author"] else []


def data_version(rows: list[dict]) -> str:
    """The data version: a hash of every record file's name and content hash (the CLI and the app agree)."""
    return hashlib.sha256("".join(f"{r['name']}:{r['sha256']};" for r in rows).encode()).hexdigest()[:10]


def _parsed_row(name: str, key: tuple[int, ...] | None, data: bytes | None, problem: Problem | None) -> dict:
    row = dict(zip(KEY, key or (-1,) * len(KEY), strict=True), name=name)
    row.update(sha256=hashlib.sha256(data).hexdigest() if data is not None else "", problems="[]")
    row.update(study_id=None, payload=None, same_cohort_as="", doi=None, pmid=None, title=None, first_author=None)
    row["year"] = None
    if problem is not None:
        row["problems"] = json.dumps([problem.__dict__])
        return row
    study, found = parse_bytes(name, data or b"", Path(name).stem)
    row["problems"] = json.dumps([p.__dict__ for p in found])
    if study is not None:
        row.update(study_id=study.id, payload=study.model_dump_json(), same_cohort_as=SEP.join(study.same_cohort_as))
        row.update(doi=study.doi, pmid=study.pmid, title=study.title, year=study.year)
        row["first_author"] = study.authors[0] if study.authors else None
    return row


def _old_rows(cached: snapshot.Cached | None) -> tuple[dict[str, dict], object]:
    if cached is None:
        return {}, None
    try:
        table = cached.table("files")
        columns = table.drop_columns(["payload"]).to_pydict()
    except (OSError, ValueError, KeyError, pa.ArrowException, snapshot.SnapshotUnusable) as exc:
        log.warning("Snapshot file table not used (%s); the records are read again", exc)
        return {}, None
    rows = {}
    for i, name in enumerate(columns["name"]):
        row = {k: v[i] for k, v in columns.items()}
        row["payload"] = i  # a row of the payload column, decoded only when the study is needed
        rows[name] = row
    return rows, table.column("payload")


def load(data_dir: Path | str, *, save: bool = True, wait: float = 0.0) -> Loaded:
    """Load every record of data_dir into the evidence; refresh the snapshot when something changed and save."""
    folder = records_folder(data_dir)
    where = snapshot.snapshot_dir(data_dir)
    cached = snapshot.read(where)
    old, payloads = _old_rows(cached)
    rows, reused, reread = [], 0, 0
    for entry in record_entries(folder):
        key = file_key(entry)
        prior = old.get(entry.name)
        if prior is not None and key is not None and tuple(prior[k] for k in KEY) == key:
            rows.append(prior)
            reused += 1
            continue
        data, problem = read_record(folder / entry.name, folder)
        row = _parsed_row(entry.name, key, data, problem)
        if prior is not None and data is not None and prior["sha256"] == row["sha256"]:
            rows.append({**prior, **{k: row[k] for k in KEY}})
            reused += 1
        else:
            rows.append(row)
            reread += 1
    changed = reread > 0 or len(rows) != len(old)
    version = data_version(rows)
    evidence, result = _assemble(rows, payloads, version, None if changed else cached)
    outcome = snapshot.SaveOutcome(False)
    if save and (changed or cached is None):
        outcome = snapshot.write(where, version, _tables_for_save(rows, payloads, evidence), wait)
    return Loaded(evidence, result, SnapshotInfo(where, reused, reread, outcome.saved, outcome.reason))


def _assemble(
    rows: list[dict], payloads: object, version: str, unchanged: snapshot.Cached | None
) -> tuple[Evidence, LoadResult]:
    problems = [Problem(**p) for row in rows for p in json.loads(row["problems"])]
    light = [(row["name"], row) for row in rows if row["study_id"]]
    cross = cross_record_problems((name, _Keys(row)) for name, row in light)
    problems.extend(cross)
    hidden = excluded_files(cross)
    valid = sorted((row for name, row in light if name not in hidden), key=lambda r: r["study_id"])
    studies = StudyCollection([r["study_id"] for r in valid], LazyStrings(payloads, [r["payload"] for r in valid]))
    result = LoadResult(studies, tuple(sorted(problems)), version)
    tables = _cached_tables(unchanged) if unchanged is not None else None
    if tables is None:
        tables = {
            "arms": evidence_table(studies),
            "outcomes": outcomes_table(studies),
            "safety": safety_table(studies),
            "study_rows": study_table(studies),
            "antibodies": antibody_table(studies),
        }
    evidence = Evidence(studies=studies, version=version, **tables)
    return evidence, result


def _cached_tables(cached: snapshot.Cached) -> dict[str, pd.DataFrame] | None:
    try:
        tables = {name: cached.table(name).to_pandas() for name in EVIDENCE_TABLES}
    except (OSError, ValueError, pa.ArrowException, snapshot.SnapshotUnusable) as exc:
        log.warning("Snapshot tables not used (%s); they are built from the records", exc)
        return None
    for name, columns in LIST_COLUMNS.items():
        for column in columns:  # stored as one separator-joined string: far faster to read back than Arrow lists
            values = tables[name][column].to_numpy(dtype=object)
            tables[name][column] = pd.Series([tuple(v.split(SEP)) if v else () for v in values], dtype=object)
    return tables


def _tables_for_save(rows: list[dict], payloads: object, evidence: Evidence) -> dict:
    """The snapshot's tables, built only when a save goes ahead (callables)."""

    def files() -> pa.Table:
        texts = LazyStrings(payloads, [r["payload"] if r["payload"] is not None else "" for r in rows])
        plain = [{**r, "payload": texts[i] if r["payload"] is not None else None} for i, r in enumerate(rows)]
        return pa.Table.from_pylist(plain, schema=FILE_SCHEMA)

    def frame(name: str):
        def build() -> pa.Table:
            table = getattr(evidence, name).reset_index(drop=True)
            for column in LIST_COLUMNS.get(name, ()):
                table[column] = [SEP.join(v) for v in table[column]]
            return pa.Table.from_pandas(table, preserve_index=False)

        return build

    return {"files": files, **{name: frame(name) for name in EVIDENCE_TABLES}}


def load_studies(data_dir: Path | str) -> LoadResult:
    """The valid studies, problems and data version of a data folder (through the snapshot, saving where allowed)."""
    return load(data_dir).result


def build_snapshot(data_dir: Path | str, wait: float = 60.0) -> SnapshotInfo:
    """Build or refresh the snapshot of a data folder (a deploy step): waits for another save, reports failure."""
    return load(data_dir, save=True, wait=wait).info
