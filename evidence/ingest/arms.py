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
from evidence.ingest.numbers import NUMBER, NUMBER_RE, in_dose, to_int
from evidence.ingest.roles import NO_ARM, TREATMENT
from evidence.ingest.terms import ANTIBODY, CLASS, CONTROL, THERAPY, Mention
from evidence.ingest.therapies import Hit, class_of, combined_with, not_this_study, unspecified_therapy

_GAP = re.compile(
    r"(?:\s*(?:patients?|children|child|subjects?|participants?|individuals?|cases?|adults?|adolescents?|girls?|boys?"
    r"|women|men|were|was|had|been|who|that|treated|received|receiving|given|with|on|started|initiated|using|took"
    r"|taking|underwent|in|the|group|arm|cohort|assigned|allocated|randomi[sz]ed|randomly|to|female|male|consecutive"
    r"|additional|combination|combined|regimen|of|historical|concurrent)\b)*\s*",
    re.I,
)
_NOT_BEFORE = re.compile(r"(?:\bof|/|\baged?|\bages|p\s*[=<>]|n\s*=|\bin|\bfor|\bat|\bafter|\bwithin)\s*$", re.I)
_NOT_AFTER = re.compile(
    r"\s*(?::|/|of\b|%|percent|years?|months?|weeks?|days?|mg|g\b|kg|ml|hours?|times|doses?|cycles?|infusions?|-year"
    r"|-month|-week)",
    re.I,
)
_RATIO = re.compile(
    rf"{NUMBER}\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:out\s+)?of\s+(?:the\s+|all\s+)?{NUMBER}|/\s*\d)"
)
_HARM = re.compile(
    r"\b(?:adverse|side[- ]effects?|infections?|zoster|herpes|thrombo\w*|malignan\w*|deaths?|died|toxicit\w*"
    r"|relapsed?)\b"
    r"|\b(?:complet(?:ed|ing|ion)|discontinu\w*|withdr[ae]w\w*|dropped\s+out|drop-?outs?|lost\s+to\s+follow|all\s+but)\b",
    re.I,
)  # harms, relapses and who completed or left: those counts are not arm sizes
N_AFTER = re.compile(
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


# '28% (7/25) used tofacitinib', '7 of the 25 patients received tofacitinib': the count is that drug's arm size.
_SHARE_BEFORE = re.compile(
    r"(?P<k>\d{1,5})\s*(?:/|(?:out\s+)?of\s+(?:the\s+)?)\s*\d{1,5}\s*\)?\s*(?:patients|cases|children|subjects)?\s*"
    r"(?:used|received|took|started|(?:were|was)\s+(?:treated\s+with|given|started\s+on))\s+$",
    re.I,
)


_ONE_OF = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:alone\s+)?(?:or|versus|vs\.?)\s", re.I)


def arm_counts(ctx: Context, hits: list[Hit]) -> list[ArmCount]:
    """Stated arm sizes, in reading order (clauses about antibodies, harms or responders are skipped)."""
    text = ctx.text
    out: list[ArmCount] = []
    by_clause: dict[tuple[int, int], list[Hit]] = {}
    for hit in hits:
        if hit.sentence.section != "title" and len(hit.mention.ids) == 1:
            by_clause.setdefault((hit.clause.start, hit.clause.end), []).append(hit)
    for (start, end), clause_hits in by_clause.items():
        for hit in clause_hits:  # "abatacept (n = 24)", "(7/25) used tofacitinib"
            share = _SHARE_BEFORE.search(text, max(start, hit.mention.start - 80), hit.mention.start)
            if share and share.end() == hit.mention.start and int(share.group("k")):
                where = found(text, share.start(), hit.mention.end, int(share.group("k")), 0.8)
                out.append(ArmCount(hit.mention.key, int(share.group("k")), where))
            m = N_AFTER.match(text, hit.mention.end)
            if m and hit.role not in NO_ARM:
                value = int(m.group("n") or m.group("m"))
                if value:
                    where = found(text, hit.mention.start, m.end(), value, 0.85)
                    out.append(ArmCount(hit.mention.key, value, where))
        if ctx.mentions(start, end, {ANTIBODY}) or _HARM.search(text, start, end) or _RATIO.search(text, start, end):
            continue
        clause_hits.sort(key=lambda h: h.mention.start)
        starts = [h.mention.start for h in clause_hits]
        for number in NUMBER_RE.finditer(text, start, end):  # "seven treated with JAK inhibitors", "eight controls"
            value = to_int(number.group())
            if not value or _NOT_BEFORE.search(text, max(start, number.start() - 10), number.start()):
                continue
            ratio_colon = bool(re.search(r"\d\s*:\s*$", text[max(start, number.start() - 4) : number.start()]))
            if _NOT_AFTER.match(text, number.end()) or ratio_colon or in_dose(text, number.start(), number.end()):
                continue  # not an amount of patients ("12 months", "9 of 12", "1:1", "1 × 106 cells/kg")
            k = bisect.bisect_left(starts, number.end())
            if k == len(starts):
                continue
            nxt = clause_hits[k]
            if nxt.role in NO_ARM or not _GAP.fullmatch(text, number.end(), nxt.mention.start):
                continue
            if _ONE_OF.match(text, nxt.mention.end):
                continue  # '60 children to methotrexate alone or with tacrolimus': the total of the arms
            partner = combined_with(ctx, nxt.mention)
            key = f"{nxt.mention.key}+{partner.key}" if partner else nxt.mention.key
            where = found(text, number.start(), (partner or nxt.mention).end, value, 0.8)
            out.append(ArmCount(key, value, where))
    out.sort(key=lambda c: c.where.start)
    return out


@dataclass
class ArmDraft:
    """An arm being built: its key, the mention it came from, its therapies and its stated size."""

    key: str
    kind: str
    source: Mention
    therapies: list[tuple[str, Mention]] = field(default_factory=list)
    n: Found | None = None
    dose: Found | None = None
    label: str | None = None  # the group's own name ('TI cohort'), when the text names the arm as a group
    refs: re.Pattern[str] | None = None  # how later sentences name that group
    control: bool = False  # the source's control group, whatever drugs it holds ('a historical control group')

    @property
    def therapy_ids(self) -> list[str]:
        """The arm's therapy ids, each once, in the order named."""
        return list(dict.fromkeys(t for t, _ in self.therapies))

    @property
    def is_control(self) -> bool:
        """A comparator arm: a control or placebo term, or a group the text names as its control group."""
        return self.kind == CONTROL or self.control

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


def build_arms(ctx: Context, hits: list[Hit], counts: list[ArmCount]) -> list[ArmDraft]:
    """Arms in the order their therapies are first named (title first), with stated sizes."""
    counted: dict[str, list[ArmCount]] = {}
    for c in counts:
        counted.setdefault(c.key, []).append(c)
    active = [h for h in hits if h.role not in NO_ARM and len(h.mention.ids) == 1]
    title_keys = {h.mention.key for h in active if h.sentence.section == "title"}

    def eligible(hit: Hit) -> bool:
        key = hit.mention.key
        if hit.sentence.section != "title" and key not in counted and not_this_study(ctx, hit):
            return False
        if counted and key not in counted and hit.sentence.section != "title" and hit.mention.kind != CONTROL:
            return False  # some drugs have stated arm sizes: a drug without one is not an arm of its own
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
            same = [t for t in arm.therapy_ids if t in arms and arms[t].therapy_ids == [t]]
            if len(arm.therapy_ids) == 1 and same and key in counted:
                # 'immune globulin' for the arm 'intravenous immune globulin' already named: that arm's size
                counted.setdefault(same[0], []).extend(counted[key])
                consumed.add(key)
                continue
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
    for key, stated in counted.items():  # drugs given together with a stated size: one arm holding both
        first, _, second = key.partition("+")
        if second and first in vocab.THERAPIES and second in vocab.THERAPIES and key not in arms:
            source = next(h.mention for h in chosen if h.mention.key == first) if first in arms else None
            mention = source or Mention(THERAPY, (first,), stated[0].where.start, stated[0].where.end)
            arms[key] = ArmDraft(key, THERAPY, mention, [(first, mention), (second, mention)])
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
