"""Score drafts against hand-checked expected facts: `python -m evidence ingest --score DIR`.

DIR holds abstract texts and an `expected.yaml` (a list of entries with `file` and the facts the text shows).
How each fact is scored:

- Scalars (title, first author surname, year, abstract number, n_total, design, age group, industry ties): one
  fact per key present in the entry. A value is right when the draft holds the same value (titles and surnames
  compared after folding case, whitespace and a trailing period). An expected null means "not shown: should not be
  invented": right when the draft leaves the field empty, wrong when it fills one. A key left out (e.g. design
  when the text does not say) is not scored.
- Therapies: each expected therapy is a fact, right when the draft lists it (in an arm, among prior failed
  therapies, or as a background therapy; placebo, usual care and non-drug treatments are left out as expected.yaml
  leaves them out). Names are compared through the vocabulary: brands and synonyms resolve
  to the same id, and a class word ("JAK inhibitors") equals its "drug not specified" id. A drafted therapy that
  no expected name matches is counted as extra.
- Arms: each expected arm (label -> n) is a fact, right when a drafted arm has that n and the therapies its
  label names (a class word covers the drugs of its class; a label naming no vocabulary term, e.g. "conventional
  therapy", matches on n alone).
- Outcomes: each expected outcome is a fact, right when a drafted outcome has the same responders and evaluable.
  The measure wording is free text and is not compared. Drafted outcomes with counts that match nothing are extra.

Extras are wrong facts that no expected fact asked for; they are reported beside the total (precision matters
more than recall: a wrong fact is worse than a missing one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evidence import vocabulary as vocab
from evidence.ingest.draft import Draft
from evidence.ingest.parse import parse_abstract
from evidence.ingest.terms import CLASS, CONTROL, THERAPY, scan
from evidence.ingest.text import IngestError, read_abstract, uniform

FIELDS = (
    "title",
    "first_author",
    "year",
    "abstract_number",
    "n_total",
    "arms",
    "therapies",
    "design",
    "age_group",
    "outcomes",
    "industry_ties",
)
# expected.yaml lists drugs only: placebo, usual care, transplants, cell therapy and plasma exchange are not scored.
_NOT_DRUGS = vocab.COMPARATOR_CLASSES | {"cell_therapy", "apheresis"}
_SCALARS = {
    "title": "title",
    "first_author_surname": "first_author",
    "year": "year",
    "abstract_number": "abstract_number",
    "n_total": "n_total",
    "design": "design",
    "age_group": "age_group",
    "industry_ties": "industry_ties",
}


@dataclass
class FileScore:
    """Right and scored facts per field for one file, the extras, and a line per miss."""

    file: str
    right: Counter[str] = field(default_factory=Counter)
    facts: Counter[str] = field(default_factory=Counter)
    extra: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    error: str | None = None

    def add(self, name: str, ok: bool, miss: str = "") -> None:
        self.facts[name] += 1
        self.right[name] += ok
        if not ok:
            self.misses.append(f"{name}: {miss}")


def therapy_key(term_id: str) -> str:
    """One key per therapy or class: a class word and its 'drug not specified' id are the same key."""
    if term_id in vocab.THERAPY_CLASSES:
        members = [t for t in vocab.THERAPIES if vocab.therapy_class(t) == term_id]
        unspecified = [t for t in members if t.endswith("_unspecified")]
        return (unspecified or (members if len(members) == 1 else [term_id]))[0]
    return term_id


def name_keys(name: str) -> list[str]:
    """Keys of the vocabulary terms a free-text name holds ('prednisone plus ciclosporin' -> two keys)."""
    direct = vocab.therapy_id(name) or vocab.class_id(name)
    if direct:
        return [therapy_key(direct)]
    return list(dict.fromkeys(therapy_key(m.key) for m in scan(name) if m.kind in {THERAPY, CLASS}))


def drafted_therapies(draft: Draft) -> list[str]:
    """Every therapy the draft names for its patients: arms, prior failed therapies, background therapies."""
    ids = [t for arm in draft.record["arms"] for t in arm.get("therapies") or []]
    ids += draft.record["population"].get("prior_failed_therapies") or []
    ids += [t.id for t in draft.therapies]
    skipped = {t for t in vocab.THERAPIES if vocab.therapy_class(t) in _NOT_DRUGS}
    return list(dict.fromkeys(therapy_key(t) for t in ids if t not in skipped))


def _surname(authors: list[str]) -> str | None:
    if not authors:
        return None
    words = str(authors[0]).split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 4:
        words = words[:-1]
    return " ".join(words)


def _drafted_scalar(draft: Draft, name: str) -> Any:
    record = draft.record
    if name == "first_author":
        return _surname(record.get("authors") or [])
    if name == "age_group":
        return record["population"].get("age_group")
    if name == "industry_ties":
        return record["disclosures"].get("industry_ties")
    return record.get(name)


def _same(name: str, expected: Any, drafted: Any) -> bool:
    if expected is None:
        return drafted in (None, "", [])
    if name in {"title", "first_author"} and isinstance(drafted, str):
        return _folded(str(expected)) == _folded(drafted)
    if name == "abstract_number":
        return str(expected) == str(drafted)
    return expected == drafted


def _folded(text: str) -> str:
    """Case, whitespace, a trailing period and typographic dashes or quotes (drafts hold the text made uniform) do
    not make a title or a surname different."""
    return " ".join(uniform(text).split()).casefold().rstrip(".")


def score_draft(entry: dict[str, Any], draft: Draft | None, error: str | None = None) -> FileScore:
    """Score one draft (None when the parser gave none) against its expected entry."""
    result = FileScore(str(entry["file"]), error=error)
    for key, name in _SCALARS.items():
        if key not in entry:
            continue
        expected = entry[key]
        drafted = _drafted_scalar(draft, name) if draft else None
        result.add(name, _same(name, expected, drafted), f"expected {expected!r}, drafted {drafted!r}")
    therapies = drafted_therapies(draft) if draft else []
    matched: set[str] = set()
    for name in entry.get("therapies") or []:
        keys = name_keys(str(name))
        ok = bool(keys) and all(k in therapies for k in keys)
        matched.update(keys if ok else [])
        result.add("therapies", ok, f"{name!r} not drafted")
    result.extra["therapies"] += len([t for t in therapies if t not in matched])
    arms = list(draft.record["arms"]) if draft else []
    for label, n in (entry.get("arms") or {}).items():
        keys = set(name_keys(str(label)))
        control = not keys and any(m.kind == CONTROL for m in scan(str(label)))
        hit = next((a for a in arms if a.get("n") == n and _arm_matches(a, keys, control)), None)
        if hit is not None:
            arms.remove(hit)
        result.add("arms", hit is not None, f"{label} (n={n}) not drafted")
    drafted = [
        (o.get("responders"), o.get("evaluable"))
        for o in (draft.record["outcomes"] if draft else [])
        if o.get("responders") is not None and o.get("evaluable") is not None
    ]
    for outcome in entry.get("outcomes") or []:
        pair = (outcome.get("responders"), outcome.get("evaluable"))
        ok = pair in drafted
        if ok:
            drafted.remove(pair)
        result.add("outcomes", ok, f"{outcome.get('measure')} {pair[0]}/{pair[1]} not drafted")
    result.extra["outcomes"] += len(drafted)
    return result


def _arm_matches(arm: dict[str, Any], keys: set[str], control: bool) -> bool:
    """The arm holds the therapies the label names; a class word ('JAK inhibitors') covers the drugs of its class."""
    drafted = {therapy_key(t) for t in arm.get("therapies") or []}
    if control:
        return arm.get("therapy_class") in vocab.COMPARATOR_CLASSES or bool(arm.get("control"))
    if not keys:
        return True

    def covers(key: str, drug: str) -> bool:
        broad = key.endswith("_unspecified") or key in vocab.THERAPY_CLASSES
        cls = vocab.therapy_class(key) if key in vocab.THERAPIES else key
        return key == drug or (broad and drug in vocab.THERAPIES and vocab.therapy_class(drug) == cls)

    return all(any(covers(k, d) for d in drafted) for k in keys) and all(
        any(covers(k, d) for k in keys) for d in drafted
    )


def score_folder(folder: Path) -> list[FileScore]:
    """Parse every file expected.yaml lists and score it."""
    entries = yaml.safe_load((Path(folder) / "expected.yaml").read_text(encoding="utf-8")) or []
    out = []
    for entry in entries:
        try:
            draft = parse_abstract(read_abstract(Path(folder) / entry["file"]))
        except IngestError as exc:
            out.append(score_draft(entry, None, f"no draft: {exc}"))
            continue
        out.append(score_draft(entry, draft))
    return out


def totals(scores: list[FileScore]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Right, scored and extra counts per field over all files."""
    right: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    for s in scores:
        right.update(s.right)
        facts.update(s.facts)
        extra.update(s.extra)
    return right, facts, extra


def report(scores: list[FileScore], verbose: bool = False) -> str:
    """Per-file and total agreement, then per field."""
    lines = []
    for s in scores:
        r, f = sum(s.right.values()), sum(s.facts.values())
        extra = sum(s.extra.values())
        more = (f" (+{extra} extra)" if extra else "") + (f"  [{s.error}]" if s.error else "")
        lines.append(f"{s.file}: {r}/{f}{more}")
        if verbose:
            lines += [f"    miss {m}" for m in s.misses]
    right, facts, extra = totals(scores)
    r, f = sum(right.values()), sum(facts.values())
    lines.append("")
    lines.append("per field:")
    for name in FIELDS:
        if facts[name]:
            more = f" (+{extra[name]} extra)" if extra[name] else ""
            lines.append(f"  {name}: {right[name]}/{facts[name]} ({100 * right[name] / facts[name]:.0f}%){more}")
    lines.append(f"total: {r}/{f} facts ({100 * r / max(f, 1):.1f}%), {sum(extra.values())} extra")
    return "\n".join(lines)


def score_command(folder: Path, verbose: bool = False) -> int:
    """Print the report; exit code 2 when the folder has no expected.yaml."""
    if not (Path(folder) / "expected.yaml").is_file():
        print(f"error: {folder} has no expected.yaml")
        return 2
    print(report(score_folder(Path(folder)), verbose))
    return 0
