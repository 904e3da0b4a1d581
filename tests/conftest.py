"""Shared fixtures: paths, the real data, and a minimal valid record to mutate."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from evidence.loader import load
from evidence.view import Evidence

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = FIXTURES / "broken"


@pytest.fixture(scope="session")
def _loaded():
    return load(ROOT / "data")


@pytest.fixture(scope="session")
def data_result(_loaded):
    return _loaded.result


@pytest.fixture(scope="session")
def evidence(_loaded) -> Evidence:
    return _loaded.evidence


@pytest.fixture(scope="session")
def _minimal() -> dict:
    return yaml.safe_load((FIXTURES / "valid_minimal.yaml").read_text())


@pytest.fixture
def record(_minimal) -> dict:
    """A fresh deep copy of a valid record that a test may change."""
    return copy.deepcopy(_minimal)


@pytest.fixture
def write_records(tmp_path):
    """Write {file name: dict or raw text} into a temporary data/studies folder and return the data dir."""

    def _write(files: dict[str, dict | str]) -> Path:
        studies = tmp_path / "data" / "studies"
        studies.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
            (studies / name).write_text(text, encoding="utf-8")
        return tmp_path / "data"

    return _write
