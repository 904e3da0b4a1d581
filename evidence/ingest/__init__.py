"""Add a study from its abstract: parse the text into a draft record, find duplicates, save it safely.

    draft = parse_abstract(read_abstract(path))  # record + sources (span, confidence) + to_fill + hints
    matches = find_duplicates(draft, load_studies(data_dir).studies)
    path = save_record(draft.record, records_folder(data_dir), require_valid=False)

The command line handler is evidence.ingest.cli.ingest_command.
"""

from evidence.ingest.draft import Draft, Found
from evidence.ingest.duplicates import TITLE_THRESHOLD, DuplicateMatch, Reason, find_duplicates
from evidence.ingest.parse import detect_format, parse_abstract
from evidence.ingest.save import dump_record, record_problems, save_record
from evidence.ingest.text import MAX_BYTES, IngestError, read_abstract

__all__ = [
    "MAX_BYTES",
    "TITLE_THRESHOLD",
    "Draft",
    "DuplicateMatch",
    "Found",
    "IngestError",
    "Reason",
    "detect_format",
    "dump_record",
    "find_duplicates",
    "parse_abstract",
    "read_abstract",
    "record_problems",
    "save_record",
]
