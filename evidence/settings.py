"""Where the records live: one setting read by the app and the command line alike."""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY_DATA = Path(__file__).resolve().parent.parent / "data"
ENV_VAR = "JDM_EVIDENCE_DATA"


def data_dir() -> Path:
    """JDM_EVIDENCE_DATA when set (deployments, tests), else the repository's data/ folder."""
    configured = os.environ.get(ENV_VAR, "").strip()
    return Path(configured) if configured else REPOSITORY_DATA
