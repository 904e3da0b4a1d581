"""Command line: validate records and export the evidence table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evidence.errors import EvidenceError
from evidence.store import DEFAULT_DATA_DIR, load_studies


def _validate(args: argparse.Namespace) -> int:
    result = load_studies(args.data)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"{len(result.problems)} problem(s); {len(result.studies)} valid studies", file=sys.stderr)
        return 1
    print(f"{len(result.studies)} valid studies (data version {result.version})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evidence", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every record; exit 1 on any problem")
    validate.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    validate.set_defaults(func=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except EvidenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
