"""Building blocks of the record schema: identifier patterns, literal types from the vocabulary, the strict
base model, the rule collector and the field checks the models share (kept apart so schema.py is the models)."""

from __future__ import annotations

import ipaddress
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from evidence import vocabulary as vocab
from evidence.limits import MAX_FIELD_CHARS
from evidence.links import URL_FORBIDDEN

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
MIN_YEAR = 1950
# A DOI as Crossref prints it (parentheses included, e.g. 10.1016/S0140-6736(15)01021-1); no whitespace, quotes,
# square or angle brackets, braces or backslashes. Links percent-encode it (evidence.links.doi_url).
DOI_PATTERN = r"^10\.\d{4,9}/[^\s\[\]<>\"'`\\|{}]+$"
PMID_PATTERN = r"^\d{1,9}$"
REGISTRY_PATTERN = r"^[A-Za-z][A-Za-z0-9-]{3,40}$"
NO_AUTHORS = "Authors not shown"
# Embedding and override controls (and isolates) that reorder displayed text; plain marks (U+200E/F) are allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")

# Literal types are built from the vocabulary (the single source of truth), never repeated here.
Design = Literal[tuple(vocab.DESIGNS)]  # type: ignore[valid-type]
AgeGroup = Literal[tuple(vocab.AGE_GROUPS)]  # type: ignore[valid-type]
PublicationType = Literal[tuple(vocab.PUBLICATION_TYPES)]  # type: ignore[valid-type]
Direction = Literal[tuple(vocab.DIRECTIONS)]  # type: ignore[valid-type]
SafetyKind = Literal[tuple(vocab.SAFETY_KINDS)]  # type: ignore[valid-type]
DenominatorBasis = Literal[tuple(vocab.DENOMINATOR_BASES)]  # type: ignore[valid-type]


class Strict(BaseModel):
    """Base: unknown fields are errors, strings are stripped, numbers and flags are never coerced, and no text
    holds a bidirectional-control character (they can make displayed text read differently from what is stored).

    strict=True: `true` is not a count, `"2020"` is not a year, `"no"` is not a flag.
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, strict=True, str_max_length=MAX_FIELD_CHARS
    )

    @field_validator("*", mode="after")
    @classmethod
    def _no_bidi_controls(cls, value: object) -> object:
        texts = (
            [value]
            if isinstance(value, str)
            else [v for v in value if isinstance(v, str)]
            if isinstance(value, list)
            else []
        )
        for text in texts:
            found = BIDI_CONTROLS.intersection(text)
            if found:
                codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(found))
                raise ValueError(f"contains a bidirectional-control character ({codes}); remove it")
        return value


class Rules:
    """Collects cross-field rule violations so each is reported at its own field path."""

    def __init__(self, model: BaseModel) -> None:
        self.model = model
        self.errors: list[InitErrorDetails] = []

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        self.errors.append(
            InitErrorDetails(type=PydanticCustomError("rule", "{rule}", {"rule": message}), loc=loc, input=None)  # type: ignore[arg-type]
        )

    def raise_any(self):
        if self.errors:
            raise ValidationError.from_exception_data(type(self.model).__name__, self.errors)
        return self.model


def check_url(value: str) -> None:
    parts = urlparse(value)
    bad = sorted(URL_FORBIDDEN.intersection(value))
    if parts.scheme not in {"http", "https"} or not parts.netloc or bad:
        extra = f" (it contains {''.join(bad)!r})" if bad else ""
        raise ValueError(f"URL {value!r} is not a well-formed http(s) address{extra}")


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def canonical_antibodies(value: object) -> object:
    """Antibody names as canonical ids (aliases such as 'anti-p155/140' accepted); an unknown name is an error."""
    if not isinstance(value, dict):
        return value
    out = {}
    for name, count in value.items():
        canonical = vocab.antibody_id(str(name))
        if canonical is None:
            raise ValueError(f"unknown antibody {name!r}")
        out[canonical] = count
    return out


def exceeds(count: int | None, limit: int | None) -> bool:
    return count is not None and limit is not None and count > limit


def canonical_therapy(name: str) -> str:
    canonical = vocab.therapy_id(name)
    if canonical is None:
        raise ValueError(f"unknown therapy {name!r}; add it to evidence/vocabulary/therapies.py")
    return canonical
