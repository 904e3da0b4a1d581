"""Who the patients were: stated ages and the age group, sex, the condition as named, the enrolment period.

Each function returns Found values (span + confidence) or None; background sections are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evidence.ingest.context import STUDY, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, WORDS, to_int

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
    own: list[float] = field(default_factory=list)  # ages of single patients ('a 29-year-old', 'ages 34 and 52')


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
    own: list[float] = []
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
                central = re.search(
                    r"(?i)\b(?:mean|median|average)\b", text[max(sentence.start, m.start() - 12) : m.start()]
                ) or re.match(
                    r"(?i)\s*(?:or|and)\s+(?:older|over|above|more|younger|under|below|less)", text[m.end() :]
                )
                if kind == "old" or (kind == "list" and not central):  # a patient's own age, not a mean or a bound
                    own.extend(numbers)
    return Ages(values, phrases, onset, own)


_JUVENILE = re.compile(
    r"\bjuvenile[- ](?:onset\s+)?dermatomyositis\b|\bJDM\b|\bjuvenile[- ]onset\b|\bchildhood[- ]onset\b", re.I
)
_CHILD = re.compile(
    r"\b(?:children|child|childhood|pa?ediatric|girls?|boys?|adolescents?|infants?|kids|toddlers?)\b", re.I
)
_ADULT = re.compile(r"\b(?:adults?|adulthood)\b(?!-onset)", re.I)
_ADULT_ONSET = re.compile(r"\badult[- ]onset\b", re.I)


def age_group(ctx: Context, stated: Ages) -> Found | None:
    """pediatric, adult_with_jdm, mixed or adult_dm: an adult group only where the text says adults (or adult-onset)
    or gives a patient's own adult age, pediatric where it says children, juvenile or paediatric or states ages under
    18, mixed where it says both."""
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
        # Adults are said by the word or by a single patient's own age ('a 29-year-old woman'): a mean or median
        # age, a range from 18 up, 'women' or 'female patients' are weak cues that set no adult group.
        if grown and not adult and not any(v >= 18 for v in stated.own):
            return None
        group = "mixed" if kids and grown else (adult_group if grown else "pediatric")
        note = "from the ages stated" + (" and the disease named (juvenile DM)" if grown and juvenile else "")
        return found(text, phrase.start, phrase.end, group, 0.85 if group != "mixed" else 0.7, note)
    if adult and child:
        together = any(_ADULT.search(text, s.start, s.end) and _CHILD.search(text, s.start, s.end) for s in sentences)
        if juvenile or together:  # 'adults and children with dermatomyositis'
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
