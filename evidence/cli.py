"""Command line over the evidence package: validate records, export filtered views."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from evidence import report
from evidence.coverage import load_coverage
from evidence.curation_doc import rewrite
from evidence.errors import EvidenceError
from evidence.export import FORMATS, export, file_name, name_parts, studies_json
from evidence.filters import Filters, filters_from_args
from evidence.ingest.cli import ingest_main
from evidence.loader import build_snapshot, load
from evidence.logs import configure
from evidence.profile import add_cli_arguments as add_request_arguments
from evidence.profile import request_from_cli
from evidence.settings import REPOSITORY_DATA, data_dir
from evidence.synthesis.summary import synthesize
from evidence.view import Evidence


def _validate(args: argparse.Namespace) -> int:
    result = load(args.data).result
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"{len(result.problems)} problem(s); {len(result.studies)} valid studies", file=sys.stderr)
        return 1
    print(f"{len(result.studies)} valid studies (data version {result.version})")
    return 0


def _loaded(args: argparse.Namespace) -> Evidence:
    """The evidence of --data (the app's loader), naming every record that was left out."""
    loaded = load(args.data)
    for problem in loaded.result.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    return loaded.evidence


def _export(args: argparse.Namespace) -> int:
    view = _loaded(args).view(filters_from_args(args))
    if args.level == "study":
        if args.format != "json":
            raise EvidenceError("--level study is available for --format json only")
        payload = studies_json(view)
    else:
        payload = export(view, args.format)
    return _write(payload, args, file_name("jdm-evidence", name_parts(view.filters), args.format))


def _synthesize(args: argparse.Namespace) -> int:
    """The numbers the Compare page shows (proportions, harms, effects against a control), as JSON or CSV."""
    evidence = _loaded(args)
    query = parse_qs(urlsplit(args.link).query) if args.link else {}
    request = request_from_cli(args, {k: v[-1] for k, v in query.items()})
    view = evidence.view(filters_from_args(args))
    result = synthesize(view, request)
    if args.format == "json":
        payload = (json.dumps(result.to_records(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    elif args.format == "csv":
        payload = result.to_df().to_csv(index=False).encode("utf-8")
    else:
        payload = report.render(args.format, result, request, view.filters, view.version, dt.date.today())
    return _write(payload, args, report.file_name(request, view.filters, args.format, dt.date.today()))


def _write(payload: bytes, args: argparse.Namespace, suggested: str) -> int:
    """Write to --out, or standard output for text; binary formats need --out (the page's file name is suggested)."""
    if args.out:
        try:
            args.out.write_bytes(payload)
        except OSError as exc:
            raise EvidenceError(f"could not write {args.out}: {exc.strerror or exc}") from exc
        print(f"wrote {args.out}", file=sys.stderr)
    elif args.format == "xlsx":
        raise EvidenceError(f"xlsx is binary: give --out FILE (for example --out {suggested})")
    else:
        sys.stdout.write(payload.decode("utf-8"))
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    """Build or refresh the snapshot of validated records (a deploy step; the app starts from it)."""
    info = build_snapshot(args.data)
    print(f"{info.reused} record file(s) reused, {info.reread} read and validated", file=sys.stderr)
    if info.reason:
        print(f"error: snapshot {info.reason}", file=sys.stderr)
        return 1
    print(f"snapshot {'saved in' if info.saved else 'already up to date in'} {info.path}")
    return 0


def _docs(args: argparse.Namespace) -> int:
    result = load(args.data).result
    changed = rewrite(args.doc, result.studies, load_coverage(args.data))
    print(f"{args.doc}: {'updated' if changed else 'already up to date'} ({len(result.studies)} studies)")
    return 0


DATA_HELP = "records folder (default: $JDM_EVIDENCE_DATA, else the repository's data/)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evidence", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every record; exit 1 on any problem")
    validate.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    validate.set_defaults(func=_validate)

    exp = sub.add_parser("export", help="write the (filtered) evidence table")
    exp.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    exp.add_argument("--format", choices=FORMATS, default="csv")
    exp.add_argument("--level", choices=("arm", "study"), default="arm", help="study: full records as JSON")
    exp.add_argument("--out", type=Path, help="file to write (default: standard output)")
    Filters.add_cli_arguments(exp)
    exp.set_defaults(func=_export)

    syn = sub.add_parser("synthesize", help="pooled proportions, intervals and certainty (the Compare page's numbers)")
    syn.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    syn.add_argument(
        "--format",
        choices=("json", "csv", *report.FORMATS),
        default="json",
        help="json/csv: every group with its numbers; md/html/xlsx: the summary of findings as the page downloads it",
    )
    syn.add_argument("--out", type=Path, help="file to write (needed for xlsx; default: standard output)")
    add_request_arguments(syn)
    syn.add_argument("--population", dest="patient", help=argparse.SUPPRESS)  # the earlier name of --patient
    Filters.add_cli_arguments(syn)
    syn.set_defaults(func=_synthesize)

    ing = sub.add_parser("ingest", help="draft a study record from a pasted abstract (ACR/EULAR page or PubMed text)")
    ing.add_argument("file", type=Path, nargs="?", help="the abstract as a .txt file")
    ing.add_argument("--score", type=Path, metavar="DIR", help="score drafts of DIR's texts against DIR/expected.yaml")
    ing.add_argument(
        "--out", type=Path, help="where to write the draft, e.g. data/studies/ID.yaml (default DATA/drafts/ID.yaml)"
    )
    ing.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    ing.set_defaults(func=ingest_main)

    snap = sub.add_parser("snapshot", help="build the snapshot of validated records the app starts from")
    snap.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    snap.set_defaults(func=_snapshot)

    docs = sub.add_parser("docs", help="regenerate the study table in docs/curation.md from the data")
    docs.add_argument("--data", type=Path, default=None, help=DATA_HELP)
    docs.add_argument("--doc", type=Path, default=REPOSITORY_DATA.parent / "docs" / "curation.md")
    docs.set_defaults(func=_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure("WARNING")
    args = build_parser().parse_args(argv)
    if getattr(args, "data", None) is None:
        args.data = data_dir()
    try:
        return args.func(args)
    except EvidenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
