"""Load every study record; each file is read inside its own guard so one odd file never hides the rest.

Only regular files inside the records folder are read (a symlink that leaves it, a directory, a pipe or a device
is a named problem), each at most MAX_RECORD_BYTES; a key written twice in one file is an error naming both lines.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from evidence.errors import DataDirectoryMissing, Problem
from evidence.records import StudyCollection
from evidence.schema import Study
from evidence.settings import REPOSITORY_DATA

DEFAULT_DATA_DIR = REPOSITORY_DATA
ROOT = "(record)"
MAX_RECORD_BYTES = 200_000  # the largest real record is about 10 kB
SUFFIXES = (".yaml", ".yml")
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster parsing


class _UniqueKeyLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe YAML loader that refuses a mapping key written twice (YAML would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} is written twice (lines {seen[key]} and {line})", key_node.start_mark
                    )
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _UniqueKeyLoader.construct_mapping)


@dataclass(frozen=True)
class LoadResult:
    """Valid studies, in id order, plus the problems that kept other files out."""

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


def study_files(data_dir: Path | str) -> list[Path]:
    """Every entry named *.yaml or *.yml in the records folder (whatever kind of file it is), sorted by name."""
    folder = records_folder(data_dir)
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if e.name.endswith(SUFFIXES))
    return [folder / name for name in names]


def data_stamp(data_dir: Path | str = DEFAULT_DATA_DIR) -> str:
    """Cheap change detector (names, sizes, mtimes; no file reads) used as a cache key by the app."""
    digest = hashlib.sha256()
    with os.scandir(records_folder(data_dir)) as scan:
        entries = sorted((e for e in scan if e.name.endswith(SUFFIXES)), key=lambda e: e.name)
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
            digest.update(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}:{st.st_mode};".encode())
        except OSError:
            digest.update(f"{entry.name}:gone;".encode())
    return digest.hexdigest()[:16]


def read_record(path: Path, folder: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of one record file, or the reason it is not read (never raises, never blocks, never follows out)."""
    name = path.name
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, Problem(name, ROOT, "cannot be read: it is a broken link or was removed")
    try:
        inside = real.is_relative_to(folder.resolve())
        st = real.stat()
    except OSError as exc:
        return None, Problem(name, ROOT, f"cannot be read: {exc.strerror or exc}")
    if not inside:
        return None, Problem(name, ROOT, "is a link to a file outside the records folder; it is not read")
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (pipe, device or socket)"
        return None, Problem(name, ROOT, f"is {kind}; only regular .yaml files are records")
    if st.st_size > MAX_RECORD_BYTES:
        return None, Problem(name, ROOT, f"is {st.st_size:,} bytes; a record may be at most {MAX_RECORD_BYTES:,}")
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        return None, Problem(name, ROOT, f"cannot be read: {exc.strerror or exc}")
    if len(data) > MAX_RECORD_BYTES:
        return None, Problem(name, ROOT, f"is larger than {MAX_RECORD_BYTES:,} bytes; it is not read")
    return data, None


def parse_bytes(name: str, data: bytes, stem: str | None = None) -> tuple[Study | None, list[Problem]]:
    """Parse and validate one record's bytes; on failure return every problem found."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, ROOT, f"is not UTF-8 text (byte {exc.start})")]
    if "\x00" in text:
        return None, [Problem(name, ROOT, "is binary (it contains NUL bytes), not a YAML record")]
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ROOT
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(name, where, f"not valid YAML: {reason}")]
    except RecursionError:
        return None, [Problem(name, ROOT, "not valid YAML: nested too deeply")]
    if not isinstance(raw, dict):
        return None, [Problem(name, ROOT, "a record must be a mapping of field names to values")]
    try:
        study = Study.model_validate(raw)
    except ValidationError as exc:
        return None, [_problem(name, err) for err in exc.errors()]
    except (RecursionError, TypeError, ValueError) as exc:
        return None, [Problem(name, ROOT, f"cannot be validated: {type(exc).__name__}")]
    if stem is not None and study.id != stem:
        return None, [Problem(name, "id", f"id {study.id!r} does not match the file name {stem!r}")]
    return study, []


def parse_file(path: Path) -> tuple[Study | None, list[Problem]]:
    """Read, parse and validate one YAML record file."""
    data, problem = read_record(path, path.parent)
    if problem is not None:
        return None, [problem]
    return parse_bytes(path.name, data or b"", path.stem)


def _problem(name: str, err: dict) -> Problem:
    loc = ".".join(str(part) for part in err["loc"]) or ROOT
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown field (not in the schema)"
    elif err["type"] == "missing":
        message = "required field is missing"
    return Problem(name, loc, message[:300])


def cross_record_problems(studies: list[tuple[str, Study]]) -> list[Problem]:
    """Rules across files: unique ids and same_cohort_as references that exist."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for name, study in studies:
        if study.id in seen:
            problems.append(Problem(name, "id", f"id {study.id!r} is also used by {seen[study.id]}"))
        seen.setdefault(study.id, name)
    for name, study in studies:
        for i, other in enumerate(study.same_cohort_as):
            if other not in seen:
                problems.append(Problem(name, f"same_cohort_as.{i}", f"refers to unknown study id {other!r}"))
    return problems


def load_studies(data_dir: Path | str = DEFAULT_DATA_DIR) -> LoadResult:
    """Load all records under data_dir; invalid or unreadable ones become problems, the rest load."""
    folder = records_folder(data_dir)
    parsed: list[tuple[str, Study]] = []
    problems: list[Problem] = []
    digest = hashlib.sha256()
    for path in study_files(data_dir):
        data, problem = read_record(path, folder)
        digest.update(path.name.encode() + b"\0" + (data if data is not None else b"<unread>") + b"\0")
        if problem is not None:
            problems.append(problem)
            continue
        study, found = parse_bytes(path.name, data or b"", path.stem)
        problems.extend(found)
        if study is not None:
            parsed.append((path.name, study))
    cross = cross_record_problems(parsed)
    problems.extend(cross)
    # A duplicate id hides the later file; a dangling same_cohort_as link is reported but the study stays.
    hidden = {p.file for p in cross if p.field == "id"}
    valid = [s for name, s in parsed if name not in hidden]
    return LoadResult(StudyCollection.of(valid), tuple(sorted(problems)), digest.hexdigest()[:10])
