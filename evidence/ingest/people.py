"""Author names in the records' style ("Torres Sanchez J", "van der Berg JM") and disclosure statements.

A disclosure that names a company makes industry_ties true and lists the company; a statement of no ties for
everyone makes it false; no statement (or one that cannot be read) leaves it unknown.
"""

from __future__ import annotations

import re

PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "dos",
    "das",
    "du",
    "la",
    "le",
    "ten",
    "ter",
}
_DEGREES = re.compile(r",?\s+\b(?:MD|PhD|MBBS|MSc|MS|DO|MPH|RN|BSc|MA|FRCP\w*|MRCP\w*|Dr)\b\.?", re.I)
_MARKERS = re.compile(r"[\d*†‡§¶#,;]+$")


def is_upper_initials(token: str) -> bool:
    """'J', 'JM', 'É' (initials as the records write them)."""
    return 1 <= len(token) <= 4 and token.isalpha() and token.isupper()


def _initials(given: list[str]) -> str:
    out = ""
    for word in given:
        for part in re.split(r"-", word.strip(".")):
            letters = [c for c in part if c.isalpha()]
            if letters:
                out += letters[0].upper() if part[:1].isalpha() else ""
    return out


def record_style(name: str, surnames: dict[str, str] | None = None, two_surnames: bool = False) -> str | None:
    """'Juan Torres Sanchez' -> 'Torres Sanchez J' (surnames: known surname by its casefolded form, from the
    disclosures, settles compound surnames); 'J. M. van der Berg' -> 'van der Berg JM'. two_surnames: the name
    follows the Spanish custom of two surnames, so a name of three words or more ends in both."""
    name = _DEGREES.sub("", " ".join(name.split()))
    name = _MARKERS.sub("", name).strip(" ,.")
    words = name.split()
    if not words or not any(c.isalpha() for c in name):
        return None
    if len(words) >= 2 and is_upper_initials(words[-1]) and not words[0].endswith("."):
        return name  # already "Surname AB"
    for known in sorted(surnames or {}, key=len, reverse=True):
        if " ".join(words).casefold().endswith(known) and len(known.split()) < len(words):
            surname = " ".join(words[-len(known.split()) :])
            return f"{surname} {_initials(words[: -len(known.split())])}".strip()
    given = [w for w in words if re.fullmatch(r"(?:[^\W\d_]\.)+(?:-[^\W\d_]\.)?|[^\W\d_]\.?", w)]
    if given and words[: len(given)] == given:  # "J. M. van der Berg"
        return f"{' '.join(words[len(given) :])} {_initials(given)}".strip() if len(given) < len(words) else None
    cut = len(words) - (2 if two_surnames and len(words) >= 3 else 1)
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    surname, given = words[cut:], words[:cut]
    return f"{' '.join(surname)} {_initials(given)}".strip()


def disclosure_surnames(statement: str) -> dict[str, str]:
    """Surnames as ACR disclosures write them ('J. Torres Sanchez: None') by casefolded form."""
    out = {}
    for m in re.finditer(r"(?:^|;)\s*(?:[^\W\d_]\.\s*)+(?P<s>[^\W\d_][^:;,]{1,60}?)\s*[:,]", statement):
        surname = " ".join(m.group("s").split())
        out[surname.casefold()] = surname
    return out


_NONE = re.compile(
    r"\s*(?:none|nothing\s+to\s+disclose|no\s+disclosures?|n/?a|none\s+declared|no\s+(?:relevant\s+)?conflicts?"
    r"(?:\s+of\s+interests?)?|no\s+financial\s+(?:relationships?|disclosures?))\s*\.?\s*",
    re.I,
)
_CODE = re.compile(r"\d{1,2}")
_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|Incorporated|LLC|Ltd|Limited|Corp|Corporation|Co|plc|GmbH|S\.?A|AG|B\.?V|N\.?V|S\.?p\.?A|SAS)\.?)+$",
    re.I,
)


def clean_company(name: str) -> str:
    """'Pfizer Inc' -> 'Pfizer', 'Novartis Pharma AG' -> 'Novartis Pharma' (legal-form suffixes dropped)."""
    name = " ".join(name.split()).strip(" .,;:")
    return _SUFFIX.sub("", name).strip(" .,") or name


def acr_disclosures(statement: str) -> tuple[bool | None, list[str]]:
    """ACR statement 'A. B: None; C. D: Pfizer Inc, 2, Merck KGaA, Darmstadt, Germany, 5' -> (ties, companies).

    Each company is followed by a category code; words between a company and its code are its location.
    """
    entries = [e.strip() for e in statement.strip().rstrip(".").split(";") if e.strip()]
    if not entries:
        return None, []
    companies: list[str] = []
    ties = False
    for entry in entries:
        separator = ":" if ":" in entry else ","  # older pages: 'J. Doe, Pfizer, 2'
        rest = entry.split(separator, 1)[1] if separator in entry else ""
        if not rest.strip() or _NONE.fullmatch(rest):
            continue
        ties = True
        tokens = [t.strip() for t in rest.split(",") if t.strip()]
        group: list[str] = []
        for token in tokens:
            if _CODE.fullmatch(token):
                if group:
                    companies.append(clean_company(group[0]))
                group = []
            else:
                group.append(token)
        if group:  # a company written without its category code
            companies.append(clean_company(group[0]))
    return ties, list(dict.fromkeys(c for c in companies if len(c) >= 2))


_EULAR_ROLE = re.compile(
    r"(?:Speakers?\s+bureau|Consultant\s+(?:of|for)|Grants?\s*/\s*research\s+support\s+from|Paid\s+instructor\s+for"
    r"|Employee\s+of|Shareholder\s+of|Stock\s+(?:ownership|options?)\s+(?:in|of)|Board\s+member\s+of|Royalties\s+from"
    r"|Support\s+for\s+attending\s+meetings\s+from|Honoraria\s+from|Advisory\s+boards?\s+(?:of|for)"
    r"|Research\s+support\s+from)\s*:?",
    re.I,
)


def eular_disclosures(statement: str) -> tuple[bool | None, list[str]]:
    """EULAR 'Disclosure of Interests': 'Name Speakers bureau: X, Consultant of: Y, Other Name: None declared'."""
    text = " ".join(statement.split()).rstrip(".")
    if not text:
        return None, []
    roles = list(_EULAR_ROLE.finditer(text))
    if not roles:
        return (False, []) if _NONE.fullmatch(text) or re.search(r"none\s+declared", text, re.I) else (None, [])
    companies: list[str] = []
    for i, role in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(text)
        items = [x.strip() for x in text[role.end() : end].split(",")]
        if i + 1 < len(roles) and items and items[-1]:
            items = items[:-1]  # the words just before the next role label name the next person
        for item in items:
            if item and not re.search(r"none\s+declared|:", item, re.I):
                companies.append(clean_company(item))
    return True, list(dict.fromkeys(c for c in companies if len(c) >= 2))


KNOWN_COMPANIES = (
    "AbbVie", "Alexion", "Amgen", "argenx", "Astellas", "AstraZeneca", "Bayer", "Biogen", "Biotest",
    "Boehringer Ingelheim", "Bristol[- ]Myers Squibb", "BMS", "Cabaletta", "Celgene", "Chugai", "CSL Behring",
    "Corbus", "Daiichi Sankyo", "Eli Lilly", "Lilly", "EMD Serono", "Galapagos", "Genentech", "Gilead",
    "GlaxoSmithKline", "GSK", "Grifols", "Horizon", "Incyte", "Janssen", "Johnson & Johnson", "Kedrion", "Kezar",
    "Kyverna", "Mallinckrodt", "Merck", "MSD", "Novartis", "Novo Nordisk", "Octapharma", "Pfizer", "Priovant",
    "Regeneron", "Roche", "Sanofi", "Sobi", "Takeda", "UCB",
)  # fmt: skip
_KNOWN = re.compile(r"\b(?:" + "|".join(KNOWN_COMPANIES) + r")\b(?:\s+(?:Inc|Ltd|LLC|AG|GmbH|plc)\.?)?", re.I)
_SUFFIXED = re.compile(
    r"\b(?:[A-Z][\w&'-]*\s+){0,3}[A-Z][\w&'-]*\s+(?:Inc|Ltd|LLC|GmbH|AG|plc|Corp(?:oration)?|Pharmaceuticals?|Pharma"
    r"|Therapeutics|Biosciences|Biotech|Laboratories|Biologics|Biopharma|Life\s+Sciences|Healthcare|Diagnostics)\b\.?"
)
_NO_TIES = re.compile(
    r"\b(?:no|none|nothing)\b[^.]{0,60}?\b(?:conflicts?|competing|disclos\w*|financial|relationships?)\b"
    r"|\bnothing\s+to\s+disclose\b|\bnone\s+declared\b|\bdeclare[sd]?\s+(?:that\s+)?(?:they\s+have\s+)?(?:there\s+(?:is|are)\s+)?no\b",
    re.I,
)


def free_text_disclosures(statement: str) -> tuple[bool | None, list[str]]:
    """A prose statement ('The authors declare no competing interests.'; 'AB received fees from Pfizer')."""
    text = " ".join(statement.split())
    names = [clean_company(m.group()) for m in _KNOWN.finditer(text)]
    names += [clean_company(m.group()) for m in _SUFFIXED.finditer(text)]
    unique = list(dict.fromkeys(n for n in names if len(n) >= 2))
    # "Kezar" and "Kezar Life Sciences" from one mention: keep the full name
    companies = [n for n in unique if not any(o != n and o.casefold().startswith(n.casefold() + " ") for o in unique)]
    if companies:
        return True, companies
    if _NO_TIES.search(text):
        return False, []
    return None, []
