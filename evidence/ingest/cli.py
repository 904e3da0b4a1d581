"""`python -m evidence ingest FILE [--out data/studies/ID.yaml]`: draft a record from an abstract file (the id is
the --out name in lower case).
`python -m evidence ingest --score DIR`: score the drafts of DIR's texts against DIR/expected.yaml (score.py).

Exit codes: 0 the draft was written and already validates; 1 it was written and the curator must complete it
(the problems are printed); 2 nothing was written (unreadable file, no abstract, file exists, bad path).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from evidence.errors import EvidenceError
from evidence.ingest.draft import Draft
from evidence.ingest.duplicates import find_duplicates
from evidence.ingest.parse import parse_abstract
from evidence.ingest.save import record_problems, save_record
from evidence.ingest.score import score_command
from evidence.ingest.text import IngestError, read_abstract
from evidence.loader import load

_SHOWN = 90
DRAFTS = "drafts"  # beside the records folder, so an incomplete draft never breaks validation


def ingest_main(args: argparse.Namespace) -> int:
    """The `ingest` subcommand: score a folder (--score DIR) or draft one file."""
    if args.score is not None:
        return score_command(args.score)
    if args.file is None:
        print("error: give an abstract FILE (or --score DIR)", file=sys.stderr)
        return 2
    return ingest_command(args.file, args.out, args.data)


def ingest_command(path: Path, out: Path | None, data_dir: Path) -> int:
    """Parse the abstract at path, write the draft YAML (to out, or <data>/drafts/<id>.yaml)
    without overwriting anything, and print where each value came from, what is left, duplicates and problems."""
    try:
        draft = parse_abstract(read_abstract(path))
    except IngestError as exc:
        print(f"error: {Path(path).name}: {exc}", file=sys.stderr)
        return 2
    studies = []
    try:
        studies = list(load(data_dir, save=False).result.studies)  # reads only: nothing is written on error
    except EvidenceError as exc:
        if out is None:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"warning: duplicates not checked: {exc}", file=sys.stderr)
    record = dict(draft.record)
    try:
        if out is not None:
            out = Path(out)
            if out.suffix != ".yaml":
                raise IngestError(f"--out must name a .yaml file (records are <id>.yaml), not {out.name!r}", "bad_id")
            folder, record["id"] = out.parent, out.stem.lower()  # ids are slugs: 'Smith-2020.yaml' -> smith-2020
        else:  # a draft is incomplete: it waits in drafts/ until a curator moves it into the records folder
            folder = Path(data_dir) / DRAFTS
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise IngestError(f"cannot create {folder}: {exc.strerror or exc}", "io") from exc
            record["id"] = record.get("id") or "draft-" + hashlib.sha256(draft.text.encode()).hexdigest()[:8]
        header = (
            f"Draft from {Path(path).name} ({draft.format_label}) made by `python -m evidence ingest`. "
            "Check every value against the source; delete this comment when the record is complete."
        )
        written = save_record(record, folder, overwrite=False, require_valid=False, header=header)
    except (IngestError, EvidenceError) as exc:
        print(f"error: nothing written: {exc}", file=sys.stderr)
        return 2
    problems = record_problems(record, written.name)
    _report(draft, written, studies, problems)
    return 1 if problems else 0


def _report(draft: Draft, written: Path, studies: list, problems: list) -> None:
    print(f"Read {draft.format_label}; wrote {written} ({len(draft.sources)} values from the text, "
          f"{len(draft.to_fill)} to fill in).")  # fmt: skip
    print("\nFrom the text (confidence, quoted source):")
    for field, where in draft.sources.items():
        quote = " ".join(where.snippet.split())
        quote = quote if len(quote) <= _SHOWN else quote[: _SHOWN - 3] + "..."
        note = f"  [{where.note}]" if where.note else ""
        print(f'  {field}: {where.confidence:.2f} "{quote}"{note}')
    print("\nTo fill in:")
    groups: dict[str, list[str]] = {}
    for item in draft.to_fill:
        parts = item.split(".")
        head = ".".join(parts[:2]) if parts[0] in {"arms", "outcomes"} and len(parts) > 2 else ""
        groups.setdefault(head, []).append(item[len(head) + 1 :] if head else item)
    for head, items in groups.items():
        print(f"  {head + ': ' if head else ''}{', '.join(items)}")
    if draft.hints:
        print("\nAlso found (no record field; for the curator):")
        for name, items in draft.hints.items():
            shown = "; ".join(" ".join(str(i.snippet).split())[:60] for i in items[:4])
            print(f"  {name}: {shown}")
    matches = find_duplicates(dict(draft.record, id=written.stem), studies)
    if matches:
        print("\nPossible duplicates (link with same_cohort_as if they report the same patients):")
        for match in matches[:10]:
            print(f"  {'LIKELY ' if match.strong else ''}{match}")
    print(f"\nBefore it validates ({len(problems)} problem(s)):" if problems else "\nThe draft validates.")
    for problem in problems:
        print(f"  {problem}")
