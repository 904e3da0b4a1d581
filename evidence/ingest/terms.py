"""Find vocabulary terms in text: therapies (generic, brand, class words), antibodies and outcome measures.

Names come from evidence.vocabulary (ids, labels, aliases, class labels) plus the few phrasings below that
abstracts use but the vocabulary does not list. Matching is on word tokens (case, hyphens, slashes and
parentheses ignored), longest name first, in one pass per text (Context.mentions answers ranges). Short
aliases ("AZA", "CK", "JAKi") must not be written all in lower case, and a bare antibody name ("MDA5")
counts only next to "anti-", "positive", "+" or "antibody".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from evidence import vocabulary as vocab

THERAPY, CLASS, CONTROL, ANTIBODY, MEASURE = "therapy", "class", "control", "antibody", "measure"

# Extra phrasings: name -> (kind, ids). Kept here, not in the vocabulary, because they are reading aids.
EXTRA_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "janus kinase inhibitor": (CLASS, ("jak_inhibitor",)),
    "janus kinase jak inhibitor": (CLASS, ("jak_inhibitor",)),
    "jak inhibitor": (CLASS, ("jak_inhibitor",)),
    "jakinib": (CLASS, ("jak_inhibitor",)),
    "jaki": (CLASS, ("jak_inhibitor",)),
    "jakis": (CLASS, ("jak_inhibitor",)),
    "calcineurin inhibitor": (CLASS, ("calcineurin_inhibitor",)),
    "cni": (CLASS, ("calcineurin_inhibitor",)),
    "cnis": (CLASS, ("calcineurin_inhibitor",)),
    "anti tnf": (CLASS, ("tnf_inhibitor",)),
    "anti tnf alpha": (CLASS, ("tnf_inhibitor",)),
    "anti tnfα": (CLASS, ("tnf_inhibitor",)),
    "tnf alpha inhibitor": (CLASS, ("tnf_inhibitor",)),
    "tnfα inhibitor": (CLASS, ("tnf_inhibitor",)),
    "tnf blocker": (CLASS, ("tnf_inhibitor",)),
    "tnf antagonist": (CLASS, ("tnf_inhibitor",)),
    "immune globulin": (CLASS, ("immunoglobulin",)),
    "corticosteroid": (CLASS, ("glucocorticoid",)),
    "glucocorticoid": (CLASS, ("glucocorticoid",)),
    "steroid": (CLASS, ("glucocorticoid",)),
    "intravenous immune globulin": (THERAPY, ("ivig",)),
    "intravenous immunoglobulins": (THERAPY, ("ivig",)),
    "iv immunoglobulin": (THERAPY, ("ivig",)),
    "subcutaneous immune globulin": (THERAPY, ("scig",)),
    "facilitated subcutaneous immunoglobulin": (THERAPY, ("scig",)),
    "fscig": (THERAPY, ("scig",)),
    "intravenous subcutaneous immune globulin": (THERAPY, ("ivig", "scig")),
    "intravenous or subcutaneous immune globulin": (THERAPY, ("ivig", "scig")),
    "intravenous subcutaneous immunoglobulin": (THERAPY, ("ivig", "scig")),
    "intravenous or subcutaneous immunoglobulin": (THERAPY, ("ivig", "scig")),
    "intravenous cyclophosphamide": (THERAPY, ("cyclophosphamide",)),
    "car t cell": (THERAPY, ("car_t_cd19",)),
    "cd19 car t": (THERAPY, ("car_t_cd19",)),
    "cd19 car t cell": (THERAPY, ("car_t_cd19",)),
    "chimeric antigen receptor t cell": (THERAPY, ("car_t_cd19",)),
    "autologous stem cell transplantation": (THERAPY, ("autologous_hsct",)),
    "autologous haematopoietic stem cell transplantation": (THERAPY, ("autologous_hsct",)),
    "autologous hematopoietic stem cell transplantation": (THERAPY, ("autologous_hsct",)),
    "control group": (CONTROL, ("usual_care",)),
    "control": (CONTROL, ("usual_care",)),  # only the plural "controls" and "control arm/group" reach here
    "control arm": (CONTROL, ("usual_care",)),
    "control cohort": (CONTROL, ("usual_care",)),
    "control patients": (CONTROL, ("usual_care",)),
    "usual care": (CONTROL, ("usual_care",)),
    "standard of care": (CONTROL, ("usual_care",)),
    "standard care": (CONTROL, ("usual_care",)),
    "comparator": (CONTROL, ("usual_care",)),
    "comparator group": (CONTROL, ("usual_care",)),
    # outcome measures
    "disease activity score": (MEASURE, ("das_total",)),
    "das muscle score": (MEASURE, ("das_muscle",)),
    "das skin score": (MEASURE, ("das_skin",)),
    "childhood myositis assessment scale": (MEASURE, ("cmas",)),
    "cutaneous dermatomyositis disease area and severity index": (MEASURE, ("cdasi",)),
    "cutaneous assessment tool": (MEASURE, ("cat_bm",)),
    "manual muscle testing": (MEASURE, ("mmt",)),
    "creatine kinase": (MEASURE, ("muscle_enzymes",)),
    "creatine phosphokinase": (MEASURE, ("muscle_enzymes",)),
    "muscle enzymes": (MEASURE, ("muscle_enzymes",)),
    "aldolase": (MEASURE, ("muscle_enzymes",)),
    "definition of improvement": (MEASURE, ("imacs_doi",)),
    "imacs definition of improvement": (MEASURE, ("imacs_doi",)),
    "total improvement score": (MEASURE, ("acr_eular_tis",)),
    "physician global assessment": (MEASURE, ("physician_global",)),
    "physician s global assessment": (MEASURE, ("physician_global",)),
    "clinically inactive disease": (MEASURE, ("remission",)),
    "inactive disease": (MEASURE, ("remission",)),
    "remission": (MEASURE, ("remission",)),
    "glucocorticoid dose": (MEASURE, ("glucocorticoid_dose",)),
    "corticosteroid dose": (MEASURE, ("glucocorticoid_dose",)),
    "childhood health assessment questionnaire": (MEASURE, ("chaq",)),
    "health assessment questionnaire": (MEASURE, ("chaq",)),
    "interstitial lung disease": (MEASURE, ("ild_course",)),
    "forced vital capacity": (MEASURE, ("pulmonary_function",)),
    "diffusing capacity": (MEASURE, ("pulmonary_function",)),
    "interferon signature": (MEASURE, ("ifn_signature",)),
    "interferon score": (MEASURE, ("ifn_signature",)),
    "type i interferon gene signature": (MEASURE, ("ifn_signature",)),
    "magnetic resonance imaging": (MEASURE, ("muscle_mri",)),
    "myositis disease activity assessment tool": (MEASURE, ("myoact",)),
    "myositis intention to treat activity index": (MEASURE, ("mitax",)),
}
# Aliases that collide with ordinary words or citation lines and are never matched.
_IGNORED = {"doi", "other"}
_SHORT = 4  # aliases of this many characters or fewer must carry a capital letter in the text
_TOKEN = re.compile(r"[^\W_]+")
_ANTIBODY_AFTER = re.compile(r"[\s-]*(?:\+|positiv|pos\b|antibod|autoantibod|seropositiv|ab\b)", re.IGNORECASE)
_ANTIBODY_BEFORE = re.compile(r"(?:positive\s+for|anti)[\s-]*$", re.IGNORECASE)
_HEALTHY = re.compile(r"(?:healthy|matched|age-matched|normal)[\s-]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A term found in the text: kind, canonical ids, and its offsets."""

    kind: str
    ids: tuple[str, ...]
    start: int
    end: int

    @property
    def key(self) -> str:
        """The arm key this mention stands for: a therapy id, a class id, or 'usual_care' for controls."""
        return self.ids[0]


def _key(name: str) -> str:
    return " ".join(_TOKEN.findall(name.casefold()))


def _entries(terms: object) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    """(id, label, aliases, group) of a vocabulary mapping (Term values, or plain labels in older versions)."""
    items = terms.items() if isinstance(terms, Mapping) else ((t.id, t) for t in terms)  # type: ignore[attr-defined]
    out = []
    for term_id, term in items:
        if isinstance(term, str):
            out.append((term_id, term, (), None))
        else:
            out.append((term_id, term.label, tuple(term.aliases), term.group))
    return out


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[str, tuple[str, ...]]], int]:
    index: dict[str, tuple[str, tuple[str, ...]]] = {}

    def put(name: str, kind: str, ids: tuple[str, ...], override: bool = True) -> None:
        key = _key(name)
        if key and key not in _IGNORED and (override or key not in index):
            index[key] = (kind, ids)

    comparators = set(vocab.COMPARATOR_CLASSES)
    for cls, label, aliases, _ in _entries(vocab.THERAPY_CLASSES):
        if cls not in comparators and cls != "other":
            for name in (re.sub(r"\(.*?\)", "", label), *aliases):
                put(name, CLASS, (cls,))
    for term_id, label, aliases, group in _entries(vocab.THERAPIES):
        kind, ids = THERAPY, (term_id,)
        if term_id.endswith("_unspecified"):
            kind, ids = CLASS, (group or "other",)
        elif group in comparators:
            kind = CONTROL
        for name in (term_id, label, *aliases):
            if "/" not in name and "(" not in name:
                put(name, kind, ids)
    for term_id, label, aliases, _ in _entries(vocab.ANTIBODIES):
        for name in (label, *aliases):
            put(name, ANTIBODY, (term_id,))
            if name.casefold().startswith("anti-"):
                put(name[5:], ANTIBODY, (term_id,), override=False)
    for term_id, label, aliases, _ in _entries(vocab.MEASURES):
        for name in (label, *aliases):
            if "(" not in name:
                put(name, MEASURE, (term_id,))
    for name, (kind, ids) in EXTRA_NAMES.items():
        put(name, kind, ids)
    longest = max(len(k.split()) for k in index)
    return index, longest


def _plural_variants(key: str) -> list[str]:
    words = key.split()
    last = words[-1]
    out = [key]
    for cut in ("es", "s"):
        if last.endswith(cut) and len(last) > len(cut) + 2:
            out.append(" ".join([*words[:-1], last[: -len(cut)]]))
    return out


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(key.split()[0] for key in _index()[0])


_BREAK = re.compile(r"[.;:,!?]|\n[ ]*\n")


def scan(text: str) -> list[Mention]:
    """Every vocabulary term in the whole text, longest match first, in reading order.

    One pass over word tokens: a token that cannot begin a name is skipped at once, and a name never runs over
    punctuation or a blank line (a single line break is only wrapping).
    """
    index, longest = _index()
    first_words = _first_words()
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    keys = [_key(text[a:b]) for a, b in spans]
    breaks = [bool(_BREAK.search(text, spans[i][1], spans[i + 1][0])) for i in range(len(spans) - 1)]
    out: list[Mention] = []
    i = 0
    while i < len(spans):
        if not any(v.split()[0] in first_words for v in _plural_variants(keys[i])):
            i += 1
            continue
        size = 1
        while size < longest and i + size < len(spans) and not breaks[i + size - 1]:
            size += 1
        hit = None
        for n in range(size, 0, -1):
            first, last = spans[i][0], spans[i + n - 1][1]
            raw = text[first:last]
            for key in _plural_variants(" ".join(keys[i : i + n])):
                entry = index.get(key)
                if entry is not None and _acceptable(text, first, last, raw, key, entry[0]):
                    hit = Mention(entry[0], entry[1], first, last)
                    break
            if hit:
                out.append(hit)
                i += n
                break
        if hit is None:
            i += 1
    return _with_abbreviations(text, out)


_DEFINITION = re.compile(r"\s*\((?P<inside>[^()\n]{1,60})\)")
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9]{1,6}")
_MAX_ABBREVIATIONS = 20  # more than any abstract defines


def _abbreviates(short: str, name: str) -> bool:
    """'TCZ' for 'tocilizumab', 'MMF' for 'mycophenolate mofetil': the same first letter, and every letter of the
    abbreviation in the name in order ('JDM' after 'rituximab (2 patients, JDM)' abbreviates something else)."""
    letters = [c for c in short.casefold() if c.isalpha()]
    name = name.casefold()
    if not letters or not name.startswith(letters[0]):
        return False
    at = 0
    for c in letters:
        at = name.find(c, at)
        if at < 0:
            return False
        at += 1
    return True


def _with_abbreviations(text: str, mentions: list[Mention]) -> list[Mention]:
    """Add the later uses of an abbreviation the text defines for a therapy or class: 'tocilizumab (anti-IL-6R,
    TCZ)' makes each later 'TCZ' a tocilizumab mention. Only capitals (and digits) after the name, in brackets,
    alone or as the last item; never a name the vocabulary already knows."""
    index = _index()[0]
    defined: dict[str, tuple[Mention, int]] = {}
    for m in mentions:
        if m.kind not in {THERAPY, CLASS}:
            continue
        d = _DEFINITION.match(text, m.end)
        if not d:
            continue
        last = re.split(r"[,;]", d.group("inside"))[-1].strip()
        known = _key(last) in index or last in defined
        if _ABBREVIATION.fullmatch(last) and not known and _abbreviates(last, text[m.start : m.end]):
            defined[last] = (m, d.end())
            if len(defined) >= _MAX_ABBREVIATIONS:
                break
    if not defined:
        return mentions
    names = "|".join(re.escape(name) for name in sorted(defined, key=len, reverse=True))
    starts = [m.start for m in mentions]
    extra: list[Mention] = []
    uses = re.compile(rf"(?<![\w-])(?:{names})(?!\w)")
    for use in uses.finditer(text, min(after for _, after in defined.values())):
        source, after = defined[use.group()]
        i = bisect.bisect_right(starts, use.start()) - 1  # vocabulary mentions never overlap one another
        overlaps = i >= 0 and mentions[i].end > use.start()
        if use.start() >= after and not overlaps:
            extra.append(Mention(source.kind, source.ids, use.start(), use.end()))
    return sorted([*mentions, *extra], key=lambda m: m.start)


def _acceptable(text: str, first: int, last: int, raw: str, key: str, kind: str) -> bool:
    letters = key.replace(" ", "")
    if len(letters) <= _SHORT and raw == raw.lower():
        return False
    if kind == CONTROL and key == "control" and not raw.lower().endswith("controls"):
        return False  # "disease control" is not a control group
    if kind == CONTROL and _HEALTHY.search(text, max(0, first - 20), first):
        return False  # healthy controls are not a treatment arm
    if kind == ANTIBODY and not key.startswith("anti") and key not in {"seronegative", "no msa", "msa negative"}:
        return bool(_ANTIBODY_AFTER.match(text, last) or _ANTIBODY_BEFORE.search(text, max(0, first - 14), first))
    return True
