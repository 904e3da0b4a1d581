"""Which arm and which measure each count of a result clause belongs to.

A count belongs to the arm named right after it (else before it) and to the measure named nearest to it. Counts
written 'respectively' pair in order with the arms, or the measures or disease domains, named with them ('skin
and muscle disease improved in 15/20 and 3/20, respectively'). In a clause with several counts, a count whose own
words say what it counts ('weakness in 41/56, myalgia in 6/7 and rash in 12/15'; 'in 12/20 (DM 8/12, PM 4/8)')
is a result of its own; a count without such words ('in 12/20 and 15/20') says nothing new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.ingest.arm_refs import arm_positions, size_after
from evidence.ingest.arms import ArmDraft
from evidence.ingest.baseline import result_counts
from evidence.ingest.context import Context
from evidence.ingest.counts import ratios_in, shares_in
from evidence.ingest.draft import Found, found
from evidence.ingest.measures import DOMAIN_WORDS
from evidence.ingest.sections import Piece
from evidence.ingest.terms import CLASS, CONTROL, THERAPY


@dataclass(frozen=True)
class Counted:
    """One count of a clause: responders of evaluable, the arm (index) and measure it belongs to; own is set when
    the count's own words name what it counts, and domain when those words name a disease domain."""

    responders: int
    evaluable: int
    where: Found
    arm: int | None
    measure: str
    after: int  # where the words that follow this count end (the next count, or the clause end)
    own: Found | None = None
    domain: str | None = None


def respectively_shares(ctx: Context, clause: Piece, arms: list[ArmDraft]) -> dict[int, tuple[int, int, Found]]:
    """'94 (32.4%) and 105 (46.7%) patients died ... in the tofacitinib group (n=290) and the CNI group (n=225),
    respectively': the counts pair with the arms in the order written, each out of the size stated for its arm."""
    if not _RESPECTIVELY.search(ctx.text, clause.start, clause.end):
        return {}
    shares = shares_in(ctx, clause)
    at = dict(arm_positions(ctx, clause, arms))
    sized = []
    for m in ctx.mentions(clause.start, clause.end, {THERAPY, CLASS, CONTROL}):
        size = size_after(ctx, m)
        if size is not None and m.start in at:
            sized.append((at[m.start], size))
    if len(sized) < 2 or len(shares) != len(sized) or len({arm for arm, _ in sized}) != len(sized):
        return {}
    out = {}
    for (count, share), (arm, size) in zip(shares, sized, strict=True):
        if count <= size.value and share.end <= size.start:
            note = "paired with the arms in the order written ('respectively')"
            out[arm] = (count, size.value, found(ctx.text, share.start, size.end, (count, size.value), 0.7, note))
    return out


def nearest_measure(ratio: Found, measures: list[tuple[str, Found]]) -> str:
    """The measure a '10/14' counts: the measure named nearest to it in the clause."""

    def distance(item: tuple[str, Found]) -> int:
        at = item[1]
        return max(at.start - ratio.end, ratio.start - at.end, 0)

    return min(measures, key=distance)[0]


def pair_arm(ratio: Found, positions: list[tuple[int, int]], targets: list[int | None]) -> int | None:
    """The arm a '9 of 12' belongs to: the arm word right after it ('9 of 12 tofacitinib-treated'), else before."""
    after = [(pos - ratio.end, arm) for pos, arm in positions if 0 <= pos - ratio.end <= 40]
    if after:
        return min(after)[1]
    before = [(ratio.start - pos, arm) for pos, arm in positions if pos < ratio.start]
    if before:
        return min(before)[1]
    return targets[0] if len(targets) == 1 else None


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# Words that do not say what a count counts: connectives, patient nouns, verbs of having, percentages.
_FILLER = re.compile(
    r"(?i)^(?:and|or|in|of|the|a|an|with|vs|versus|respectively|patients?|cases?|children|subjects?|participants?"
    r"|who|had|have|has|were|was|is|are|to|for|out|all|n|only|while|whereas|but|also|than|from)$"
)
_WORDS = re.compile(r"[^\W\d_][\w'-]*")


def _own_words(ctx: Context, start: int, end: int) -> Found | None:
    """The words between two counts that say what is counted (None when only connectives and numbers)."""
    words = [m for m in _WORDS.finditer(ctx.text, start, end) if not _FILLER.match(m.group())]
    if not words:
        return None
    return found(ctx.text, words[0].start(), words[-1].end(), " ".join(w.group() for w in words), 0.6)


def _domain(ctx: Context, start: int, end: int) -> str | None:
    for name, pattern in DOMAIN_WORDS:
        if pattern.search(ctx.text, start, end):
            return name
    return None


# Grades of a response named side by side: 'complete and partial responses were seen in 5/20 and 7/20, respectively'.
_GRADES = re.compile(r"\b(?:complete|partial|major|moderate|minimal|marked|mild|overall|sustained)\b", re.I)


def _things(ctx: Context, start: int, end: int, measures: list[tuple[str, Found]]) -> list[tuple[str | None, Found]]:
    """Measures, disease-domain words and response grades named between start and end, in order: (measure or
    None, where; a domain word's value is its domain)."""
    named = [(m, w) for m, w in measures if start <= w.start and w.end <= end and m != "clinical_response"]
    words = [(name, pattern) for name, pattern in DOMAIN_WORDS] + [(None, _GRADES)]
    for name, pattern in words:
        for hit in pattern.finditer(ctx.text, start, end):
            if not any(w.start <= hit.start() < w.end for _, w in named):
                note = "a disease domain" if name else "a response grade"
                named.append((None, found(ctx.text, hit.start(), hit.end(), name, 0.6, note)))
    return sorted(named, key=lambda item: item[1].start)


def clause_counts(
    ctx: Context,
    clause: Piece,
    arms: list[ArmDraft],
    measures: list[tuple[str, Found]],
    targets: list[int | None],
    survey: bool = False,
) -> list[Counted]:
    """Every count of a result clause with its arm and measure; counts that describe the patients (baseline,
    earlier treatment, a survey's response rate) are left out."""
    ratios = result_counts(ctx, clause, ratios_in(ctx, clause), survey)
    if not ratios:
        return []
    positions = arm_positions(ctx, clause, arms)
    respectively = len(ratios) >= 2 and bool(_RESPECTIVELY.search(ctx.text, clause.start, clause.end))
    in_order = list(dict.fromkeys(arm for _, arm in positions))
    by_arm = respectively and len(in_order) == len(ratios)
    things = _things(ctx, clause.start, ratios[0][2].start, measures) if respectively and not by_arm else []
    by_thing = len(things) == len(ratios)
    out = []
    for i, (r, e, where) in enumerate(ratios):
        arm = in_order[i] if by_arm else pair_arm(where, positions, targets)
        right = ratios[i + 1][2].start if i + 1 < len(ratios) else clause.end
        measure, own, domain = nearest_measure(where, measures), None, None
        if by_thing:
            named, own = things[i]
            measure = named or measure
            domain = own.value if named is None else None
        elif len(ratios) > 1:
            left = ratios[i - 1][2].end if i else clause.start
            own = _own_words(ctx, left, where.start) or (None if i else _own_words(ctx, where.end, right))
            if own is not None:
                named = [m for m, w in measures if own.start <= w.start and w.end <= own.end]
                measure = named[0] if named else measure
                domain = _domain(ctx, own.start, own.end)
        out.append(Counted(r, e, where, arm, measure, right, own, domain))
    return out
