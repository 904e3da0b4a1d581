"""Where failures go: one logging setup for the app and the command line (standard error, one line each).

Modules log with logging.getLogger(__name__) under the "evidence" and "ui" names; JDM_EVIDENCE_LOG_LEVEL sets
the level (default INFO for the app, WARNING for the command line). Streamlit keeps standard error in the
server's console or service journal, which is where an operator looks.
"""

from __future__ import annotations

import logging
import os
import sys

NAMESPACES = ("evidence", "ui")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_HANDLER_NAME = "jdm-evidence"


def configure(default_level: str = "INFO") -> None:
    """Send the app's log records to standard error once (calling again changes nothing)."""
    level = os.environ.get("JDM_EVIDENCE_LOG_LEVEL", default_level).upper()
    for name in NAMESPACES:
        logger = logging.getLogger(name)
        if any(h.get_name() == _HANDLER_NAME for h in logger.handlers):
            continue
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
        logger.setLevel(getattr(logging, level, logging.INFO))
        logger.propagate = False
