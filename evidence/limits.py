"""Every size limit on input, in one place: records, YAML structure, pasted abstracts, link values."""

from __future__ import annotations

MAX_RECORD_BYTES = 200_000  # one record file (the largest real record is about 12 kB)
MAX_YAML_DEPTH = 24  # nested mappings and lists in a record (real records nest 5 deep)
MAX_FIELD_CHARS = 10_000  # one text field of a record (notes are the longest, about 2,700 characters today)
MAX_ABSTRACT_CHARS = 200_000  # a pasted or uploaded abstract (an ACR page saved as text is about 8 kB)
MAX_LINK_TEXT = 200  # a free-text value taken from a page address (the text search)
MAX_LINK_VALUES = 20  # comma-separated values of one page-address parameter that are looked at
MAX_COMPARE = 4  # therapies compared side by side on the Compare page
MAX_SNAPSHOT_META_BYTES = 1_000_000  # the snapshot's meta.json
