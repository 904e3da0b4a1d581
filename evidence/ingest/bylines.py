"""Author bylines as pages print them, affiliation markers and all: 'Sharma N1,2,3, Kumar A2', 'S. Barsotti1,2,
R. Neri1', 'Ivo N van Schaik 1,6, ...', 'Lina Chen1† Bo Zhou1† Rui Tang2* and Min Xu1*'.

Affiliation markers (digits, digits with commas, and the symbols * † ‡ § ¶ # ✉) written after a name end that name,
so they separate names as commas do. A piece that does not read as a person's name (a study group, an
affiliation) is dropped and the other names are kept; the line is not a byline when its first piece is no name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.ingest.people import PARTICLES, record_style

_SYMBOLS = "*†‡§¶#✉"
_DIGIT = r"[\d¹²³⁴⁵⁶⁷⁸⁹⁰]"  # superscript digits too, as pages copied with their formatting give them
# A marker right after a name's last letter: '1,2,3', ' 1,6', ' 1 2' (PubMed's page), '1†', '*', '2,*'.
MARKER = re.compile(
    rf"(?<=[^\W\d_¹²³⁴⁵⁶⁷⁸⁹⁰])[ ]?(?:{_DIGIT}{{1,2}}(?:(?:[ ]?[,–-][ ]?|[ ])(?:{_DIGIT}{{1,2}}|[{_SYMBOLS}]))*"
    rf"[{_SYMBOLS}]*|[{_SYMBOLS}]+)"
    r"(?=[\s,;.]|$)"
)
_SEPARATOR = re.compile(r"\s*(?:\||,|;|&|\band\b)\s*")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Words of a group, a place or a title, never of a person's name.
_NOT_PERSON = re.compile(
    r"(?i)\b(?:university|department|division|hospital|institute|cent(?:er|re)|college|school|faculty|clinic|unit"
    r"|group|study|investigators?|consortium|network|laboratory|foundation|society|registry|collaborat\w*|team"
    r"|behalf|author|authors|abstract|affiliations?|anti|disease|syndrome|myositis|dermatomyositis|myopath\w*"
    r"|patients?|children|therapy|treatment|inhibitors?|antibod\w*|lung|interstitial|juvenile|adults?|case|cases"
    r"|report|trial|review|cohort|results?|efficacy|safety|refractory)\b"
)


_DEGREE = re.compile(r"(?i)(?:MD|PhD|MBBS|MSc|MS|DO|MPH|RN|BSc|MA|FRCP\w*|MRCP\w*|Dr|Prof)\.?")


@dataclass(frozen=True)
class Byline:
    """Names in the records' style, in the order printed, and how many pieces were dropped as not names."""

    names: list[str]
    dropped: int
    marked: bool  # the line carries affiliation markers


def _person(piece: str, marked: bool) -> bool:
    words = piece.split()
    if not words or len(words) > 6 or _NOT_PERSON.search(piece):
        return False
    if not all(_WORD.fullmatch(w) for w in words):
        return False
    if any(w[0].islower() and w.lower() not in PARTICLES and not re.match(r"[a-z]'[A-Z]", w) for w in words):
        return False
    return len(words) >= 2 or marked  # a lone surname is a name only when an affiliation marker follows it


# A lowercase affiliation letter after a name, glued ('Vargas Lebróna') or spaced ('Vargas Lebrón a'), and a
# further letter after a comma ('Gómeza,c'): pages that letter their affiliations print them so.
_LETTER_END = re.compile(r"(?<=[^\W\d_]{2})[ ]?(?P<m>[a-h])$")
_LETTER_PIECE = re.compile(r"[a-h]|[*†‡]")


def _letters_as_digits(line: str, lettered: bool = False) -> str:
    """Affiliation letters written after the names, as digit markers ('a' -> '1'), when the byline shows them
    consistently: every name ends in one, the letters appear in order (a, then b, ...), and a name carries several
    ('Gómeza,c', 'Pérezb,*') or three names two letters or more (two names will do when the page lists affiliations
    under letters: lettered). Otherwise the line is left alone (a surname may end in 'a': 'Ana Silva, Paulo Jacob')."""
    parts = [p.strip() for p in re.split(r"\s*,\s*", line)]
    letters: list[str] = []
    names = chained = 0
    for part in parts:
        if _LETTER_PIECE.fullmatch(part):
            chained += 1
            letters += [part] if part.isalpha() else []
            continue
        end = _LETTER_END.search(part)
        if end is None:
            return line
        names += 1
        letters.append(end.group("m"))
    order = list(dict.fromkeys(letters))
    in_order = order == [chr(ord("a") + i) for i in range(len(order))]
    enough = chained or (len(order) >= 2 and (names >= 3 or lettered))
    if names < 2 or not in_order or not enough:
        return line
    out = []
    for part in parts:
        end = None if _LETTER_PIECE.fullmatch(part) else _LETTER_END.search(part)
        if end is not None:
            part = part[: end.start()] + str(ord(end.group("m")) - ord("a") + 1)
        elif part.isalpha():
            part = str(ord(part) - ord("a") + 1)
        out.append(part)
    return ", ".join(out)


def byline(
    line: str, surnames: dict[str, str] | None = None, lettered: bool = False, two_surnames: bool = False
) -> Byline | None:
    """The names of an author line; None when its first piece is not a person's name (lettered: the page lists its
    affiliations under letters, 'a Department of ...'; two_surnames: see people.record_style)."""
    line = _letters_as_digits(line, lettered)
    marked = bool(MARKER.search(line))
    pieces: list[tuple[str, bool]] = []
    at = 0
    for m in MARKER.finditer(line):  # each piece knows whether a marker closed it
        pieces += [(p, False) for p in _SEPARATOR.split(line[at : m.start()])[:-1]]
        pieces.append((_SEPARATOR.split(line[at : m.start()])[-1], True))
        at = m.end()
    pieces += [(p, False) for p in _SEPARATOR.split(line[at:])]
    names: list[str] = []
    dropped = 0
    for raw, closed in pieces:
        piece = raw.strip(" .,;")
        if not piece or re.fullmatch(r"(?i)et\s+al|\.\.\.|…", piece) or _DEGREE.fullmatch(piece):
            continue  # 'Jane Roe, MD, PhD': a degree is no piece of its own
        name = record_style(piece, surnames, two_surnames) if _person(piece, closed) else None
        if name is None:
            if not names:
                return None  # the first author must be read right, or not at all
            dropped += 1
            continue
        names.append(name)
    return Byline(names, dropped, marked) if names else None


def byline_names(
    line: str, surnames: dict[str, str] | None = None, lettered: bool = False, two_surnames: bool = False
) -> list[str] | None:
    """The names of a line that reads as a byline: two or more names, or one with an affiliation marker, and more
    names than dropped pieces."""
    found = byline(line, surnames, lettered, two_surnames)
    if found is None or found.dropped >= len(found.names):
        return None
    if len(found.names) < 2 and not found.marked:
        return None
    return found.names
