"""Therapy arms from the abstract: which drugs were the study treatments, how many patients each arm had.

A therapy named in the title, or given in a treatment phrase ("treated with", "initiation of", "received"),
is a study therapy; one named after "failed", "despite" or "refractory to" is a prior failed therapy; one
named with "also received", "alongside" or as "X use declined" is neither. When the title names therapies, the
arms are those therapies (and their class members), plus any control or placebo group and any therapy with a
stated arm size. Per-drug sizes make per-drug arms; a class word with its drugs listed makes one class arm.
A negated mention ('without a placebo group') or one in a call for other studies ('placebo-controlled trials are
needed') makes no arm; comparator arms come after the study treatments. One size 'in each arm' fills every arm
only where parse checks it against the total; a ratio ('randomized 1:1') alone gives no size.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from evidence import vocabulary as vocab
from evidence.ingest.context import STUDY, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.extract import FUTURE
from evidence.ingest.numbers import NUMBER, to_int
from evidence.ingest.sections import Piece
from evidence.ingest.terms import ANTIBODY, CLASS, CONTROL, THERAPY, Mention

TREATMENT, FAILED, PRIOR, CONCOMITANT, USE, NEUTRAL = "treatment", "failed", "prior", "concomitant", "use", "neutral"
ATTRIBUTE = "attribute"  # "steroid-sparing", "MTX-induced": the drug describes something else

_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        FAILED,
        re.compile(
            r"\b(?:failed|failure\s+of|failing|refractory\s+to|resistant\s+to|despite|inadequate(?:ly)?\s+respon\w*"
            r"|intoleran\w*|unresponsive\s+to|non-?respon\w*\s+to|did\s+not\s+respond\s+to|lack\s+of\s+response\s+to"
            r"|insufficient\s+response\s+to|recalcitrant\s+to)\b",
            re.I,
        ),
    ),
    (
        PRIOR,
        re.compile(
            r"\b(?:prior|previous(?:ly)?|earlier|history\s+of|had\s+(?:previously\s+)?(?:received|been\s+(?:treated|given))"
            r"|switched\s+from|pre-?treated\s+with)\b",
            re.I,
        ),
    ),
    (
        CONCOMITANT,
        re.compile(
            r"\b(?:also\s+(?:received|given|took|taking)|concomitant(?:ly)?|alongside|in\s+combination\s+with|combined\s+with"
            r"|plus|along\s+with|together\s+with|in\s+addition\s+to|co-?administered|background)\b",
            re.I,
        ),
    ),
    (
        USE,
        re.compile(
            r"\b(?:reduc\w*|taper\w*|wean\w*|lower\w*|decreas\w*|cessation\s+of|discontinu\w*|stopp?\w*|withdr[ae]w\w*"
            r"|spar\w*)\b",
            re.I,
        ),
    ),
    (
        TREATMENT,
        re.compile(
            r"\b(?:treated\s+with|treatment\s+with|therapy\s+with|received|receiving|receive|given|administered"
            r"|initiation\s+of|initiated|initiating|start(?:ed|ing)?(?:\s+on)?|commenced|add(?:ed|ing|ition\s+of)|add-on"
            r"|use\s+of|using|switched\s+to|escalat\w*\s+to|efficacy\s+of|effectiveness\s+of|effects?\s+of|safety\s+of"
            r"|experience\s+with|response\s+to|outcomes?\s+of|trial\s+of|study\s+of|course\s+of|exposed\s+to"
            r"|(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)(?:\s+\d+\s*:\s*\d+|\s+(?:in\s+)?a\s+\d+\s*:\s*\d+\s+ratio)?"
            r"(?:\s*\([^()]{0,40}\))?\s+to|switched\s+to)\b",
            re.I,
        ),
    ),
]
_ANY_CUE = re.compile("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in _CUES), re.I)
_POST_FAILED = re.compile(
    r"[\s-]*(?:refractory|resistant|intolerant|failure|naive|naïve|experienced|inadequate)\b", re.I
)
_POST_USE = re.compile(
    r"(?:\s+(?:use|dose|doses|dosage|dosing|requirements?|exposure|tapering|withdrawal|discontinuation)\b"
    r"|\s+(?:(?:was|were|could\s+be|could|can\s+be|had\s+been)\s+)?(?:successfully\s+)?(?:reduced|tapered|lowered"
    r"|stopped|discontinued|withdrawn|weaned|decreased)\b)",
    re.I,
)
_POST_PRIOR = re.compile(r"[\s-]+(?:dependen\w*|exposed|pretreated)\b", re.I)
_POST_ATTRIBUTE = re.compile(r"[\s-]+(?:sparing|induced|related|associated|free|toxicity|toxicities)\b", re.I)
_POST_TREATMENT = re.compile(
    r"(?:[\s-]*(?:treated|group|arm|cohort|therapy|treatment|monotherapy|infusions?|recipients?|users?)\b"
    r"|\s+(?:was|were)\s+(?:started|initiated|given|administered|added|used|introduced|commenced))",
    re.I,
)


_CUE_WINDOW = 200


@dataclass(frozen=True)
class Hit:
    """A therapy, class or control mention with its clause, sentence and role in the sentence."""

    mention: Mention
    clause: Piece
    sentence: Piece
    role: str


def role(text: str, clause: Piece, mention: Mention) -> str:
    """How a therapy is used in its clause: treatment, failed, prior, concomitant, use (an outcome), attribute
    ('steroid-sparing') or neutral. The nearest cue word before it decides; some words after it override."""
    if _POST_FAILED.match(text, mention.end):
        return FAILED
    if _POST_USE.match(text, mention.end):
        return USE
    if _POST_PRIOR.match(text, mention.end):
        return PRIOR
    if _POST_ATTRIBUTE.match(text, mention.end):
        return ATTRIBUTE
    kind = NEUTRAL
    window = max(clause.start, mention.start - _CUE_WINDOW)  # cues further back than this do not govern the word
    for m in _ANY_CUE.finditer(text, window, mention.start):
        kind = m.lastgroup or NEUTRAL  # the nearest cue before the word decides
    if kind != NEUTRAL:
        return kind
    if _POST_TREATMENT.match(text, mention.end) or text[max(0, mention.start - 3) : mention.start].lower() == "on ":
        return TREATMENT
    return NEUTRAL


def therapy_hits(ctx: Context) -> list[Hit]:
    """Every therapy/class/control mention in the title and study sections, with its role."""
    hits: list[Hit] = []
    for clause, sentence in ctx.clauses(STUDY):
        for m in ctx.mentions(clause.start, clause.end, {THERAPY, CLASS, CONTROL}):
            hits.append(Hit(m, clause, sentence, ctx.role(clause, m)))
    return hits


_GAP = re.compile(
    r"(?:\s*(?:patients?|children|child|subjects?|participants?|individuals?|cases?|adults?|adolescents?|girls?|boys?"
    r"|women|men|were|was|had|been|who|that|treated|received|receiving|given|with|on|started|initiated|using|took"
    r"|taking|underwent|in|the|group|arm|cohort|assigned|allocated|randomi[sz]ed|randomly|to|female|male|consecutive"
    r"|additional)\b)*\s*",
    re.I,
)
_NOT_BEFORE = re.compile(r"(?:\bof|/|\baged?|\bages|p\s*[=<>]|n\s*=|\bin|\bfor|\bat|\bafter|\bwithin)\s*$", re.I)
_NOT_AFTER = re.compile(
    r"\s*(?::|/|of\b|%|percent|years?|months?|weeks?|days?|mg|g\b|kg|ml|hours?|times|doses?|cycles?|infusions?|-year"
    r"|-month|-week)",
    re.I,
)
_NUMBER_RE = re.compile(NUMBER)
_RATIO = re.compile(
    rf"{NUMBER}\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:out\s+)?of\s+(?:the\s+|all\s+)?{NUMBER}|/\s*\d)"
)
_HARM = re.compile(
    r"\b(?:adverse|side[- ]effects?|infections?|zoster|herpes|thrombo\w*|malignan\w*|deaths?|died|toxicit\w*"
    r"|relapsed?)\b"
    r"|\b(?:complet(?:ed|ing|ion)|discontinu\w*|withdr[ae]w\w*|dropped\s+out|drop-?outs?|lost\s+to\s+follow|all\s+but)\b",
    re.I,
)  # harms, relapses and who completed or left: those counts are not arm sizes
_N_AFTER = re.compile(
    r"\s*(?:group|arm|cohort|-?treated(?:\s+patients)?|patients|therapy|monotherapy)?\s*[(\[]\s*"
    r"(?:n\s*[=:]\s*(?P<n>\d{1,5})|(?P<m>\d{1,5})\s+(?:patients?|children|cases|participants?|subjects?))\s*[)\],;]",
    re.I,
)


_EACH_ARM = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:(?:patients?|subjects?|participants?|children|adults|individuals|cases)\s+)?"
    r"(?:(?:were|was)\s+)?(?:(?:randomi[sz]ed|randomly\s+assigned|assigned|allocated|enrolled|included)\s+)?"
    r"(?:(?:in|to|into)\s+(?:each|every|both)(?:\s+of\s+the\s+(?:two|three|four|[234]))?|per)\s+"
    r"(?:study\s+|treatment\s+)?(?:arms?|groups?)\b"
    rf"|\b(?:each|every|both)\s+(?:study\s+|treatment\s+)?(?:arms?|groups?)\s+(?:included|comprised|contained"
    rf"|enrolled|consisted\s+of)\s+(?P<n2>{NUMBER})(?!\s*(?:%|years?|months?|weeks?|days?|mg))",
    re.I,
)


def each_arm_size(ctx: Context) -> Found | None:
    """One size stated for every arm: '36 subjects were randomized (18 in each arm)', '15 per group'. Nothing
    when the sizes stated differ, or the clause is about harms, completion or withdrawal ('2 in each arm
    withdrew'); a ratio ('randomized 1:1') alone gives no size."""
    text = ctx.text
    stated: list[Found] = []
    for clause, _ in ctx.clauses(STUDY - {"title", "registration"}):
        if _HARM.search(text, clause.start, clause.end):
            continue
        for m in _EACH_ARM.finditer(text, clause.start, clause.end):
            token = m.group("n") or m.group("n2")
            value = to_int(token)
            at = m.start("n") if m.group("n") else m.start("n2")
            if not value or _NOT_BEFORE.search(text, max(clause.start, at - 10), at):
                continue
            stated.append(found(text, m.start(), m.end(), value, 0.8, "the size stated for each arm"))
    if not stated or len({f.value for f in stated}) > 1:
        return None
    return stated[0]


@dataclass(frozen=True)
class ArmCount:
    """A stated arm size: 'seven treated with JAK inhibitors', 'abatacept (n = 24)'."""

    key: str
    value: int
    where: Found


def arm_counts(ctx: Context, hits: list[Hit]) -> list[ArmCount]:
    """Stated arm sizes, in reading order (clauses about antibodies, harms or responders are skipped)."""
    text = ctx.text
    out: list[ArmCount] = []
    by_clause: dict[tuple[int, int], list[Hit]] = {}
    for hit in hits:
        if hit.sentence.section != "title" and len(hit.mention.ids) == 1:
            by_clause.setdefault((hit.clause.start, hit.clause.end), []).append(hit)
    for (start, end), clause_hits in by_clause.items():
        for hit in clause_hits:  # "abatacept (n = 24)"
            m = _N_AFTER.match(text, hit.mention.end)
            if m and hit.role not in {FAILED, PRIOR, USE, ATTRIBUTE}:
                value = int(m.group("n") or m.group("m"))
                if value:
                    where = found(text, hit.mention.start, m.end(), value, 0.85)
                    out.append(ArmCount(hit.mention.key, value, where))
        if ctx.mentions(start, end, {ANTIBODY}) or _HARM.search(text, start, end) or _RATIO.search(text, start, end):
            continue
        clause_hits.sort(key=lambda h: h.mention.start)
        starts = [h.mention.start for h in clause_hits]
        for number in _NUMBER_RE.finditer(text, start, end):  # "seven treated with JAK inhibitors", "eight controls"
            value = to_int(number.group())
            if not value or _NOT_BEFORE.search(text, max(start, number.start() - 10), number.start()):
                continue
            ratio_colon = bool(re.search(r"\d\s*:\s*$", text[max(start, number.start() - 4) : number.start()]))
            if _NOT_AFTER.match(text, number.end()) or ratio_colon:
                continue  # not an amount of patients ("12 months", "9 of 12", "1:1")
            k = bisect.bisect_left(starts, number.end())
            if k == len(starts):
                continue
            nxt = clause_hits[k]
            if nxt.role in {FAILED, PRIOR, USE, CONCOMITANT, ATTRIBUTE} or not _GAP.fullmatch(
                text, number.end(), nxt.mention.start
            ):
                continue
            where = found(text, number.start(), nxt.mention.end, value, 0.8)
            out.append(ArmCount(nxt.mention.key, value, where))
    out.sort(key=lambda c: c.where.start)
    return out


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


@dataclass
class ArmDraft:
    """An arm being built: its key, the mention it came from, its therapies and its stated size."""

    key: str
    kind: str
    source: Mention
    therapies: list[tuple[str, Mention]] = field(default_factory=list)
    n: Found | None = None
    dose: Found | None = None

    @property
    def therapy_ids(self) -> list[str]:
        """The arm's therapy ids, each once, in the order named."""
        return list(dict.fromkeys(t for t, _ in self.therapies))

    @property
    def therapy_class(self) -> str | None:
        """The class of the arm's therapies (or of its class word when no drug is named)."""
        return class_of(self.therapies[0][0]) if self.therapies else class_of(self.key)


_LIST_CUE = re.compile(r"\s*(?:,\s*)?(?:such\s+as|including|namely|i\.e\.,?|e\.g\.,?|:)\s+", re.I)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+)")


def _listed_members(ctx: Context, hit: Hit) -> list[Mention]:
    """Drugs listed right after a class word: 'JAK inhibitors (tofacitinib, baricitinib)' or '... such as X and Y'."""
    text, end = ctx.text, hit.mention.end
    cls = hit.mention.key
    paren = re.match(r"\s*\(", text[end : end + 5])
    if paren:
        close = text.find(")", end, min(len(text), end + 200))
        if close > 0:
            inside = ctx.mentions(end, close, {THERAPY})
            return [m for m in inside if class_of(m.key) == cls]
    cue = _LIST_CUE.match(text, end)
    if not cue:
        return []
    members: list[Mention] = []
    pos = cue.end()
    for m in ctx.mentions(pos, hit.clause.end, {THERAPY}):
        if m.start != pos or class_of(m.key) != cls:
            break
        members.append(m)
        sep = _LIST_SEP.match(text, m.end)
        pos = sep.end() if sep else m.end
    return members


_NEGATED = re.compile(
    r"(?:\bno|\bwithout(?:\s+an?)?|\bnon|\bnot(?:\s+an?)?|\babsence\s+of(?:\s+an?)?"
    r"|\black\s+of(?:\s+an?)?)[\s-]*$",
    re.I,
)


_STUDIES = re.compile(r"\b(?:trials?|studies|study|research|investigations?|evaluation|data|evidence)\b", re.I)


def _not_this_study(ctx: Context, hit: Hit) -> bool:
    """A mention that names no arm of this study: negated ('without a placebo group', 'non-placebo-controlled')
    or in a call for other studies ('placebo-controlled trials are needed')."""
    text = ctx.text
    if _NEGATED.search(text, max(hit.clause.start, hit.mention.start - 20), hit.mention.start):
        return True
    start, end = hit.sentence.start, hit.sentence.end
    return bool(FUTURE.search(text, start, end) and _STUDIES.search(text, start, end))


def build_arms(ctx: Context, hits: list[Hit], counts: list[ArmCount]) -> list[ArmDraft]:
    """Arms in the order their therapies are first named (title first), with stated sizes."""
    counted: dict[str, list[ArmCount]] = {}
    for c in counts:
        counted.setdefault(c.key, []).append(c)
    active = [h for h in hits if h.role not in {FAILED, PRIOR, USE, CONCOMITANT, ATTRIBUTE} and len(h.mention.ids) == 1]
    title_keys = {h.mention.key for h in active if h.sentence.section == "title"}

    def eligible(hit: Hit) -> bool:
        key = hit.mention.key
        if hit.sentence.section != "title" and key not in counted and _not_this_study(ctx, hit):
            return False
        if hit.sentence.section == "title" or key in counted or hit.mention.kind == CONTROL:
            return hit.mention.kind != CONTROL or hit.role == TREATMENT or key in counted or key == "placebo"
        if hit.role != TREATMENT:
            return False
        if not title_keys:
            return True
        return key in title_keys or (hit.mention.kind == THERAPY and class_of(key) in title_keys)

    chosen = [h for h in active if eligible(h)]
    members: dict[str, list[Mention]] = {}
    listed: set[int] = set()
    for h in chosen:
        if h.mention.kind == CLASS:
            for m in _listed_members(ctx, h):
                members.setdefault(h.mention.key, []).append(m)
                listed.add(m.start)
    drugs_with_counts = {k for k in counted if k in vocab.THERAPIES}
    arms: dict[str, ArmDraft] = {}
    consumed: set[str] = set()
    for h in chosen:
        key, kind = h.mention.key, h.mention.kind
        if key in arms or key in consumed:
            continue
        if kind == CLASS:
            own = [d for d in drugs_with_counts if class_of(d) == key]
            if own and key not in counted:
                continue  # per-drug arms carry the sizes; the class word adds nothing
            drugs = [(m.key, m) for m in members.get(key, [])]
            drugs += [
                (x.mention.key, x.mention)
                for x in chosen
                if x.mention.kind == THERAPY and class_of(x.mention.key) == key and x.mention.key not in counted
            ]
            arm = ArmDraft(key, kind, h.mention, list(dict.fromkeys(drugs)))
            if not arm.therapies:
                fallback = unspecified_therapy(key)
                if fallback:
                    arm.therapies.append((fallback, h.mention))
            consumed.update(t for t, _ in arm.therapies)
            arms[key] = arm
        elif h.mention.start in listed and key not in counted:
            continue
        else:
            arms[key] = ArmDraft(key, kind, h.mention, [(key, h.mention)])
    for key, arm in arms.items():
        stated = counted.get(key, [])
        if stated:
            values = sorted({c.value for c in stated})
            first = stated[0].where
            if len(values) > 1:
                note = f"other sizes stated for this arm: {[v for v in values if v != first.value]}"
                first = Found(first.value, first.start, first.end, first.snippet, 0.5, note)
            arm.n = first
    return sorted(arms.values(), key=lambda a: a.kind == CONTROL)  # comparators after the study treatments


_DOSE = re.compile(
    r"(?:\s+(?:was|were)\s+(?:given|started|administered|used|initiated|prescribed)(?:\s+orally)?)?"
    r"\s*(?:at\s+(?:a\s+dose\s+of\s+)?|\(\s*|,\s*)?(?P<dose>\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?\s*(?:mg|µg|mcg|g|IU|units?)"
    r"(?:/(?:kg|m2|m²|day|d|week|wk|month))*(?:\s+(?:once|twice|three\s+times))?"
    r"(?:\s*(?:daily|weekly|monthly|a\s+day|a\s+week|a\s+month|per\s+(?:day|week|month|kg)|every\s+\d+\s+(?:days|weeks|months)"
    r"|bid|b\.i\.d\.|qd|q\.d\.))*)",
    re.I,
)


def dose(ctx: Context, arm: ArmDraft, hits: list[Hit]) -> Found | None:
    """A dose written right after a treatment mention of the arm's only drug ('anifrolumab at 300 mg per month')."""
    if len(arm.therapy_ids) != 1:
        return None
    for h in hits:
        if h.mention.key == arm.therapy_ids[0] and h.role in {TREATMENT, NEUTRAL} and h.sentence.section != "title":
            m = _DOSE.match(ctx.text, h.mention.end)
            if m:
                return found(ctx.text, m.start("dose"), m.end("dose"), m.group("dose").strip(), 0.7)
    return None


def prior_failed(ctx: Context, hits: list[Hit]) -> Found | None:
    """Therapies (or classes) the patients had failed, in the order named: 'had failed methotrexate...'."""
    failed = [h for h in hits if h.role == FAILED and h.mention.kind != CONTROL]
    if not failed:
        return None
    ids: list[str] = []
    for h in failed:
        ids.extend(h.mention.ids)
    first, last = failed[0].mention, failed[-1].mention
    return found(ctx.text, first.start, last.end, list(dict.fromkeys(ids)), 0.7)


_ALL_ARMS = re.compile(
    r"\b(?:all|both|each|every)\s+(?:\w+\s+)?(?:groups|arms|cohorts|group|arm|cohort)\b|\bacross\s+groups\b", re.I
)


def arms_named(ctx: Context, clause: Piece, arms: list[ArmDraft]) -> list[int]:
    """Indices of the arms a clause speaks about (by therapy, class or control words; 'all groups' = every arm)."""
    if _ALL_ARMS.search(ctx.text, clause.start, clause.end):
        return list(range(len(arms)))
    out: list[int] = []
    for m in ctx.mentions(clause.start, clause.end, {THERAPY, CLASS, CONTROL}):
        for i, arm in enumerate(arms):
            same = m.key == arm.key or m.key in arm.therapy_ids or (m.kind == CLASS and arm.therapy_class == m.key)
            if same and i not in out:
                out.append(i)
    return out


_AB_BEFORE = re.compile(
    rf"(?P<n>{NUMBER})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:out\s+)?of\s+(?:the\s+)?(?P<m>{NUMBER})\s+)?"
    r"(?:patients?|children|cases|subjects?|participants?)?\s*(?:were|was|had|with|carried|harbou?red|tested\s+positive\s+for"
    r"|positive\s+for|showed)?\s*(?:positive\s+for\s+)?(?:anti[\s-]*)?$",
    re.I,
)
_AB_AFTER = re.compile(
    rf"(?:[\s-]*(?:positive|\+))?(?:\s*(?:antibod(?:y|ies)|autoantibod\w*))?(?:[\s-]*positive)?\s*(?:patients?|children|subjects?|participants?)?\s*"
    rf"(?:\(\s*n\s*=\s*(?P<n>\d+)\s*\)|(?:was|were)\s+(?:present|detected|found|positive)\s+in\s+(?P<n2>{NUMBER})"
    rf"(?:\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m2>{NUMBER}))?|:\s*(?P<n3>\d+)\s*/\s*(?P<m3>\d+)|\(\s*(?P<n4>\d+)\s*/\s*(?P<m4>\d+)\s*\))",
    re.I,
)


@dataclass(frozen=True)
class AntibodyFinding:
    """An antibody named for this study's patients: which arm (None = not clear), and counts if stated."""

    antibody: str
    arm: int | None
    positive: int | None
    tested: int | None
    where: Found


def antibodies(ctx: Context, arms: list[ArmDraft]) -> list[AntibodyFinding]:
    """Antibodies named in the study sections, with positive/tested counts where a phrase states them."""
    text = ctx.text
    out: list[AntibodyFinding] = []
    for clause, _ in ctx.clauses(STUDY - {"title"}):
        named: list[int] | None = None
        for m in ctx.mentions(clause.start, clause.end, {ANTIBODY}):
            if re.match(r"[\s-]*negative", text[m.end : m.end + 12], re.I):
                continue
            positive = tested = None
            start, end = m.start, m.end
            after = _AB_AFTER.match(text, m.end, clause.end)
            before = _AB_BEFORE.search(text, max(clause.start, m.start - 70), m.start)
            if after and any(after.group(g) for g in ("n", "n2", "n3", "n4")):
                positive = to_int(next(after.group(g) for g in ("n", "n2", "n3", "n4") if after.group(g)))
                total = next((after.group(g) for g in ("m2", "m3", "m4") if after.group(g)), None)
                tested = to_int(total) if total else None
                end = after.end()
            elif before and before.group("n"):
                positive = to_int(before.group("n"))
                tested = to_int(before.group("m")) if before.group("m") else None
                start = before.start()
            named = arms_named(ctx, clause, arms) if named is None else named
            arm = named[0] if len(named) == 1 else (0 if len(arms) == 1 else None)
            if positive is not None and tested is not None and positive > tested:
                positive = tested = None
            confidence = 0.65 if positive is not None else 0.55
            out.append(AntibodyFinding(m.key, arm, positive, tested, found(text, start, end, m.key, confidence)))
    return out
