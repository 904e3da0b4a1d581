"""What the evidence base covers: the sources searched, the last search date, and reports found but not
recorded with the reason (data/coverage.yaml). Shown on the Overview page and in docs/curation.md."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from pydantic import Field, ValidationError

from evidence.fsutil import read_regular
from evidence.limits import MAX_RECORD_BYTES
from evidence.schema import Strict
from evidence.yamlload import YamlLimitError, load_bounded

log = logging.getLogger(__name__)
FILE = "coverage.yaml"


class Gap(Strict):
    """A report found but not recorded, and why."""

    report: str = Field(min_length=3)
    reason: str = Field(min_length=3)


class Coverage(Strict):
    last_search: dt.date
    sources: list[str] = Field(min_length=1)
    method: str = Field(min_length=10)
    gaps: list[Gap] = Field(default_factory=list)


def load_coverage(data_dir: Path | str) -> Coverage | None:
    """The coverage statement beside the records folder (data_dir/coverage.yaml), or None when there is none or
    it cannot be read (logged)."""
    path = Path(data_dir) / FILE
    if not (Path(data_dir) / "studies").is_dir() or not path.exists():
        return None
    try:
        raw = load_bounded(read_regular(path, MAX_RECORD_BYTES).decode("utf-8"))
        return Coverage.model_validate(raw, strict=False)
    except (OSError, UnicodeDecodeError, YamlLimitError, ValueError, ValidationError) as exc:
        log.warning("Coverage statement %s not used: %s", path, str(exc).splitlines()[0])
        return None
