"""The study's arms: drug arms with their stated sizes, compared groups, a study drug the vocabulary does not list,
one size for every arm, and the study total for the only arm; sizes of subgroups are set aside.

Sizes stated for drugs are shares of one cohort, not arms, when they add up to more than the study total or when the
only arm's size is smaller than it ('six patients received IVIg monotherapy', 'SCIg (n=18)' within a treated cohort):
the arms are then built with no size but the whole cohort's, and the other sizes go to a hint.
"""

from __future__ import annotations

import re
from dataclasses import replace

from evidence.ingest.arm_refs import dose
from evidence.ingest.arms import ArmCount, ArmDraft, arm_counts, build_arms, each_arm_size
from evidence.ingest.builder import Builder
from evidence.ingest.context import Context
from evidence.ingest.draft import Found
from evidence.ingest.groups import compared_groups, with_groups
from evidence.ingest.regimens import merge_regimens
from evidence.ingest.terms import Mention
from evidence.ingest.therapies import Hit
from evidence.ingest.unlisted import UNLISTED, unlisted_drugs, unlisted_size

# 'Six patients received IVIg monotherapy (and 18 IVIg plus methotrexate)': those on the drug alone, and the others
# on it in that sentence, are shares of its users, not arms, unless the sentence allocates or compares them ('47
# patients were randomly assigned prednisone alone').
_ALONE = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:monotherapy|alone|only)\b", re.I)
_COMPARED = re.compile(r"(?i)\b(?:randomi[sz]\w*|randomly|assigned|allocated|versus|vs\.?|compared)\b")


def _shares_of_users(ctx: Context, counts: list[ArmCount]) -> list[ArmCount]:
    out = []
    for sentence in ctx.sentences():
        inside = [c for c in counts if sentence.start <= c.where.start < sentence.end]
        if _COMPARED.search(ctx.text, sentence.start, sentence.end):
            continue
        alone = {c.key for c in inside if _ALONE.match(ctx.text, c.where.end)}
        out += [c for c in inside if alone & set(c.key.split("+"))]
    return out


def study_arms(b: Builder, ctx: Context, hits: list[Hit], total: Found | None) -> tuple[list[ArmDraft], Found | None]:
    """The arms with their sizes and doses, and the study total (more sure when the arm sizes add up to it)."""
    counts = arm_counts(ctx, hits)
    shares = _shares_of_users(ctx, counts)
    b.hint("subgroup_sizes", [c.where for c in shares])
    arms = merge_regimens(ctx, build_arms(ctx, hits, [c for c in counts if c not in shares]))
    groups = compared_groups(ctx, hits, total)
    if total is not None and any(g.size.start <= total.start < g.size.end for g in groups):
        # A total that is one compared group's own size ('a cohort of 31 children ... compared with a control group
        # of 22') is that group's, not the study's: the study total is left for the curator.
        b.hint("n_total_candidates", [total])
        total = None
    arms = _with_unlisted(b, ctx, with_groups(ctx, arms, groups))
    subgroups = _subgroup_sizes(arms, total)
    if subgroups and total is not None:  # only a size that is the whole cohort's stays
        b.hint("subgroup_sizes", [n for n in subgroups if n.value != total.value])
        whole = [c for c in counts if c.value == total.value and c not in shares]
        arms = _with_unlisted(b, ctx, merge_regimens(ctx, build_arms(ctx, hits, whole)), hint=False)
    _equal_arms(b, ctx, arms, total)
    if total is not None:
        stated = [a.n.value for a in arms if a.n is not None]
        if arms and len(stated) == len(arms) and sum(stated) == total.value:
            total = replace(total, confidence=max(total.confidence, 0.9), note="equals the sum of the arm sizes")
        if len(arms) == 1 and arms[0].n is None and not arms[0].is_control and not subgroups:
            note = "the only arm: its size is the study total"
            arms[0].n = replace(total, confidence=min(total.confidence, 0.6), note=note)
    for arm in arms:
        arm.dose = dose(ctx, arm, hits)
    return arms, total


def _subgroup_sizes(arms: list[ArmDraft], total: Found | None) -> list[Found]:
    """Arm sizes that are shares of one cohort: they add up to more than the total, or the only arm's is smaller."""
    sized = [a.n for a in arms if a.n is not None]
    if total is None or not sized:
        return []
    treated = sum(a.n.value for a in arms if a.n is not None and not a.is_control)  # controls outside the enrolled
    overlap = len(sized) >= 2 and sum(n.value for n in sized) > total.value and treated != total.value
    part = len(arms) == 1 and sized[0].value < total.value
    return sized if overlap or part else []


def _with_unlisted(b: Builder, ctx: Context, arms: list[ArmDraft], hint: bool = True) -> list[ArmDraft]:
    """A study drug the vocabulary does not list, set against placebo or a control, is an arm named as written (its
    therapies left for the curator) and a hint; it comes before the comparator arms."""
    drugs = unlisted_drugs(ctx)
    if hint:
        b.hint("unlisted_therapies", drugs)
    extra = []
    named = " ".join(a.label or "" for a in arms).casefold().split()
    for where in drugs:
        if where.value.casefold() in named:
            continue  # a compared group already named after it
        arm = ArmDraft(where.value.casefold(), UNLISTED, Mention(UNLISTED, (where.value,), where.start, where.end))
        arm.n = unlisted_size(ctx, where)
        extra.append(arm)
    treated = [a for a in arms if not a.is_control]
    return treated + extra + [a for a in arms if a.is_control]


def _equal_arms(b: Builder, ctx: Context, arms: list[ArmDraft], total: Found | None) -> None:
    """'(18 in each arm)': every arm gets that size when no arm has its own, and the sizes add up to the total
    (when one is stated); otherwise the phrase is only a hint."""
    each = each_arm_size(ctx)
    if each is None:
        return
    if len(arms) >= 2 and all(a.n is None for a in arms):
        if total is None:
            for arm in arms:
                arm.n = replace(each, confidence=0.6, note="the size stated for each arm; no total to check it")
            return
        if each.value * len(arms) == total.value:
            for arm in arms:
                arm.n = each
            return
    b.hint("each_arm_size", each)
