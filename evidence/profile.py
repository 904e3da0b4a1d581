"""What the Compare page is asked, defined once: the patient profile (which patients) and the comparison
(which therapies, how pooled). The page address, the page's widgets, captions and the command line all derive
from here, so a link reproduces the same numbers.

Page address keys: patient (age group or any), patient_antibody, manifestation, compare (drugs or classes),
method (auto, REML, DL, PM, GLMM) and stated_only (1: leave out denominators that are the number treated).
Unknown or surplus values are left out and named in a note; valid ones are kept.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from evidence import vocabulary as vocab
from evidence.errors import UnknownFilterValue
from evidence.limits import MAX_COMPARE, MAX_LINK_VALUES

DEFAULT_PATIENT = "pediatric"
DEFAULT_COMPARISON = ("jak_inhibitor", "abatacept", "anifrolumab")  # as clinicians name them
METHODS = ("auto", "REML", "DL", "PM", "GLMM")
METHOD_HELP = (
    "auto: the binomial-normal model (GLMM) when a study has none or all of its patients responding, else REML"
)


def comparison_options() -> dict[str, str]:
    """Every class and drug a clinician can compare, id -> label (classes first)."""
    classes = {k: t.label for k, t in vocab.THERAPY_CLASSES.items() if not t.comparator and k != "other"}
    drugs = {k: t.label for k, t in vocab.THERAPIES.items() if t.group not in vocab.COMPARATOR_CLASSES}
    return classes | drugs


def resolve_selection(value: str) -> str | None:
    """A drug or class id for an id, label or alias (class ids first: old links used them); None if unknown."""
    text = value.strip()
    found = vocab.class_id(text) if text in vocab.THERAPY_CLASSES else None
    found = found or vocab.therapy_id(text) or vocab.class_id(text)
    return found if found in comparison_options() else None


@dataclass(frozen=True)
class PatientProfile:
    """The patients a clinician asks about: an age group (or any, each population apart), and optionally one
    antibody and one manifestation. Evidence about other populations is shown apart and rated down."""

    age: str = DEFAULT_PATIENT
    antibody: str | None = None
    manifestation: str | None = None

    def __post_init__(self) -> None:
        if self.age not in vocab.PATIENT_PROFILES:
            raise UnknownFilterValue(
                f"Patients: unknown value {self.age!r}; known: {', '.join(vocab.PATIENT_PROFILES)}"
            )
        if self.antibody is not None and self.antibody not in vocab.ANTIBODY_TERMS:
            raise UnknownFilterValue(f"Antibody: unknown value {self.antibody!r}")
        if self.manifestation is not None and self.manifestation not in vocab.MANIFESTATIONS:
            raise UnknownFilterValue(f"Manifestation: unknown value {self.manifestation!r}")

    @property
    def any_age(self) -> bool:
        return self.age == "any"

    def is_direct(self, age_group: str) -> bool:
        """True when evidence from this age group is about the patients asked about."""
        return self.any_age or age_group == self.age

    @property
    def domains(self) -> frozenset[str] | None:
        """Outcome domains of the manifestation asked about (None: every domain)."""
        if self.manifestation is None:
            return None
        return frozenset((vocab.MANIFESTATIONS[self.manifestation].group or "").split(","))

    def describe(self) -> str:
        """'Children with JDM, anti-MDA5-positive, lung disease (ILD)' (for captions and exported files)."""
        parts = ["Patients of any age" if self.any_age else vocab.PATIENT_PROFILES.label(self.age)]
        if self.antibody:
            parts.append(f"{vocab.antibody_label(self.antibody)}-positive")
        if self.manifestation:
            label = vocab.MANIFESTATIONS.label(self.manifestation)
            parts.append(label[0].lower() + label[1:])
        return ", ".join(parts)


@dataclass(frozen=True)
class CompareRequest:
    """The whole Compare question: therapies, patient profile, pooling method and the denominator sensitivity."""

    selections: tuple[str, ...] = DEFAULT_COMPARISON
    profile: PatientProfile = field(default_factory=PatientProfile)
    method: str = "auto"
    stated_only: bool = False

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise UnknownFilterValue(f"Method: unknown value {self.method!r}; known: {', '.join(METHODS)}")

    def to_query(self) -> dict[str, str]:
        """Page-address parameters; defaults are left out so short links stay short."""
        out = {"compare": ",".join(self.selections)}
        if self.profile.age != DEFAULT_PATIENT:
            out["patient"] = self.profile.age
        if self.profile.antibody:
            out["patient_antibody"] = self.profile.antibody
        if self.profile.manifestation:
            out["manifestation"] = self.profile.manifestation
        if self.method != "auto":
            out["method"] = self.method
        if self.stated_only:
            out["stated_only"] = "1"
        return out

    def describe(self) -> list[str]:
        lines = [f"Patients: {self.profile.describe()}"]
        if self.method != "auto":
            lines.append(f"Pooling method: {self.method}")
        if self.stated_only:
            lines.append("Sensitivity: only denominators the sources state")
        return lines


QUERY_KEYS = ("compare", "patient", "patient_antibody", "manifestation", "method", "stated_only")


def _one(value: object) -> str:
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value or "").strip()


def parse_selections(raw: str, notes: list[str], limit: int = MAX_COMPARE) -> tuple[str, ...]:
    """Drugs or classes from a comma-separated value; unknown, repeated and surplus values are named in notes."""
    out: list[str] = []
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    for part in parts[:MAX_LINK_VALUES]:
        found = resolve_selection(part)
        if found is None:
            notes.append(f"Compare: {part[:80]!r} is not a known drug or class and was left out.")
        elif found not in out:
            out.append(found)
    if len(parts) > MAX_LINK_VALUES:
        notes.append(f"Compare: only the first {MAX_LINK_VALUES} values were read.")
    if len(out) > limit:
        dropped = ", ".join(comparison_options()[s] for s in out[limit:])
        notes.append(f"Compare: at most {limit} therapies side by side; {dropped} left out.")
    return tuple(out[:limit])


def parse_request(params: Mapping[str, object], limit: int = MAX_COMPARE) -> tuple[CompareRequest, list[str]]:
    """The request in a page address, never raising: unknown values are left out (the defaults stand) and named."""
    notes: list[str] = []
    raw = _one(params.get("compare"))
    selections = parse_selections(raw, notes, limit) if raw else ()
    if raw and len(selections) < 2:
        notes.append("Compare: fewer than two known therapies in the link; the default comparison is shown.")
    kwargs: dict[str, object] = {"selections": selections if len(selections) >= 2 else DEFAULT_COMPARISON}
    profile = {}
    for key, terms, attr, label in (
        ("patient", vocab.PATIENT_PROFILES, "age", "Patients"),
        ("patient_antibody", vocab.ANTIBODY_TERMS, "antibody", "Antibody"),
        ("manifestation", vocab.MANIFESTATIONS, "manifestation", "Manifestation"),
    ):
        value = _one(params.get(key))
        if value:
            found = terms.resolve(value)
            if found is None:
                notes.append(f"{label}: the link's value {value[:80]!r} is not known and was left out.")
            else:
                profile[attr] = found
    kwargs["profile"] = PatientProfile(**profile)
    method = _one(params.get("method"))
    if method:
        match = next((m for m in METHODS if m.casefold() == method.casefold()), None)
        if match is None:
            notes.append(f"Method: the link's value {method[:40]!r} is not known; auto is used.")
        else:
            kwargs["method"] = match
    kwargs["stated_only"] = _one(params.get("stated_only")) in {"1", "true", "yes"}
    return CompareRequest(**kwargs), notes


def add_cli_arguments(parser: argparse.ArgumentParser) -> None:
    """The request's command-line options (the same names as the page address where they can be)."""
    group = parser.add_argument_group("the question (the Compare page's settings)")
    group.add_argument("--compare", help="drugs or classes, comma-separated (default: the Compare page's default)")
    group.add_argument("--all", action="store_true", help="every drug and class")
    group.add_argument(
        "--patient", default=None, metavar="WHO", help=f"patients asked about: {'|'.join(vocab.PATIENT_PROFILES)}"
    )
    group.add_argument("--patient-antibody", metavar="ID", help="antibody-positive patients only (e.g. anti_mda5)")
    group.add_argument("--manifestation", metavar="ID", help=f"focus: {'|'.join(vocab.MANIFESTATIONS)}")
    group.add_argument("--method", default="auto", metavar="M", help=f"{'|'.join(METHODS)} ({METHOD_HELP})")
    group.add_argument("--stated-only", action="store_true", help="leave out denominators that are the number treated")


def request_from_cli(args: argparse.Namespace, link_params: Mapping[str, object]) -> CompareRequest:
    """The request of a command line: a --link's settings first, explicit options on top; unknown values raise."""
    request, notes = parse_request(link_params, limit=len(comparison_options()))
    if notes:
        raise UnknownFilterValue(notes[0])
    if args.all:
        request = replace(request, selections=tuple(comparison_options()))
    elif args.compare:
        notes = []
        selections = parse_selections(args.compare, notes, limit=len(comparison_options()))
        if notes or not selections:
            raise UnknownFilterValue(notes[0] if notes else "Compare: no drug or class given")
        request = replace(request, selections=selections)
    profile = request.profile
    for option, terms, attr in (
        ("patient", vocab.PATIENT_PROFILES, "age"),
        ("patient_antibody", vocab.ANTIBODY_TERMS, "antibody"),
        ("manifestation", vocab.MANIFESTATIONS, "manifestation"),
    ):
        value = getattr(args, option)
        if value:
            found = terms.resolve(value)
            if found is None:
                raise UnknownFilterValue(f"--{option.replace('_', '-')}: unknown value {value!r}")
            profile = replace(profile, **{attr: found})
    method = next((m for m in METHODS if m.casefold() == args.method.casefold()), None)
    if method is None:
        raise UnknownFilterValue(f"--method: unknown value {args.method!r}; known: {', '.join(METHODS)}")
    return replace(request, profile=profile, method=method, stated_only=args.stated_only or request.stated_only)
