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
from evidence.schema import REGISTRY_PATTERN

PATIENT_NOUN = (
    r"(?:patients?|children|child|subjects?|participants?|individuals?|cases?|adults?|adolescents?|girls?|boys?"
    r"|women|woman|men|man|infants?|persons?|people|pts)"
)
RESPONDENT_NOUN = r"(?:respondents?|clinicians|physicians|rheumatologists|paediatricians|pediatricians|members)"
_ADJECTIVE = (
    r"(?:female|male|consecutive|eligible|additional|evaluable|new|pa?ediatric|adult|juvenile|young|refractory"
    r"|severe|other|remaining|unique|JDM|DM|[A-Z][a-z]{2,}|[A-Za-z0-9]+-(?:positive|negative|onset|treated|naive))"
)
_COUNT = re.compile(
    rf"(?P<n>{NUMBER})\s+(?P<adj>(?:{_ADJECTIVE}\s+){{0,3}})(?P<noun>{PATIENT_NOUN}|{RESPONDENT_NOUN})\b"
)
_TOTAL_AFTER = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:with\s+[^.;,]{1,60}?\s+)?(?:were|was|had\s+been)\s+(?:retrospectively\s+|prospectively\s+)?"
    r"(?:included|enrolled|identified|recruited|analy[sz]ed|studied|evaluated|reviewed|treated|assessed|randomi[sz]ed"
    r"|followed|described|reported|examined|collected|eligible)",
    re.IGNORECASE,
)
_TOTAL_BEFORE = re.compile(
    r"(?:total\s+of|cohort\s+of|series\s+of|sample\s+of|group\s+of|we\s+(?:included|enrolled|identified|studied"
    r"|report(?:ed)?|describe[d]?|present(?:ed)?|reviewed|analy[sz]ed|treated|recruited)|involving|including"
    r"|compris(?:ed|ing)|among(?:\s+(?:the|all))?|of\s+(?:the|all|these))\s+$",
    re.IGNORECASE,
)
_DENOMINATOR = re.compile(
    rf"(?:\d+|{WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the\s+|all\s+)?$|/\s*$", re.I
)
_NOT_TOTAL_ADJ = re.compile(r"evaluable|additional|new|other|remaining", re.IGNORECASE)
_PER_ARM_AFTER = re.compile(
    r"\s*(?:(?:were|was)\s+)?(?:(?:randomi[sz]ed|randomly\s+assigned|assigned|allocated|enrolled|included)\s+)?"
    r"(?:(?:in|to|into)\s+(?:each|every|both)|per)\s+(?:study\s+|treatment\s+)?(?:arms?|groups?)\b",
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
            after = _TOTAL_AFTER.match(text, m.end(), sentence.end) or _RESPONDED.match(text, m.end(), sentence.end)
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


def n_respondents(ctx: Context, counts: list[Count]) -> Found | None:
    """Survey respondents ('229 respondents', '85 clinicians responded')."""
    for c in counts:
        if re.fullmatch(RESPONDENT_NOUN, c.noun):
            return found(ctx.text, c.start, c.end, c.value, 0.8 if c.total_cue or c.noun.startswith("resp") else 0.5)
    return None


def case_report_total(ctx: Context) -> Found | None:
    """One patient, when the abstract presents a single case ('We report a 9-year-old girl...')."""
    pattern = re.compile(
        r"\b(?:we\s+(?:report|describe|present)\s+(?:the\s+case\s+of\s+)?|case\s+of\s+)(?:a|an|one)\s+"
        r"(?:\S+\s+){0,4}?(?:girl|boy|woman|man|patient|child|adolescent|infant|toddler)\b",
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
FUTURE = re.compile(
    r"\b(?:needed|need\s+for|warranted|required|future|further|larger|should\s+be|are\s+necessary|merits?|call\s+for)\b",
    re.I,
)
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


_AGE_NUM = r"\d{1,3}(?:\.\d+)?"
_UNIT = r"(?:years?|yrs?|y(?![a-z])|months?|mo(?![a-z]))"
_AGE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "list",
        re.compile(
            rf"\bages?\s+(?:of\s+)?(?P<list>{_AGE_NUM}(?:\s*,\s*{_AGE_NUM})*(?:\s*,?\s*(?:and|or)\s+{_AGE_NUM})?)(?:\s*(?P<unit>{_UNIT}))?",
            re.I,
        ),
    ),
    (
        "range",
        re.compile(
            rf"\b(?:aged?|ages?|age\s+range(?:d)?|ranging\s+in\s+age|between\s+the\s+ages\s+of)\s*(?:of\s+|from\s+|between\s+|:\s*)?(?P<a>{_AGE_NUM})\s*(?:-|to|and)\s*(?P<b>{_AGE_NUM})\s*(?P<unit>{_UNIT})?",
            re.I,
        ),
    ),
    (
        "central",
        re.compile(
            rf"\b(?:mean|median|average)\s+age\b[^.;\d]{{0,40}}?(?P<a>{_AGE_NUM})\s*(?:\(\s*(?:SD|IQR|range|±)?[^()]{{0,30}}\)\s*)?(?P<unit>{_UNIT})(?:\s*[(,;]\s*(?:range|IQR)[:\s]*(?P<lo>{_AGE_NUM})\s*(?:-|to)\s*(?P<hi>{_AGE_NUM})\s*(?:{_UNIT})?\s*\)?)?",
            re.I,
        ),
    ),
    ("old", re.compile(rf"\b(?P<a>{_AGE_NUM}|{WORDS})[- ](?P<unit>year|month)s?[- ]old\b", re.I)),
    (
        "range",
        re.compile(
            rf"\b(?P<a>{_AGE_NUM})\s*(?:-|to)\s*(?P<b>{_AGE_NUM})\s*(?P<unit>years?|yrs?)\s*(?:old|of\s+age)\b", re.I
        ),
    ),
    (
        "under",
        re.compile(
            rf"\b(?:under|below|younger\s+than|less\s+than|<|≤)\s*(?:the\s+age\s+of\s+)?(?P<a>{_AGE_NUM})\s*(?P<unit>years?|yrs?)",
            re.I,
        ),
    ),
    (
        "over",
        re.compile(
            rf"\b(?:over|above|older\s+than|≥|>=|>)\s*(?:the\s+age\s+of\s+)?(?P<a>{_AGE_NUM})\s*(?P<unit>years?|yrs?)",
            re.I,
        ),
    ),
]
_ONSET = re.compile(r"(?:onset|diagnosis|diagnosed|symptoms?|duration|disease\s+for)\W*(?:\w+\W+){0,3}$", re.I)


_MAX_AGE_PHRASES = 12


@dataclass(frozen=True)
class Ages:
    """Ages stated for the patients (years), and the phrases that state them."""

    values: list[float]
    phrases: list[Found]
    onset: list[Found]


def _age_value(token: str, unit: str | None) -> float | None:
    value = float(token) if re.fullmatch(_AGE_NUM, token) else to_int(token)
    if value is None:
        return None
    return round(value / 12, 1) if unit and unit.lower().startswith("mo") else float(value)


def ages(ctx: Context) -> Ages:
    """Patient ages stated in the study sections; ages at onset or diagnosis are kept apart."""
    values: list[float] = []
    phrases: list[Found] = []
    onset: list[Found] = []
    text = ctx.text
    for sentence in ctx.sentences(STUDY - {"title"}):
        taken: list[tuple[int, int]] = []
        for kind, pattern in _AGE_PATTERNS:
            for m in pattern.finditer(text, sentence.start, sentence.end):
                if len(taken) >= _MAX_AGE_PHRASES:
                    break  # no abstract states more ages than this in one sentence
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                unit = m.groupdict().get("unit")
                if kind == "list":
                    tokens = re.findall(_AGE_NUM, m.group("list"))
                    if len(tokens) < 2 and not unit:
                        continue
                elif kind == "range":
                    tokens = [m.group("a"), m.group("b")]
                else:
                    tokens = [m.group("a")] + [m.group(g) for g in ("lo", "hi") if m.groupdict().get(g)]
                numbers = [v for v in (_age_value(t, unit) for t in tokens) if v is not None]
                if kind == "under":
                    numbers = [max(0.0, n - 0.5) for n in numbers]
                if not numbers or max(numbers) > 110:
                    continue
                taken.append((m.start(), m.end()))
                phrase = found(text, m.start(), m.end(), m.group().strip(), 0.75)
                if _ONSET.search(text, max(sentence.start, m.start() - 30), m.start()):
                    onset.append(phrase)
                    continue
                values.extend(numbers)
                phrases.append(phrase)
    return Ages(values, phrases, onset)


_JUVENILE = re.compile(
    r"\bjuvenile[- ](?:onset\s+)?dermatomyositis\b|\bJDM\b|\bjuvenile[- ]onset\b|\bchildhood[- ]onset\b", re.I
)
_CHILD = re.compile(
    r"\b(?:children|child|childhood|pa?ediatric|girls?|boys?|adolescents?|infants?|kids|toddlers?)\b", re.I
)
_ADULT = re.compile(r"\b(?:adults?|adulthood|women|woman|men|man|elderly)\b(?!-onset)", re.I)
_ADULT_ONSET = re.compile(r"\badult[- ]onset\b", re.I)


def age_group(ctx: Context, stated: Ages) -> Found | None:
    """pediatric, adult_with_jdm, mixed or adult_dm, from stated ages first, then from words (children, adults)."""
    text = ctx.text
    sentences = ctx.sentences(STUDY)

    def first(pattern: re.Pattern[str]) -> re.Match[str] | None:
        for s in sentences:
            m = pattern.search(text, s.start, s.end)
            if m:
                return m
        return None

    juvenile, child, adult = first(_JUVENILE), first(_CHILD), first(_ADULT) or first(_ADULT_ONSET)
    adult_group = "adult_with_jdm" if juvenile and not first(_ADULT_ONSET) else "adult_dm"
    if stated.values:
        kids = [v for v in stated.values if v < 18]
        grown = [v for v in stated.values if v >= 18]
        phrase = stated.phrases[0]
        group = "mixed" if kids and grown else (adult_group if grown else "pediatric")
        note = "from the ages stated" + (" and the disease named (juvenile DM)" if grown and juvenile else "")
        return found(text, phrase.start, phrase.end, group, 0.85 if group != "mixed" else 0.7, note)
    if adult and child:
        if juvenile:
            return found(text, adult.start(), adult.end(), "mixed", 0.45, "both children and adults are mentioned")
        return None
    if adult:
        note = "adults named; juvenile-onset disease named" if adult_group == "adult_with_jdm" else "adults named"
        return found(text, adult.start(), adult.end(), adult_group, 0.7, note)
    if child:
        return found(text, child.start(), child.end(), "pediatric", 0.75, "children named")
    if juvenile:
        return found(text, juvenile.start(), juvenile.end(), "pediatric", 0.6, "juvenile DM named; no ages stated")
    return None


_SEX = re.compile(
    rf"(?P<n>{NUMBER}|\d{{1,3}}(?:\.\d+)?\s*%)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:were\s+|of\s+them\s+|are\s+)?"
    r"(?P<sex>female|male|girls?|boys?|women|men)\b(?![- ]to[- ])",
    re.I,
)


def sex(ctx: Context) -> Found | None:
    """'3 female', '12 girls and 8 boys', '62% female' as stated."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    for sentence in ctx.sentences(STUDY - {"title"}):
        for m in _SEX.finditer(ctx.text, sentence.start, sentence.end):
            raw = m.group("n")
            amount = raw.replace(" ", "") if raw.endswith("%") else to_int(raw)
            if amount is None:
                continue
            word = m.group("sex").lower()
            label = "female" if word.startswith(("f", "g", "w")) else "male"
            parts.append(f"{amount} {label}")
            spans.append((m.start(), m.end()))
        if parts:
            break
    if not parts:
        return None
    return found(ctx.text, spans[0][0], spans[-1][1], ", ".join(dict.fromkeys(parts)), 0.6)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_PERIOD = re.compile(
    rf"\b(?:from|between|during)\s+(?P<a>(?:{_MONTH}\.?\s+)?(?:19|20)\d{{2}})\s*(?:to|and|until|through|-)\s*"
    rf"(?P<b>(?:{_MONTH}\.?\s+)?(?:19|20)\d{{2}})\b",
)


def enrolment_period(ctx: Context) -> Found | None:
    """'from January 2011 to June 2024' -> 'January 2011 to June 2024'."""
    for sentence in ctx.sentences(frozenset({"methods", "objective", "abstract", "results"})):
        m = _PERIOD.search(ctx.text, sentence.start, sentence.end)
        if m:
            return found(ctx.text, m.start("a"), m.end("b"), f"{m.group('a')} to {m.group('b')}", 0.8)
    return None


_DURATION_NUMBER = rf"(?:\d+(?:\.\d+)?|{WORDS}|a)"
_TIME = re.compile(
    rf"\b(?:at|after|within|over|by|for|during|through|to|in)\s+(?:the\s+|a\s+period\s+of\s+)?(?:"
    rf"(?P<n>{_DURATION_NUMBER})[\s-]+(?P<unit>days?|weeks?|months?|years?)"
    rf"|(?P<unit2>week|month|year)\s+(?P<n2>\d+)|(?P<first>first|one)\s+(?P<unit3>year|month|week))\b",
    re.I,
)
_FOLLOW_UP = re.compile(
    rf"\bfollow(?:ed|ing)?(?:[- ]?up)?\b[^.;]{{0,40}}?\b(?P<n>{_DURATION_NUMBER})(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?"
    r"\s*(?P<unit>days?|weeks?|months?|years?)\b",
    re.I,
)
_DAYS_PER_MONTH = 30.4375


def months(amount: str, unit: str) -> float | None:
    """A duration in months, to one decimal (12 weeks -> 2.8)."""
    amount = amount.strip().lower()
    value = 1.0 if amount in {"a", "first", "one"} else None
    if value is None:
        value = float(amount) if re.fullmatch(r"\d+(?:\.\d+)?", amount) else to_int(amount)
    if value is None:
        return None
    unit = unit.lower().rstrip("s")
    factor = {"day": 1 / _DAYS_PER_MONTH, "week": 7 / _DAYS_PER_MONTH, "month": 1.0, "year": 12.0}[unit]
    return round(value * factor, 1)


def timepoint(text: str, start: int, end: int) -> Found | None:
    """The first time point in text[start:end] ('at 12 months', 'at week 24', 'within one year'), in months."""
    for m in _TIME.finditer(text, start, end):
        if m.group("n"):
            value = months(m.group("n"), m.group("unit"))
        elif m.group("n2"):
            value = months(m.group("n2"), m.group("unit2"))
        else:
            value = months(m.group("first"), m.group("unit3"))
        if value is not None:
            return found(text, m.start(), m.end(), value, 0.6)
    return None


def follow_up(ctx: Context) -> Found | None:
    """How long patients were followed, as stated (kept as a hint: the schema has no follow-up field)."""
    for sentence in ctx.sentences(STUDY - {"title"}):
        m = _FOLLOW_UP.search(ctx.text, sentence.start, sentence.end)
        if m:
            value = months(m.group("n"), m.group("unit"))
            if value is not None:
                return found(ctx.text, m.start(), m.end(), value, 0.6, "months")
    return None


_CONDITION = re.compile(
    r"(?:(?:refractory|severe|chronic|resistant|recalcitrant|active|persistent|difficult-to-treat|treatment-"
    r"(?:resistant|refractory)|cutaneous|skin-predominant|amyopathic|clinically\s+amyopathic|anti-[\w-]+?-?"
    r"(?:positive|associated)|[A-Z0-9γ]{3,6}-(?:positive|associated)|juvenile-onset|adult-onset|adult|childhood"
    r"|pa?ediatric|new-onset)(?:,?\s+(?:and|or)\s+|,\s+|\s+)){0,4}(?:juvenile\s+)?dermatomyositis"
    r"(?:[\s-]+(?:associated\s+)?(?:rapidly\s+progressive\s+)?interstitial\s+lung\s+disease)?",
    re.I,
)


def condition(ctx: Context) -> Found | None:
    """The disease as the title (else the objective or methods) names it, e.g. 'refractory juvenile dermatomyositis'."""
    for names in (frozenset({"title"}), frozenset({"objective", "methods", "abstract", "results"})):
        best = None
        for sentence in ctx.sentences(names):
            if sentence.section == "title" and ctx.snippet(sentence).isupper():
                continue  # a title in capitals does not show how the words are written
            for m in _CONDITION.finditer(ctx.text, sentence.start, sentence.end):
                if best is None or len(m.group()) > len(best.group()):
                    best = m
            if best:
                break
        if best:
            words = [w.lower() if all(p[:1].isupper() and p[1:].islower() for p in w.split("-")) else w
                     for w in best.group().split()]  # fmt: skip
            return found(
                ctx.text, best.start(), best.end(), " ".join(words).strip(" ,"), 0.5, "as the abstract names it"
            )
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
