"""The vocabulary's building blocks: a term (id, label, aliases, flags) and a lookup of terms of one kind."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: canonical id, display label, accepted aliases and the flags other modules read."""

    id: str
    label: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    group: str | None = None  # therapy class for therapies, domain for measures
    level: int | None = None  # designs: evidence level, 1 = strongest
    comparator: bool = False  # therapy classes: control or placebo arms, not a rescue therapy
    holds_patients: bool = True  # designs: False for surveys (respondents, never patients)
    randomised: bool = False  # designs: GRADE starts randomised evidence high
    retrospective: bool = False  # designs: a risk-of-bias flag
    indirect: bool = False  # age groups: adult-onset DM is indirect evidence for JDM
    adult: bool = False  # age groups made up of adults
    ris_type: str | None = None  # publication types: the RIS TY code
    colour: str | None = None  # chart colour (Okabe-Ito)
    order: int = 0  # display order where it matters (steroid sparing after the disease domains)
    short: str | None = None  # a short label for narrow table headers (the full label stays in hover and text)
    family: str | None = None  # measures: the outcome family summarised on Compare (OUTCOME_FAMILIES); None: not pooled
    pool_as: str | None = None  # measures: the definition it pools with, when it is another measure's inverse
    inverse: bool = False  # measures: responders count the unfavourable event (deaths); shown as its complement
    harm: bool = False  # safety kinds: summarised per therapy as a proportion of patients with the event


class Vocabulary(Mapping[str, Term]):
    """Terms of one kind by id, with alias lookup and labels (an unknown id is its own label)."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self._terms = {t.id: t for t in sorted(terms, key=lambda t: t.order)} if terms else {}
        self._index: dict[str, str] = {}
        for term in terms:
            for name in (term.id, term.label, *term.aliases):
                self._index.setdefault(name.casefold(), term.id)

    def __getitem__(self, key: str) -> Term:
        return self._terms[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def resolve(self, name: str) -> str | None:
        """Canonical id for an id, label or alias (case-insensitive); None if unknown."""
        return self._index.get(str(name).strip().casefold())

    def label(self, term_id: object) -> str:
        term = self._terms.get(term_id) if isinstance(term_id, str) else None
        return term.label if term else str(term_id)

    def short(self, term_id: object) -> str:
        """The term's short label where it has one, else its label."""
        term = self._terms.get(term_id) if isinstance(term_id, str) else None
        return (term.short or term.label) if term else str(term_id)

    def where(self, **flags: object) -> frozenset[str]:
        """Ids of the terms whose flags have the given values, e.g. where(comparator=True)."""
        return frozenset(t.id for t in self._terms.values() if all(getattr(t, k) == v for k, v in flags.items()))
