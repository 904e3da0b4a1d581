"""Load every study record; collect problems per file so one broken file never hides the rest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from evidence.errors import DataDirectoryMissing, Problem
from evidence.schema import Study

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ROOT = "(record)"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster parsing


@dataclass(frozen=True)
class LoadResult:
    """Valid studies, in id order, plus the problems that kept other files out."""

    studies: tuple[Study, ...]
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    version: str = ""

    @property
    def by_id(self) -> dict[str, Study]:
        return {s.id: s for s in self.studies}


def study_files(data_dir: Path) -> list[Path]:
    """The record files of a data directory (its studies/ folder, or the folder itself)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirectoryMissing(f"data directory not found: {data_dir}")
    folder = data_dir / "studies" if (data_dir / "studies").is_dir() else data_dir
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})


def data_stamp(data_dir: Path | str = DEFAULT_DATA_DIR) -> str:
    """Cheap change detector (names, sizes, mtimes; no file reads) used as a cache key by the app."""
    digest = hashlib.sha256()
    for path in study_files(Path(data_dir)):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def data_version(files: list[Path]) -> str:
    """Short content hash of the record files, shown in the app and in exports."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def parse_file(path: Path) -> tuple[Study | None, list[Problem]]:
    """Parse and validate one YAML record; on failure return every problem found."""
    name = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ROOT
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(name, where, f"not valid YAML: {reason}")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, ROOT, f"cannot be read: {exc}")]
    if not isinstance(raw, dict):
        return None, [Problem(name, ROOT, "a record must be a mapping of field names to values")]
    try:
        study = Study.model_validate(raw)
    except ValidationError as exc:
        return None, [_problem(name, err) for err in exc.errors()]
    if study.id != path.stem:
        return None, [Problem(name, "id", f"id {study.id!r} does not match the file name {path.stem!r}")]
    return study, []


def _problem(name: str, err: dict) -> Problem:
    loc = ".".join(str(part) for part in err["loc"]) or ROOT
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown field (not in the schema)"
    elif err["type"] == "missing":
        message = "required field is missing"
    return Problem(name, loc, message)


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
    """Load all records under data_dir; invalid ones become problems, the rest load."""
    files = study_files(Path(data_dir))
    parsed: list[tuple[str, Study]] = []
    problems: list[Problem] = []
    for path in files:
        study, found = parse_file(path)
        problems.extend(found)
        if study is not None:
            parsed.append((path.name, study))
    cross = cross_record_problems(parsed)
    problems.extend(cross)
    # A duplicate id hides the later file; a dangling same_cohort_as link is reported but the study stays.
    hidden = {p.file for p in cross if p.field == "id"}
    valid = sorted((s for name, s in parsed if name not in hidden), key=lambda s: s.id)
    return LoadResult(tuple(valid), tuple(sorted(problems)), data_version(files))
