"""Record files on disk: where they are, how one file is read and validated, and the rules across files.

Each file is read inside its own guard so one odd file never hides the rest: only regular files inside the records
folder are read (a link that leaves it, a folder, a pipe or a device is a named problem), each at most
limits.MAX_RECORD_BYTES, and its YAML is parsed with limits (evidence.yamlload). Loading every record into the
evidence, through the snapshot, is evidence.loader's job.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml
from pydantic import ValidationError

from evidence.cohorts import cohort_links
from evidence.errors import DataDirectoryMissing, Problem
from evidence.fsutil import NotRegularFile, TooLarge, describe_os_error, read_regular
from evidence.limits import MAX_RECORD_BYTES
from evidence.schema import Study
from evidence.yamlload import YamlLimitError, load_bounded, yaml_problem

ROOT = "(record)"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadResult:
    """Valid studies, in id order, plus the problems that kept other files out, and the data version."""

    studies: Sequence[Study]
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    version: str = ""

    @property
    def by_id(self) -> dict[str, Study]:
        return {s.id: s for s in self.studies}

    @property
    def problem_files(self) -> tuple[str, ...]:
        return tuple(sorted({p.file for p in self.problems}))


def records_folder(data_dir: Path | str) -> Path:
    """The folder holding record files: data_dir/studies when it exists, else data_dir itself."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirectoryMissing(
            f"The evidence data folder {str(data_dir)!r} does not exist. Set JDM_EVIDENCE_DATA to the folder that "
            "holds the study records (or its studies/ subfolder), or unset it to use the repository's data/."
        )
    return data_dir / "studies" if (data_dir / "studies").is_dir() else data_dir


def record_entries(folder: Path) -> list[os.DirEntry]:
    """Every entry named *.yaml or *.yml in the records folder (whatever kind of file it is), sorted by name."""
    with os.scandir(folder) as scan:
        return sorted((e for e in scan if e.name.endswith(SUFFIXES)), key=lambda e: e.name)


def file_key(entry: os.DirEntry) -> tuple[int, ...] | None:
    """What identifies one version of a file without reading it: size, mtime, inode, ctime and mode.

    ctime changes on every write and cannot be set back (unlike mtime), so an edit of the same size with its
    modification time restored is still seen. None when the entry vanished.
    """
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns, st.st_mode)


def data_stamp(data_dir: Path | str) -> str:
    """Cheap change detector (names and file keys; no file reads): the app's cache key for the records."""
    digest = hashlib.sha256()
    for entry in record_entries(records_folder(data_dir)):
        digest.update(f"{entry.name}:{file_key(entry)};".encode())
    return digest.hexdigest()[:16]


def read_record(path: Path, folder: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of one record file, or the reason it is not read (never raises, never blocks, never follows out)."""
    name = path.name
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return None, Problem(name, ROOT, "cannot be read: it is a broken link or was removed")
    if not inside:
        return None, Problem(name, ROOT, "is a link to a file outside the records folder; it is not read")
    try:
        return read_regular(real, MAX_RECORD_BYTES), None
    except NotRegularFile as exc:
        return None, Problem(name, ROOT, f"{exc.strerror}; only regular .yaml files are records")
    except TooLarge as exc:
        return None, Problem(name, ROOT, f"{exc.strerror}; a record may be at most {MAX_RECORD_BYTES:,} bytes")
    except OSError as exc:
        return None, Problem(name, ROOT, f"cannot be read: {describe_os_error(exc)}")


def parse_text(name: str, text: str) -> tuple[object, list[Problem]]:
    """YAML text of a record parsed with limits, or the problems (depth, aliases, syntax, a key written twice)."""
    try:
        return load_bounded(text), []
    except YamlLimitError as exc:
        return None, [Problem(name, ROOT, f"not read: the YAML {exc}")]
    except yaml.YAMLError as exc:
        where, reason = yaml_problem(exc)
        return None, [Problem(name, where, f"not valid YAML: {reason}")]
    except (RecursionError, MemoryError):
        return None, [Problem(name, ROOT, "not read: the YAML is too complex")]


def validate_record(name: str, raw: object, stem: str | None = None) -> tuple[Study | None, list[Problem]]:
    """A parsed record validated by the schema; on failure every problem found, at its field."""
    if not isinstance(raw, dict):
        return None, [Problem(name, ROOT, "a record must be a mapping of field names to values")]
    try:
        study = Study.model_validate(raw)
    except ValidationError as exc:
        return None, [validation_problem(name, err) for err in exc.errors()]
    except (RecursionError, TypeError, ValueError) as exc:
        return None, [Problem(name, ROOT, f"cannot be validated: {type(exc).__name__}")]
    if stem is not None and study.id != stem:
        return None, [Problem(name, "id", f"id {study.id!r} does not match the file name {stem!r}")]
    return study, []


def parse_bytes(name: str, data: bytes, stem: str | None = None) -> tuple[Study | None, list[Problem]]:
    """Decode, parse and validate one record's bytes; on failure return every problem found."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, ROOT, f"is not UTF-8 text (byte {exc.start})")]
    if "\x00" in text:
        return None, [Problem(name, ROOT, "is binary (it contains NUL bytes), not a YAML record")]
    raw, problems = parse_text(name, text)
    if problems:
        return None, problems
    return validate_record(name, raw, stem)


def parse_file(path: Path) -> tuple[Study | None, list[Problem]]:
    """Read, parse and validate one YAML record file."""
    data, problem = read_record(path, path.parent)
    if problem is not None:
        return None, [problem]
    return parse_bytes(path.name, data or b"", path.stem)


def validation_problem(name: str, err: dict) -> Problem:
    """One pydantic error as a Problem: field path and a short message."""
    loc = ".".join(str(part) for part in err["loc"]) or ROOT
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown field (not in the schema)"
    elif err["type"] == "missing":
        message = "required field is missing"
    return Problem(name, loc, message[:300])


class RecordKeys(Protocol):
    """What the rules across files read of a record (a Study, or a snapshot row holding the same keys)."""

    id: str
    same_cohort_as: Sequence[str]
    doi: str | None
    pmid: str | None
    title: str
    authors: Sequence[str]
    year: int


def title_key(study: RecordKeys) -> str | None:
    """Folded title, first author and year: two records with the same key report the same publication."""
    if not study.authors:
        return None
    text = unicodedata.normalize("NFKD", f"{study.title} {study.authors[0]} {study.year}")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def cross_record_problems(studies: Iterable[tuple[str, RecordKeys]]) -> list[Problem]:
    """Rules across files; each problem names the file that is left out of every table, pool and page.

    Ids are unique (a later file with a used id is left out); every same_cohort_as target exists (a record whose
    link points nowhere is left out); two records with the same DOI, PMID, or title, first author and year are
    linked as one cohort (otherwise the later file is left out: its patients would count twice).
    """

    items = list(studies)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for name, study in items:
        if study.id in seen:
            problems.append(Problem(name, "id", f"id {study.id!r} is also used by {seen[study.id]}"))
        seen.setdefault(study.id, name)
    kept = [(name, s) for name, s in items if seen[s.id] == name]
    dangling = set()
    for name, study in kept:
        for i, other in enumerate(study.same_cohort_as):
            if other not in seen:
                problems.append(Problem(name, f"same_cohort_as.{i}", f"refers to unknown study id {other!r}"))
                dangling.add(name)
    kept = [(name, s) for name, s in kept if name not in dangling]
    cohorts = cohort_links((s.id, s.same_cohort_as) for _, s in kept)
    owners: dict[tuple[str, str], tuple[str, str]] = {}
    for name, study in kept:
        keys = [("DOI", study.doi), ("PMID", study.pmid), ("title, first author and year", title_key(study))]
        for kind, value in keys:
            if not value:
                continue
            key = (kind, value.casefold())
            if key in owners and cohorts[owners[key][1]] != cohorts[study.id]:
                other_name, other_id = owners[key]
                problems.append(
                    Problem(
                        name,
                        kind.split(",")[0].lower(),
                        f"same {kind} as {other_id} ({other_name}) without a same_cohort_as link: the same "
                        "patients would count twice; link the two records or remove one",
                    )
                )
                break
            owners.setdefault(key, (name, study.id))
    return problems


def excluded_files(problems: Iterable[Problem]) -> set[str]:
    """Files a cross-record problem leaves out (every other file's problems are its own validation failures)."""
    return {p.file for p in problems}
