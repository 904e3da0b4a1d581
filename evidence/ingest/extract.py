"""Study-level facts from the abstract body: design, follow-up, trial registration, setting and safety cues (the
patient numbers are read in totals.py, ages and sex in population.py).

Each function returns Found values (span + confidence) or None; a value is returned only when a sentence
states it. Background sections are not read: they describe other studies.
"""

from __future__ import annotations

import re

from evidence.ingest.context import RESULTS, STUDY, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.roles import FUTURE
from evidence.ingest.timing import FOLLOW_UP, months
from evidence.schema import REGISTRY_PATTERN

# design id -> cue pattern; checked in this order of precedence (a "retrospective case series" is a series)
_DESIGN_CUES: list[tuple[str, re.Pattern[str], float]] = [
    (
        "case_report",
        # 'we describe a 9-year-old girl', not 'we describe a total of seven' or 'a series of'
        re.compile(
            r"\bcase\s+report\b|\bwe\s+(?:report|describe|present)\s+(?:(?:a|an)\b(?!\s+(?:total|series|cohort|group"
            r"|number|sample|case\s+series|(?:\w+\s+)?(?:series|cohort|study))\b)|the\s+case)",
            re.I,
        ),
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
