"""How many patients the study holds: every 'N patients' with the cues that mark it as the total (or a subset, a
pool screened, a share of one sex), the total itself, a survey's respondents and a case report's single patient.

Each function returns Found values (span + confidence) or None; background sections are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from evidence.ingest.context import STUDY, Context
from evidence.ingest.count_cues import sized_enrolment, subgroup
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, WORDS, in_dose, to_int

PATIENT_NOUN = (
    r"(?:patients?|children|child|subjects?|participants?|individuals?|cases?|adults?|adolescents?|girls?|boys?"
    r"|women|woman|men|man|infants?|persons?|people|pts)"
)
RESPONDENT_NOUN = r"(?:respondents?|clinicians|physicians|rheumatologists|paediatricians|pediatricians|members)"
_ADJECTIVE = (
    r"(?:female|male|consecutive|eligible|additional|evaluable|new|pa?ediatric|adult|juvenile|young|refractory"
    r"|severe|other|remaining|unique|[A-Z][A-Z0-9]{1,5}|[A-Z][a-z]{2,}|[A-Za-z0-9]+-(?:positive|negative|onset|treated"
    r"|naive)"
    r"|[a-z]{3,}ed)"  # past participles: '46 untreated patients', 'among 200 randomized patients'
)
_COUNT = re.compile(
    rf"(?P<n>{NUMBER})\s+(?P<adj>(?:{_ADJECTIVE}\s+){{0,3}})(?P<noun>{PATIENT_NOUN}|{RESPONDENT_NOUN})\b"
)
# A number, the patients' disease or description, then 'were included/randomized/treated': '152 IBM subjects
# fulfilling the criteria were randomized', '59 patients with inflammatory myopathies seen at two centres were included'
# (the description holds no other number).
# An age qualifier between the count and its description ('Ten patients ≥7 years of age with refractory disease were
# enrolled', '12 children aged 2-16 years') does not break the cue.
_AGE_QUALIFIER = (
    r"(?:(?:aged?\s+)?(?:[≥>≤<]=?|over|under|older\s+than|younger\s+than|between)?\s*\d{1,2}(?:\.\d)?"
    r"(?:\s*(?:-|to|and)\s*\d{1,2}(?:\.\d)?)?\s*(?:years?|yrs?|months?)(?:\s+(?:of\s+age|old))?\s*)"
)
_TOTAL_AFTER = re.compile(
    rf"\s*(?:\([^()]{{0,40}}\)\s*)?{_AGE_QUALIFIER}?"
    r"(?:(?:with|who|that|fulfill?ing|meeting|satisfying|diagnosed|from|followed|seen|attending)"
    rf"\s+(?:[^.;\d,()]|,(?!\s*(?:and\s+)?(?:\d|{WORDS})\b)|\([^()]{{0,60}}\)|\b(?:19|20)\d{{2}}\b){{1,150}}?\s+)?"
    r"(?:were|was|had\s+been)\s+"
    r"(?:retrospectively\s+|prospectively\s+)?"
    r"(?:included|enrolled|identified|recruited|analy[sz]ed|studied|evaluated|reviewed|treated|assessed|randomi[sz]ed"
    r"|followed|described|reported|examined|collected|eligible|given|administered)",
    re.IGNORECASE,
)
_TOTAL_BEFORE = re.compile(
    r"(?:total\s+of|cohort\s+of|series\s+of|sample\s+of|group\s+of|we\s+(?:[a-z]+ly\s+)?(?:included|enrolled|identified|studied"
    r"|report(?:ed)?|describe[d]?|present(?:ed)?|reviewed|analy[sz]ed|treated|recruited)|involving|including"
    r"|compris(?:ed|ing)|among(?:\s+(?:the|all))?|of\s+(?:the|all|these)|(?:study|trial)\s+(?:of|in|including|involving)"
    r"|(?:randomly\s+)?(?:allocated|assigned|randomi[sz]ed))\s+$",
    re.IGNORECASE,
)
_DENOMINATOR = re.compile(
    rf"(?:\d+|{WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the\s+|all\s+)?$|/\s*$", re.I
)
_NOT_TOTAL_ADJ = re.compile(r"evaluable|additional|new|other|remaining", re.IGNORECASE)
_PER_ARM_AFTER = re.compile(
    r"\s*(?:(?:were|was)\s+)?(?:(?:randomi[sz]ed|randomly\s+assigned|assigned|allocated|enrolled|included)\s+)?"
    r"(?:(?:in|to|into|from)\s+(?:each|every|both)|per)\s+(?:study\s+|treatment\s+)?(?:arms?|groups?)\b",
    re.I,
)
_PER_ARM_BEFORE = re.compile(
    r"\b(?:each|every|both)\s+(?:study\s+|treatment\s+)?(?:arms?|groups?)\s+(?:included|comprised|contained|enrolled"
    r"|consisted\s+of)\s+$",
    re.I,
)
# Patients screened, referred or assessed for eligibility are the pool the study drew from, not its patients.
_POOL_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:were|was|had\s+been)\s+)?(?:initially\s+|first\s+)?(?:screened|referred|approached"
    r"|invited|(?:assessed|evaluated|considered|reviewed)\s+for\s+(?:eligibility|inclusion))\b",
    re.I,
)
# 'Of the 69 patients followed ..., 31 fulfilled the inclusion criteria': the 31 are the study's patients, the 69 the
# pool; 'were included' after a pool that was followed, screened or referred says the same.
_CRITERIA = (
    r"(?:fulfill?(?:ed|ing)?|met|meeting|satisf(?:ied|ying))\s+(?:the\s+|all\s+|our\s+)?(?:(?!(?:response|improvement"
    r"|remission|outcome|primary|secondary|end\s*point)\b)[\w/&'-]+\s+){0,4}?criteri(?:a|on)"
    r"(?!\s+(?:for|of)\s+(?:\w+\s+)?(?:improvement|response|remission))"
    r"|(?:were|was)\s+eligible"
)
_POOL_WORDS = (
    r"\b(?:followed|screened|assessed|referred|identified|reviewed|seen|evaluated|registered|admitted"
    r"|hospitali[sz]ed)\b"
)
_INCLUDED_OF = re.compile(
    rf"\b(?:of|among|from)\s+(?:the\s+|these\s+|all\s+)?(?P<pool>{NUMBER})\s+(?:[\w-]+\s+){{0,3}}?(?P<noun>{PATIENT_NOUN})\b"
    rf"(?P<gap>[^;]{{0,160}}?),\s*(?P<n>{NUMBER})\s+(?:(?:[\w-]+\s+){{0,2}}?{PATIENT_NOUN}\s+)?(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?"
    rf"(?:(?P<criteria>{_CRITERIA})|(?:were|was)\s+(?:finally\s+)?(?:included|enrolled|selected|recruited))",
    re.I,
)
# 'Sixty-nine patients were followed; of these, 31 fulfilled the inclusion criteria': the count before is the pool.
_OF_THESE = re.compile(
    rf"\b(?:of|among)\s+(?:these|them|whom|those)\s*,?\s*(?P<n>{NUMBER})\s+(?:(?:[\w-]+\s+){{0,2}}?{PATIENT_NOUN}\s+)?"
    rf"(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:{_CRITERIA}|(?:were|was)\s+(?:finally\s+)?(?:included|enrolled|selected))",
    re.I,
)
# One sex among others ('six girls and one boy', '12 women and 8 men'): a share of a sum, never the total itself.
_SEXES = r"(?:girls?|boys?|women|woman|men|man|females?|males?)"
_SEX_AFTER = re.compile(rf"\s*(?:\([^()]{{0,30}}\)\s*)?(?:,|and)\s+(?:{NUMBER})\s+(?:[\w-]+\s+)?{_SEXES}\b", re.I)
_SEX_BEFORE = re.compile(rf"\b{_SEXES}(?:\s+[\w-]+)?\s*(?:\([^()]{{0,30}}\)\s*)?(?:,|and)\s+$", re.I)
# Patients counted within one group ('two patients in the CT cohort') or by what happened to them ('12 patients
# improved', '3 patients died') are a part of the study, never its total.
_PART_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:from|in|of|within)\s+(?:the\s+|each\s+|both\s+)?(?:[\w+/-]+\s+){0,2}"
    r"(?:cohorts?|groups?|arms?)\b|(?:[\w-]+\s+){0,2}?(?:died|relapsed|improved|responded|worsened|deteriorated"
    r"|developed|experienced|achieved|discontinued|withdrew|stopped)\b)",
    re.I,
)
# A count after a result and 'in' ('skin disease improved in one patient', 'remission was achieved in 8 children') is
# those with the result, never the total.
_PART_BEFORE = re.compile(
    r"\b(?:improv\w*|respon\w*|achiev\w*|reached|attained|resolved|relapsed|died|occurred|observed|seen|noted"
    r"|developed|failed|remission|response)\s+(?:was\s+|were\s+)?in\s+(?:only\s+)?$",
    re.I,
)
_RESPONDED = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:responded|completed|answered|participated|returned)", re.I)


@dataclass(frozen=True)
class Count:
    """'Twenty-three patients': value, offsets, the noun, whether a phrase marks it as the study total."""

    value: int
    start: int
    end: int
    noun: str
    total_cue: bool
    section: str
    subset: bool


def patient_counts(ctx: Context) -> list[Count]:
    """Every 'N patients/children/...' (and 'N respondents') in the study sections, in reading order."""
    out: list[Count] = []
    text = ctx.text
    for sentence in ctx.sentences(STUDY - {"registration"}):
        pools: set[int] = set()
        for m in _INCLUDED_OF.finditer(text, sentence.start, sentence.end):
            value = to_int(m.group("n"))
            if value and (m.group("criteria") or re.search(_POOL_WORDS, m.group("gap"), re.I)):
                pools.add(m.start("pool"))
                noun = m.group("noun").lower()
                out.append(Count(value, m.start("n"), m.end(), noun, True, sentence.section, False))
        for m in _COUNT.finditer(text, sentence.start, sentence.end):
            value = to_int(m.group("n"))
            if not value or _DENOMINATOR.search(text, max(sentence.start, m.start() - 40), m.start()):
                continue  # "9 of 12 patients": 12 is a denominator, handled with responders
            if in_dose(text, m.start("n"), m.end("n")):
                continue  # '1 × 106 cells/kg': a dose, not patients
            after = _TOTAL_AFTER.match(text, m.end(), sentence.end)
            if re.fullmatch(RESPONDENT_NOUN, m.group("noun"), re.I):  # '85 clinicians responded'; '16 patients
                after = after or _RESPONDED.match(text, m.end(), sentence.end)  # completed the study' is a subset
            before = _TOTAL_BEFORE.search(text, max(sentence.start, m.start() - 40), m.start())
            per_arm = _PER_ARM_AFTER.match(text, m.end(), sentence.end) or _PER_ARM_BEFORE.search(
                text, max(sentence.start, m.start() - 40), m.start()
            )  # '12 patients per arm', 'each group included 12 patients': not the study total
            pool = m.start() in pools or _POOL_AFTER.match(text, m.end(), sentence.end)
            one_sex = re.search(rf"\b{_SEXES}\b", m.group("adj") + m.group("noun"), re.I) and (
                _SEX_AFTER.match(text, m.end(), sentence.end)
                or _SEX_BEFORE.search(text, max(sentence.start, m.start() - 40), m.start())
            )
            part = not (after or before) and _PART_AFTER.match(text, m.end(), sentence.end)
            part = part or subgroup(text, sentence.start, m.start("n"), m.end("n"))
            part = part or bool(_PART_BEFORE.search(text, max(sentence.start, m.start() - 40), m.start()))
            subset = bool(_NOT_TOTAL_ADJ.search(m.group("adj")) or per_arm or pool or one_sex or part)
            cue = bool(after or before) and not subset
            out.append(Count(value, m.start(), m.end(), m.group("noun").lower(), cue, sentence.section, subset))
        for value, start, end in sized_enrolment(text, sentence.start, sentence.end):
            out.append(Count(value, start, end, "patients", True, sentence.section, False))
        for m in _OF_THESE.finditer(text, sentence.start, sentence.end):
            value = to_int(m.group("n"))
            earlier = [i for i, c in enumerate(out) if c.start < m.start() and c.value > (value or 0)]
            if value and earlier:  # the count before, larger, was the pool
                pool = out[earlier[-1]]
                out[earlier[-1]] = replace(pool, total_cue=False, subset=True)
                out.append(Count(value, m.start("n"), m.end(), pool.noun, True, sentence.section, False))
    return sorted(out, key=lambda c: c.start)


def n_total(ctx: Context, counts: list[Count]) -> tuple[Found | None, list[Found]]:
    """The number of patients in the study, and the other candidates when the choice is not clear-cut.

    A count marked as the total ("23 patients were included", "a total of 40 children") wins; otherwise the
    first patient count is taken only when no later count is larger. Anything else stays for the curator.
    """
    text = ctx.text
    patients = [c for c in counts if not re.fullmatch(RESPONDENT_NOUN, c.noun) and not c.subset]
    cued = [c for c in patients if c.total_cue]
    if cued:
        first = cued[0]
        others = sorted({c.value for c in cued} - {first.value})
        note = f"other totals stated: {others}" if others else None
        return found(text, first.start, first.end, first.value, 0.6 if others else 0.9, note), []
    if not patients:
        return None, []
    first = patients[0]
    if all(c.value <= first.value for c in patients):
        return found(text, first.start, first.end, first.value, 0.65, "first patient count; no larger count"), []
    candidates = [found(text, c.start, c.end, c.value, 0.3) for c in patients]
    return None, candidates


# '141/167 (84%) responded', '141 of 167 members replied', 'a response rate of 84% (141/167)': the respondents.
_RESPONSE_RATIO = re.compile(
    rf"(?<![\w/.])(?P<r>\d{{1,5}}|{WORDS})\s*(?:/|(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of(?:\s+the)?)\s*"
    rf"(?P<e>\d{{1,5}}|{WORDS})\s*"
    rf"(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:{RESPONDENT_NOUN}\s+|invited\s+\w+\s+)?(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?"
    r"(?:responded|replied|answered|returned|completed\s+the)\b"
    r"|\bresponse\s+rate\s+(?:was|of)\s+\d+(?:\.\d+)?\s*%\s*\(\s*(?P<r2>\d{1,5})\s*/\s*\d{1,5}\s*\)",
    re.I,
)


def n_respondents(ctx: Context, counts: list[Count]) -> Found | None:
    """Survey respondents ('141/167 (84%) responded', '229 respondents', '85 clinicians responded')."""
    for sentence in ctx.sentences(STUDY - {"title"}):
        m = _RESPONSE_RATIO.search(ctx.text, sentence.start, sentence.end)
        value = to_int(m.group("r") or m.group("r2")) if m else None
        if m and value:
            return found(ctx.text, m.start(), m.end(), value, 0.8, "those who responded, of those asked")
    for c in counts:
        if re.fullmatch(RESPONDENT_NOUN, c.noun):
            return found(ctx.text, c.start, c.end, c.value, 0.8 if c.total_cue or c.noun.startswith("resp") else 0.5)
    return None


def case_report_total(ctx: Context) -> Found | None:
    """One patient, when a case report presents a single case ('We report a 9-year-old girl...', 'in a 29 year-old
    female')."""
    pattern = re.compile(
        r"\b(?:we\s+(?:report|describe|present)\s+(?:the\s+case\s+of\s+)?|case\s+of\s+|\b(?:in|of)\s+)(?:a|an|one)\s+"
        r"(?:\S+\s+){0,4}?(?:girl|boy|woman|man|female|male|patient|child|adolescent|infant|toddler)\b",
        re.IGNORECASE,
    )
    for sentence in ctx.sentences(STUDY):
        m = pattern.search(ctx.text, sentence.start, sentence.end)
        if m:
            return found(ctx.text, m.start(), m.end(), 1, 0.6, "a single case is presented")
    return None
