"""Deployment settings read by the app and the command line alike: where the records live, and whether the
browser may write them."""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY_DATA = Path(__file__).resolve().parent.parent / "data"
ENV_VAR = "JDM_EVIDENCE_DATA"
ALLOW_SAVE_VAR = "JDM_EVIDENCE_ALLOW_SAVE"


def data_dir() -> Path:
    """JDM_EVIDENCE_DATA when set (deployments, tests), else the repository's data/ folder."""
    configured = os.environ.get(ENV_VAR, "").strip()
    return Path(configured) if configured else REPOSITORY_DATA


def saving_allowed() -> bool:
    """True only when the deployment sets JDM_EVIDENCE_ALLOW_SAVE=1: the add-study page may then save new records.

    Off by default, so nobody who can reach the server can add records; overwriting is never offered in the
    browser whatever this says.
    """
    return os.environ.get(ALLOW_SAVE_VAR, "").strip().lower() in {"1", "true", "yes"}
