"""Study-level facts from the abstract body: design, patient numbers, ages and age group, sex, dates, follow-up.

Each function returns Found values (span + confidence) or None; a value is returned only when a sentence
states it. Background sections are not read: they describe other studies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.ingest.context import RESULTS, STUDY, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, WORDS, to_int
from evidence.ingest.roles import FUTURE
from evidence.ingest.timing import FOLLOW_UP, months
from evidence.schema import REGISTRY_PATTERN

PATIENT_NOUN = (
    r"(?:patients?|children|child|subjects?|participants?|individuals?|cases?|adults?|adolescents?|girls?|boys?"
    r"|women|woman|men|man|infants?|persons?|people|pts)"
)
RESPONDENT_NOUN = r"(?:respondents?|clinicians|physicians|rheumatologists|paediatricians|pediatricians|members)"
_ADJECTIVE = (
    r"(?:female|male|consecutive|eligible|additional|evaluable|new|pa?ediatric|adult|juvenile|young|refractory"
    r"|severe|other|remaining|unique|JDM|DM|[A-Z][a-z]{2,}|[A-Za-z0-9]+-(?:positive|negative|onset|treated|naive)"
    r"|[a-z]{3,}ed)"  # past participles: '46 untreated patients', 'among 200 randomized patients'
)
_COUNT = re.compile(
    rf"(?P<n>{NUMBER})\s+(?P<adj>(?:{_ADJECTIVE}\s+){{0,3}})(?P<noun>{PATIENT_NOUN}|{RESPONDENT_NOUN})\b"
)
_TOTAL_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:with|who|that)\s+[^.;,]{1,80}?\s+)?(?:were|was|had\s+been)\s+"
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
        for m in _COUNT.finditer(text, sentence.start, sentence.end):
            value = to_int(m.group("n"))
            if not value or _DENOMINATOR.search(text, max(sentence.start, m.start() - 40), m.start()):
                continue  # "9 of 12 patients": 12 is a denominator, handled with responders
            after = _TOTAL_AFTER.match(text, m.end(), sentence.end)
            if re.fullmatch(RESPONDENT_NOUN, m.group("noun"), re.I):  # '85 clinicians responded'; '16 patients
                after = after or _RESPONDED.match(text, m.end(), sentence.end)  # completed the study' is a subset
            before = _TOTAL_BEFORE.search(text, max(sentence.start, m.start() - 40), m.start())
            per_arm = _PER_ARM_AFTER.match(text, m.end(), sentence.end) or _PER_ARM_BEFORE.search(
                text, max(sentence.start, m.start() - 40), m.start()
            )  # '12 patients per arm', 'each group included 12 patients': not the study total
            subset = bool(_NOT_TOTAL_ADJ.search(m.group("adj")) or per_arm)
            cue = bool(after or before) and not subset
            out.append(Count(value, m.start(), m.end(), m.group("noun").lower(), cue, sentence.section, subset))
    return out


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


# design id -> cue pattern; checked in this order of precedence (a "retrospective case series" is a series)
_DESIGN_CUES: list[tuple[str, re.Pattern[str], float]] = [
    (
        "case_report",
        re.compile(r"\bcase\s+report\b|\bwe\s+(?:report|describe|present)\s+(?:a|an|the\s+case)\b", re.I),
        0.85,
    ),
    (
        "case_series",
        re.compile(r"\bcase\s+series\b|\bseries\s+of\s+(?:\w+\s+){0,3}(?:cases|patients|children)\b", re.I),
        0.85,
    ),
    (
        "rct",
        re.compile(
            r"(?<!non-)(?<!non)(?<!not )\brandomi[sz]ed\b|\brandomly\s+(?:assigned|allocated)\b"
            r"|(?<!non-)(?<!non)(?<!not )\bplacebo-controlled\b",
            re.I,
        ),
        0.85,
    ),
    (
        "open_label_trial",
        re.compile(
            r"\bopen[- ]label\b|\bsingle[- ]arm\s+(?:trial|study)\b|\bpilot\s+trial\b"
            # 'an open, prospective study of a fixed regimen', 'an open uncontrolled trial': open = open-label
            r"|\bopen,?\s+(?:(?:and\s+)?(?:prospective|uncontrolled|non-?randomi[sz]ed|multi-?cent(?:er|re|ric)|pilot"
            r"|single[- ]cent(?:er|re)|phase\s+\w+)[,\s]+){0,3}(?:study|trial)\b"
            r"|\bphase\s+(?:I{1,3}|[123])[ab]?\s+(?:\w+\s+){0,3}(?:trial|study)\b",
            re.I,
        ),
        0.8,
    ),
    ("survey", re.compile(r"\bsurvey\b|\bquestionnaire\s+was\s+(?:sent|distributed)\b", re.I), 0.8),
    ("prospective_cohort", re.compile(r"\bprospective(?:ly)?\b", re.I), 0.7),
    (
        "retrospective_cohort",
        re.compile(
            r"\bretrospective(?:ly)?\b|\bchart\s+review\b|\b(?:medical\s+)?records\s+(?:were|was)\s+reviewed\b|\breview\s+of\s+(?:the\s+)?(?:medical\s+)?(?:records|charts)\b",
            re.I,
        ),
        0.8,
    ),
]
_COMPATIBLE = {frozenset({"case_series", "retrospective_cohort"}), frozenset({"case_report", "retrospective_cohort"}),
               frozenset({"rct", "open_label_trial"}), frozenset({"open_label_trial", "prospective_cohort"}),
               frozenset({"rct", "prospective_cohort"})}  # fmt: skip


def design(ctx: Context) -> Found | None:
    """Study design from cue words in the title, objective, methods and results (not a call for future studies)."""
    hits: dict[str, tuple[int, int, float]] = {}
    for sentence in ctx.sentences(STUDY - {"registration"}):
        if FUTURE.search(ctx.text, sentence.start, sentence.end):
            continue
        for name, pattern, confidence in _DESIGN_CUES:
            m = pattern.search(ctx.text, sentence.start, sentence.end)
            if m and name not in hits:
                weight = 0.0 if sentence.section in {"title", "methods", "objective"} else -0.1
                hits[name] = (m.start(), m.end(), confidence + weight)
    if not hits:
        return None
    order = [name for name, _, _ in _DESIGN_CUES]
    best = min(hits, key=order.index)
    start, end, confidence = hits[best]
    others = [h for h in hits if h != best and frozenset({best, h}) not in _COMPATIBLE]
    note = f"cues for other designs too: {', '.join(others)}" if others else None
    return found(ctx.text, start, end, best, confidence - (0.2 if others else 0.0), note)


def follow_up(ctx: Context) -> Found | None:
    """How long patients were followed, as stated (kept as a hint: the schema has no follow-up field)."""
    for sentence in ctx.sentences(STUDY - {"title"}):
        m = FOLLOW_UP.search(ctx.text, sentence.start, sentence.end)
        if m:
            value = months(m.group("n"), m.group("unit"))
            if value is not None:
                return found(ctx.text, m.start(), m.end(), value, 0.6, "months")
    return None


_REGISTRY = re.compile(
    r"\b(?:NCT\d{8}|ISRCTN\d{8}|ChiCTR[-A-Za-z0-9]{6,30}|ACTRN\d{14}|DRKS\d{8}|jRCT[A-Za-z0-9]{6,20}|EUCTR[-A-Za-z0-9]{6,30})\b"
)


def trial_registration(ctx: Context) -> Found | None:
    """A trial registry number written in the abstract (NCT01234567, ChiCTR...)."""
    for sentence in ctx.sentences(STUDY | {"background"}):
        m = _REGISTRY.search(ctx.text, sentence.start, sentence.end)
        if m and re.fullmatch(REGISTRY_PATTERN, m.group()):
            return found(ctx.text, m.start(), m.end(), m.group(), 0.95)
    return None


_SETTING = re.compile(
    r"\b(?:single[- ]cent(?:er|re)|multi-?cent(?:er|re|ric)|(?:two|three|four|five)[- ]cent(?:er|re)s?"
    r"|tertiary(?:\s+care)?(?:\s+(?:cent(?:er|re)|hospital|setting))?|(?:national|international)\s+registry|registry)\b",
    re.I,
)
_SAFETY = re.compile(
    r"\b(?:adverse|side[- ]effects?|infections?|zoster|herpes|thrombo\w*|malignan\w*|deaths?|died|toxicit\w*"
    r"|cytopeni\w*|lymphopeni\w*|neutropeni\w*|transaminase\w*|well[- ]tolerated|safety)\b",
    re.I,
)


def setting_cues(ctx: Context) -> list[Found]:
    """Words that describe the setting (single centre, registry...): hints for the curator's setting text."""
    out = []
    for sentence in ctx.sentences(STUDY):
        for m in _SETTING.finditer(ctx.text, sentence.start, sentence.end):
            out.append(found(ctx.text, m.start(), m.end(), m.group(), 0.5))
    return out[:5]


def safety_sentences(ctx: Context) -> list[Found]:
    """Result sentences about harms, shown to the curator (safety findings are not drafted)."""
    out = []
    for sentence in ctx.sentences(RESULTS):
        if _SAFETY.search(ctx.text, sentence.start, sentence.end):
            out.append(found(ctx.text, sentence.start, sentence.end, "safety statement", 0.5))
    return out
