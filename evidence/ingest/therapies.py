"""Every therapy named for this study's patients, with its role: index (a study treatment), prior (received or
failed before) or background (given alongside), from the cue words of its sentence (see roles).

Background sections, negated mentions, calls for other studies and drugs only 'allowed' are not the patients'
therapies. A class word ('JAK inhibitors') adds nothing when a drug of that class is named too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence import vocabulary as vocab
from evidence.ingest.context import STUDY, Context
from evidence.ingest.draft import Found, TherapyUse, found
from evidence.ingest.roles import (
    ATTRIBUTE,
    CONCOMITANT,
    FAILED,
    FUTURE,
    NEUTRAL,
    PRACTICE,
    PRIOR,
    TREATMENT,
    USE,
    cue_before,
)
from evidence.ingest.sections import Piece
from evidence.ingest.terms import CLASS, CONTROL, MEASURE, THERAPY, Mention, scan


@dataclass(frozen=True)
class Hit:
    """A therapy, class or control mention with its clause, sentence and role in the sentence."""

    mention: Mention
    clause: Piece
    sentence: Piece
    role: str


# What clinicians would use, prefer or choose (a survey's answers, a hypothetical case) is practice, not a treatment
# given to the patients of the study.
_PRACTICE = re.compile(
    r"\bwould\s+(?:\w+\s+)?(?:use|start|choose|prescribe|give|add|treat|recommend|prefer|consider|initiate|escalate"
    r"|switch|select)\b|\bpreferr?(?:ed|s|ing)?\b|\bpreference\b|\bfirst[- ]choice\b|\bhypothetical\b|\bvignettes?\b"
    r"|\b(?:case\s+)?scenarios?\b|\brespondents?\b"
    r"|\b(?:clinicians|physicians|rheumatologists|dermatologists|neurologists|pa?ediatricians|experts)\s+(?:\w+\s+)?"
    r"(?:prefer\w*|favou?r\w*|recommend\w*|(?:reported|said)\s+(?:using|they\s+use))\b",
    re.I,
)


# Who answers a survey of practice: clinicians, not patients.
_CLINICIANS = re.compile(
    r"\b(?:clinicians|physicians|doctors|rheumatologists|dermatologists|neurologists|pa?ediatricians|experts"
    r"|providers|respondents|(?:society|network|group)\s+members|members\s+of)\b",
    re.I,
)


def therapy_hits(ctx: Context, survey: bool = False) -> list[Hit]:
    """Every therapy/class/control mention in the title and study sections, with its role. In a survey the title's
    drugs are its topic, and in a survey of clinicians every drug named is practice; drugs respondents would use,
    prefer or choose are practice in any study."""
    hits: list[Hit] = []
    clinicians = survey and any(_CLINICIANS.search(ctx.text, s.start, s.end) for s in ctx.sentences(STUDY))
    for clause, sentence in ctx.clauses(STUDY):
        practice = clinicians or (survey and sentence.section == "title")
        if practice or _PRACTICE.search(ctx.text, sentence.start, sentence.end):
            hits += [Hit(m, clause, sentence, PRACTICE) for m in ctx.mentions(clause.start, clause.end, _DRUGS)]
            continue
        previous: Hit | None = None
        governed: set[int] = set()  # drugs of this clause a time phrase governs
        for m in ctx.mentions(clause.start, clause.end, {THERAPY, CLASS, CONTROL, MEASURE}):
            if m.kind == MEASURE:
                drug = _dosed_drug(ctx, m)
                if drug is not None:
                    hits.append(Hit(drug, clause, sentence, USE))
                continue
            kind = ctx.role(clause, m)
            listed = previous is not None and _LIST_GAP.fullmatch(ctx.text, previous.mention.end, m.start)
            if listed and kind in {TREATMENT, NEUTRAL} and previous and previous.role in _SHARED:
                kind = previous.role  # drugs listed one after another share the cue that introduces the list
            elif kind == TREATMENT and m.kind != CONTROL:
                for pattern, state in ((_BEFORE_STUDY, PRIOR), (_AT_START, CONCOMITANT)):
                    if _governs(ctx, clause, m, pattern, governed):
                        kind = state  # 'at baseline 12 were taking methotrexate': on it when the study began
                        governed.add(m.start)
                        break
            previous = Hit(m, clause, sentence, kind)
            hits.append(previous)
    return hits


_SHARED = {TREATMENT, FAILED, PRIOR, CONCOMITANT}
_DRUGS = {THERAPY, CLASS, CONTROL}
_LIST_GAP = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:[,;]\s*)?(?:(?:and|or|as\s+well\s+as)\s+)?")
# Treatment before this study: 'Before inclusion, patients were treated with X'; 'treatments received before
# referral included X'. The phrase governs the drug when no other drug is named between them.
_BEFORE_STUDY = re.compile(
    r"\b(?:before|prior\s+to|until)\s+(?:(?:study\s+)?(?:inclusion|enrol\w*|entry|referral|admission|recruitment"
    r"|randomi[sz]ation|screening)|(?:the|this)\s+(?:study|trial))\b|\bin\s+the\s+past\b",
    re.I,
)


# The state when the study began: 'At baseline, 12 patients were taking methotrexate'.
_AT_START = re.compile(
    r"\b(?:at|on)\s+(?:baseline|inclusion|enrol\w*|(?:study\s+)?entry|the\s+start\s+of\s+(?:the\s+)?(?:study|trial))\b",
    re.I,
)


def _governs(ctx: Context, clause: Piece, mention: Mention, pattern: re.Pattern[str], governed: set[int]) -> bool:
    """A time phrase of the clause applies to a drug when no other drug is named between them (or between it and
    the drug's cue word), except drugs the phrase already governs ('at baseline 12 were taking X and 8 Y')."""
    phrase = None
    for m in pattern.finditer(ctx.text, clause.start, mention.start):
        phrase = m
    if phrase is None:
        return False
    cue = cue_before(ctx.text, clause, mention)
    start = min(phrase.start(), cue.start()) if cue else phrase.start()
    return all(m.start in governed for m in ctx.mentions(start, mention.start, {THERAPY, CLASS}))


# A dose measure that names a drug ('the mean daily steroid dose decreased', 'prednisone dose'): the patients took
# the drug; like any dose, it says so only where it is a result, not where the methods name what was measured.
_DOSE_WORDS = re.compile(r"(?i)\b(?:doses?|dosages?|dosing|requirements?)\b")


def _dosed_drug(ctx: Context, measure: Mention) -> Mention | None:
    words = ctx.text[measure.start : measure.end]
    if not _DOSE_WORDS.search(words):
        return None
    named = [m for m in scan(_DOSE_WORDS.sub(" ", words)) if m.kind in {THERAPY, CLASS}]
    return Mention(named[0].kind, named[0].ids, measure.start, measure.end) if named else None


def class_of(key: str) -> str | None:
    """Therapy class of a therapy id, or the key itself when it is a class id."""
    if key in vocab.THERAPIES:
        return vocab.therapy_class(key)
    return key if key in vocab.THERAPY_CLASSES else None


def unspecified_therapy(cls: str) -> str | None:
    """The therapy id that stands for 'a drug of this class, not named' (or the class's only drug)."""
    members = [tid for tid in vocab.THERAPIES if vocab.therapy_class(tid) == cls]
    for tid in members:
        if tid.endswith("_unspecified"):
            return tid
    return members[0] if len(members) == 1 else None


_NEGATED = re.compile(
    r"(?:\bno|\bwithout(?:\s+an?)?|\bnon|\bnot(?:\s+an?)?|\babsence\s+of(?:\s+an?)?"
    r"|\black\s+of(?:\s+an?)?)[\s-]*$",
    re.I,
)


_STUDIES = re.compile(r"\b(?:trials?|studies|study|research|investigations?|evaluation|data|evidence)\b", re.I)


def not_this_study(ctx: Context, hit: Hit) -> bool:
    """A mention that names no arm of this study: negated ('without a placebo group', 'non-placebo-controlled')
    or in a call for other studies ('placebo-controlled trials are needed')."""
    text = ctx.text
    if _NEGATED.search(text, max(hit.clause.start, hit.mention.start - 20), hit.mention.start):
        return True
    start, end = hit.sentence.start, hit.sentence.end
    return bool(FUTURE.search(text, start, end) and _STUDIES.search(text, start, end))


# A drug only allowed or permitted during the study was not necessarily given to anyone.
_ALLOWED = re.compile(r"\b(?:allowed|permitted|could\s+be\s+(?:continued|used))\b", re.I)
# 'Steroids and methotrexate were given in all cases before tofacitinib', '... in 3 cases previously': the drugs
# named ahead of 'before'/'previously' in a sentence that says they were given are prior therapies.
_BEFORE = re.compile(r"\b(?:before|previously|prior\s+to|earlier)\b", re.I)
_GIVEN = re.compile(r"\b(?:given|used|received|treated|tried|administered|taken|took|had)\b", re.I)
_ORDER = {"index": 0, "prior": 1, "background": 2}


def _role(ctx: Context, hit: Hit, index_keys: set[str]) -> str | None:
    """index, prior, background, or None (not a therapy these patients are said to have had)."""
    key, role = hit.mention.key, hit.role
    if role in {ATTRIBUTE, PRACTICE} or hit.mention.kind == CONTROL or not_this_study(ctx, hit):
        return None
    if _ALLOWED.search(ctx.text, hit.clause.start, hit.clause.end):
        return None
    if key in index_keys and role not in {FAILED, PRIOR}:
        return "index"
    if role in {FAILED, PRIOR}:
        return "prior"
    if role == USE and hit.sentence.section in {"methods", "objective"}:
        return None  # a dose named as something measured does not say the patients received the drug
    sentence = hit.sentence
    before = _BEFORE.search(ctx.text, hit.mention.end, sentence.end)
    if before and role != USE and _GIVEN.search(ctx.text, sentence.start, before.start()):
        return "prior"
    if role in {CONCOMITANT, USE, TREATMENT}:
        return "background"
    if role == NEUTRAL and hit.sentence.section == "title":
        return "index"
    return None


def therapy_uses(ctx: Context, hits: list[Hit], index_keys: set[str]) -> list[TherapyUse]:
    """Each therapy once, with its strongest role (index, then prior, then background), in reading order."""
    uses: dict[str, TherapyUse] = {}
    for hit in hits:
        role = _role(ctx, hit, index_keys)
        for key in hit.mention.ids if role else ():  # 'intravenous/subcutaneous immune globulin' names two
            where = found(ctx.text, hit.mention.start, hit.mention.end, key, 0.7, f"{role} therapy")
            failed = role == "prior" and (hit.role == FAILED or (key in uses and uses[key].failed))
            if key not in uses or _ORDER[role] < _ORDER[uses[key].role]:
                uses[key] = TherapyUse(key, role, where, failed)
            elif failed and uses[key].role == "prior":
                uses[key] = TherapyUse(key, role, uses[key].where, True)
    named = {class_of(k) for k in uses if k in vocab.THERAPIES}
    kept = [u for u in uses.values() if not (u.id in vocab.THERAPY_CLASSES and u.id in named)]
    return sorted(kept, key=lambda u: u.where.start)


def prior_failed(ctx: Context, uses: list[TherapyUse]) -> Found | None:
    """Therapies (or classes) that failed before, in the order named: 'had failed methotrexate...', 'refractory to
    X', 'despite X'. A therapy only received before ('received IV CYC 20 days earlier') did not fail: the text must
    say it failed, was not enough, or was stopped for inefficacy."""
    prior = [u for u in uses if u.role == "prior" and u.failed]
    if not prior:
        return None
    first, last = prior[0].where, prior[-1].where
    return found(ctx.text, first.start, last.end, [u.id for u in prior], 0.7)


# 'prednisone plus ciclosporin', 'MTX with prednisone': two drugs given together make one arm when a size is stated.
_PLUS = re.compile(r"\s*(?:\+|plus|and|with|combined\s+with|in\s+combination\s+with)\s*", re.I)


def combined_with(ctx: Context, mention: Mention) -> Mention | None:
    """The drug written right after a drug with 'plus' (or 'with', '+', 'combined with'), if any."""
    m = _PLUS.match(ctx.text, mention.end)
    if not m:
        return None
    after = ctx.mentions(m.end(), m.end() + 60, {THERAPY})
    return after[0] if after and after[0].start == m.end() else None
