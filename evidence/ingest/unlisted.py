"""A study drug the vocabulary does not list, found where the text sets it against placebo or a control ('randomized
to arimoclomol or placebo', 'arimoclomol versus placebo'): it is kept as an arm named as written and as a hint for
the curator, and never given an invented vocabulary id (the curator chooses or adds the term)."""

from __future__ import annotations

import re

from evidence.ingest.arms import N_AFTER
from evidence.ingest.context import STUDY, Context
from evidence.ingest.draft import Found, found

UNLISTED = "unlisted"

_NAME = r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
_CONTROL = r"(?:(?:a\s+)?(?:matching\s+|matched\s+|identical\s+)?placebo|(?:the\s+)?(?:vehicle|sham))"
# A dose written after the name: 'arimoclomol 400 mg three times daily or placebo'.
_DOSE = (
    r"(?:\s+\d+(?:\.\d+)?\s*(?:mg|g|µg|mcg|IU)(?:/[\w²]+)*(?:\s+(?:once|twice|three\s+times))?"
    r"(?:\s+(?:daily|weekly|a\s+day|per\s+day|tid|bid))?)"
)
_AGAINST = re.compile(
    rf"\b(?P<a>{_NAME}){_DOSE}?\s*(?:\([^()]{{0,40}}\)\s*)?(?:,\s*)?(?:or|versus|vs\.?|compared\s+(?:with|to)|and)\s+"
    rf"{_CONTROL}\b|\b{_CONTROL}\s*(?:\([^()]{{0,40}}\)\s*)?(?:or|versus|vs\.?|and)\s+(?P<b>{_NAME})\b"
    # 'a placebo-controlled trial of arimoclomol'
    rf"|\bplacebo[- ]controlled\s+(?:\w+\s+){{0,3}}?(?:trial|study)\s+(?:of|with)\s+(?P<c>{_NAME})\b",
    re.I,
)
_CODE = re.compile(r"[A-Z]{1,5}-?\d{2,}[A-Z0-9]*")  # a development code: 'BYM338', 'ABC-123'

# Words that can stand against placebo but name no drug: the treatment in general, a dose, a route, a time, a design.
_NOT_A_DRUG = re.compile(
    r"(?i)^(?:active|drug|drugs|study|treatment|treatments|therapy|therapies|medication|medications|intervention"
    r"|agent|agents|compound|product|dose|doses|dosing|group|groups|arm|arms|either|both|the|a|an|with|of|to|in|on"
    r"|receive|received|receiving|continued|standard|usual|care|open|label|double|blind|single|randomi[sz]ed|assigned"
    r"|allocated|patients|subjects|participants|weekly|daily|monthly|oral|intravenous|subcutaneous|topical|low|high"
    r"|early|late|delayed|immediate|controlled|control|controls|masked|between|trial|trials|phase|period|injection"
    r"|injections|infusion|infusions|tablets?|capsules?|regimen|regimens|combination|monotherapy|vs|versus|or|and"
    r"|weeks?|months?|baseline|efficacy|safety|superiority|effect|effects|response|outcome|outcomes|mg|kg|cream|creams"
    r"|ointment|gel|lotion|solution|spray|patch|foam|shampoo|vehicle)$"
)
_ENGLISH_ENDING = re.compile(r"(?i)(?:tion|sion|ment|ness|ity|ing|ed|ly|ful|less|ous|ive|ies|als?)$")


def unlisted_drugs(ctx: Context) -> list[Found]:
    """Names set against placebo or a control that are no vocabulary term and read as a drug's name, each once
    (case folded), in reading order."""
    text = ctx.text
    out: dict[str, Found] = {}
    for sentence in ctx.sentences(STUDY):
        for m in _AGAINST.finditer(text, sentence.start, sentence.end):
            group = next(g for g in ("a", "b", "c") if m.group(g))
            name, start, end = m.group(group), m.start(group), m.end(group)
            if not _CODE.fullmatch(name) and (
                _NOT_A_DRUG.match(name) or _ENGLISH_ENDING.search(name) or len(name) < 5 or name.isupper()
            ):
                continue
            if any(m.end > start for m in ctx.mentions(max(0, start - 80), end)):
                continue  # (the last word of) a vocabulary term: a listed drug, an antibody, a measure
            if name.casefold() not in out:
                note = "a study drug the vocabulary does not list: choose or add its term"
                out[name.casefold()] = found(text, start, end, name, 0.5, note)
    return list(out.values())


def unlisted_size(ctx: Context, where: Found) -> Found | None:
    """The size written right after the drug's name: 'arimoclomol (n = 74)'."""
    for m in re.finditer(rf"\b{re.escape(where.value)}\b", ctx.text, re.I):
        size = N_AFTER.match(ctx.text, m.end())
        if size:
            value = int(size.group("n") or size.group("m"))
            return found(ctx.text, m.start(), size.end(), value, 0.7, "the size written after the drug's name")
    return None
