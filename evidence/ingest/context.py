"""What extraction reads: the text, its title and sections, split once into sentences and clauses."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from evidence.ingest.roles import role
from evidence.ingest.sections import Piece, Section, clauses, sentences
from evidence.ingest.terms import Mention, scan
from evidence.ingest.timing import timepoint

# Sections whose content describes this study (background describes other studies and general practice).
STUDY = frozenset({"title", "objective", "methods", "results", "conclusion", "abstract", "registration"})
RESULTS = frozenset({"results", "conclusion", "abstract"})
# A sentence of a background section that states this study's purpose ('Background/Purpose: To assess ...').
_PURPOSE = re.compile(
    r"(?:(?:in\s+order\s+)?to\s+(?:assess|evaluate|determine|describe|investigate|examine|compare|report|study"
    r"|explore|characteri[sz]e|analy[sz]e|identify|test|measure|estimate|review)\b"
    r"|(?:the|our)\s+(?:aim|purpose|objective|goal)s?\s+of\s+(?:this|the\s+present|our)\s+(?:study|trial|analysis"
    r"|work|report)\b|we\s+(?:aimed|sought|set\s+out)\s+to\b|(?:this|the\s+present)\s+(?:study|trial)"
    r"\s+(?:aimed|aims|sought)\s+to\b)",
    re.IGNORECASE,
)


# A sentence of text without headings that reports other work ('... have been reported in adult DM') is background.
_OTHER_WORK = re.compile(
    r"\b(?:ha(?:ve|s)\s+been\s+(?:\w+\s+)?(?:reported|described|shown|suggested)|(?:were|was)\s+reported\s+in)\b",
    re.IGNORECASE,
)


# A sentence about how the disease is treated in general ('JDM is usually treated with corticosteroids and
# methotrexate', 'the mainstay of treatment is...') describes practice, not this study's patients: it is background.
_GENERAL_PRACTICE = re.compile(
    r"\b(?:is|are)\s+(?:usually|typically|commonly|often|generally|traditionally|conventionally|classically"
    r"|frequently|routinely|mostly|mainly)\s+(?:\w+\s+)?(?:treated|managed)\b"
    r"|\b(?:JDM|DM|IIMs?|(?:juvenile\s+)?dermatomyositis|polymyositis|myositis|the\s+disease)\s+(?:is|are)\s+"
    r"(?:\w+\s+){0,2}?(?:treated|managed)\s+(?:\w+\s+)?with\b"
    r"|\b(?:first[- ]line|standard|conventional|usual|initial|current)\s+(?:\w+\s+)?(?:treatment|therapy|therapies"
    r"|management|care)\s+(?:of|for)\s+[^.;]{1,80}?\b(?:is|are|includes?|consists?|comprises?|relies|involves?)\b"
    r"|\b(?:is|are|remains?)\s+(?:still\s+)?the\s+(?:mainstay|treatment\s+of\s+choice)\b"
    r"|\bmainstay\s+of\s+(?:\w+\s+)?(?:treatment|therapy|management)\s+(?:is|are|remains?|includes?)\b"
    r"|\b(?:is|are)\s+(?:the\s+)?(?:first[- ]line|standard)\s+(?:treatment|therapy|therapies|agents?|drugs?)\b",
    re.IGNORECASE,
)


@dataclass
class Context:
    """The normalised text with its title span and sections, and their sentences and clauses in reading order."""

    text: str
    title: tuple[int, int] | None
    sections: list[Section]
    pieces: list[tuple[Piece, list[Piece]]] = field(default_factory=list)  # (sentence, its clauses)
    _mentions: list[Mention] = field(default_factory=list)
    _roles: dict[int, str] = field(default_factory=dict)
    _times: dict[tuple[int, int], object] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._mentions = scan(self.text)
        self._starts = [m.start for m in self._mentions]
        if self.title is not None:
            sentence = Piece(self.title[0], self.title[1], "title")
            self.pieces.append((sentence, clauses(self.text, sentence)))
        for section in self.sections:
            for sentence in sentences(self.text, section):
                if section.name == "background" and _PURPOSE.match(self.text, sentence.start, sentence.end):
                    sentence = Piece(sentence.start, sentence.end, "objective")  # this study's purpose
                elif section.name == "abstract" and _OTHER_WORK.search(self.text, sentence.start, sentence.end):
                    sentence = Piece(sentence.start, sentence.end, "background")
                elif section.name != "background" and _GENERAL_PRACTICE.search(self.text, sentence.start, sentence.end):
                    self._general_practice(sentence)
                    continue
                self.pieces.append((sentence, clauses(self.text, sentence)))

    def _general_practice(self, sentence: Piece) -> None:
        """The clauses of a sentence that state general practice are background; its other clauses ('JDM is usually
        treated with X; all children had received X') stay in their section, each as a sentence of its own."""
        parts = clauses(self.text, sentence)
        for part in parts:
            general = _GENERAL_PRACTICE.search(self.text, part.start, part.end) or len(parts) == 1
            piece = Piece(part.start, part.end, "background" if general else sentence.section)
            self.pieces.append((piece, [piece]))

    def mentions(self, start: int, end: int, kinds: set[str] | None = None) -> list[Mention]:
        """Vocabulary terms wholly inside text[start:end], from the one scan of the text."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self._mentions) and self._mentions[i].start < end:
            m = self._mentions[i]
            if m.end <= end and (kinds is None or m.kind in kinds):
                out.append(m)
            i += 1
        return out

    def role(self, clause: Piece, mention: Mention) -> str:
        """The role of a therapy mention in its clause (see roles.role), worked out once."""
        if mention.start not in self._roles:
            self._roles[mention.start] = role(self.text, clause, mention)
        return self._roles[mention.start]

    def timepoint(self, start: int, end: int) -> object:
        """The first time point in text[start:end] (see timing.timepoint), worked out once per span."""
        if (start, end) not in self._times:
            self._times[(start, end)] = timepoint(self.text, start, end)
        return self._times[(start, end)]

    def sentences(self, names: frozenset[str] = STUDY) -> list[Piece]:
        """Sentences of the named sections (the title counts as one), in reading order."""
        return [s for s, _ in self.pieces if s.section in names]

    def clauses(self, names: frozenset[str] = STUDY) -> list[tuple[Piece, Piece]]:
        """(clause, its sentence) pairs of the named sections."""
        return [(c, s) for s, cs in self.pieces if s.section in names for c in cs]

    def snippet(self, piece: Piece) -> str:
        """The text of a sentence or clause."""
        return self.text[piece.start : piece.end]

    def section_label(self, name: str, pubmed: bool = False) -> str:
        """How a record's source_section names where a result was read, e.g. 'abstract: results'."""
        where = "PubMed abstract" if pubmed else "abstract"
        return where if name in {"abstract", "title"} else f"{where}: {name}"
