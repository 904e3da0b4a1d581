"""Compared groups named with their sizes: 'treated with tacrolimus (TI cohort, n = 24) or cyclophosphamide (CT cohort,
n = 36)', 'group A (n=24) and group B (n=36)', 'the rituximab late (n = 102) and rituximab early (n = 93) groups',
'tacrolimus plus conventional therapy (n=25) or conventional therapy (prednisolone, cyclophosphamide; n=21)'.

Two or more groups sized in one sentence are compared groups, and each is an arm with its size: the arm of the same
drugs when there is one, else an arm named as the text names the group. A count the text ties to a group ('11 (46%)
patients from the TI cohort', 'in 9 of the CT cohort') is a result of that arm out of the group's size.
"""

from __future__ import annotations

import re

from evidence.ingest.arms import ArmDraft
from evidence.ingest.baseline import describes_patients
from evidence.ingest.context import STUDY, Context
from evidence.ingest.count_cues import sized_enrolment
from evidence.ingest.draft import Found, found
from evidence.ingest.group_forms import (
    DRUGS,
    FILLER,
    KIND,
    Group,
    abbreviated_groups,
    control_drugs,
    description_start,
    of_groups,
)
from evidence.ingest.numbers import NUMBER, to_int
from evidence.ingest.roles import NO_ARM
from evidence.ingest.sections import Piece
from evidence.ingest.terms import CLASS, CONTROL, Mention, scan
from evidence.ingest.therapies import Hit, class_of, unspecified_therapy

GROUP = "group"

# A size closing a bracket: '(n = 24)', '(TI cohort, n = 24)', '(prednisolone 1 mg/kg/day, cyclophosphamide; n=21)'.
_SIZED = re.compile(r"\((?P<inside>[^()]{0,200}?[,;:]\s*)?n\s*[=:]\s*(?P<n>\d{1,5})\s*\)", re.I)
_WORD = r"(?!(?:each|every|both|all|either|per|two|three|four|the|a|this|that|whole|entire|total|study)\b)[\w+/-]{1,20}"
_KIND = KIND
# A group's own name: 'TI cohort', 'group A', 'the tofacitinib group', 'cohort 1'.
_LABEL = re.compile(rf"(?i)^(?:the\s+)?(?P<label>(?:{_WORD}\s+){{1,2}}{_KIND}|{_KIND}\s+[A-Z0-9]{{1,3}})$")
_LABEL_BEFORE = re.compile(rf"(?i)(?:the\s+)?(?P<label>(?:{_WORD}\s+){{1,2}}{_KIND}|{_KIND}\s+[A-Z0-9]{{1,3}})\s*$")
_AFTER_VERB = re.compile(
    r"[\s,]*(?:(?:who|which|that|patients|all\s+patients|they|all)\s+)?(?:(?:were|was)\s+)?(?:received|treated\s+with"
    r"|given|took|started)\s",
    re.I,
)
# A group is an arm only when the text names how it was treated (a drug, or words of treatment) or allocated; groups by
# disease, weight or antibody ('DM (n=9) and PM (n=11)', '<25 kg (n=11)') are subgroups, not arms.
_TREATMENT = re.compile(
    r"(?i)\b(?:therap\w*|treat\w*|regimens?|care|doses?|dosing|infusions?|induction|maintenance|immunosuppress\w*"
    r"|combination|placebo)\b"
)
_ALLOCATED = re.compile(r"(?i)\b(?:randomi[sz]\w*|randomly|assigned|allocated)\b")


def compared_groups(ctx: Context, hits: list[Hit], stated: Found | None) -> list[Group]:
    """Groups sized in one sentence, two or more of them, or groups the text names ('TI cohort', 'group A') sized in
    sentences of their own (a group sized alone, unnamed, is a subgroup, not compared). Sizes of drugs received
    before or alongside ('prior treatments were prednisone (n = 35), methotrexate (n = 30)'), sizes that add up to
    more than the study total (overlapping shares of one cohort) and groups named by no treatment (disease or weight
    strata) are no compared groups."""
    text = ctx.text
    total = stated.value if stated else None
    no_arm = {h.mention.start for h in hits if h.role in NO_ARM}
    # The drugs the title names: groups holding none of them are strata of the cohort treated with them, not arms.
    title = {k for h in hits if h.sentence.section == "title" and h.role not in NO_ARM for k in (h.mention.key,)}
    title -= {h.mention.key for h in hits if h.mention.kind == CONTROL}

    def compared(groups: list[Group], allocated: bool) -> bool:
        if len(groups) < 2 or len({g.label.casefold() for g in groups}) < len(groups):
            return False
        if any(m.start in no_arm for g in groups for m in g.named_drugs):
            return False
        # A stated total that is one group's own size bounds nothing; controls outside the enrolled patients (a
        # historical control group) are not counted in a total that the treated groups make up.
        own = total is not None and any(g.size.start <= stated.start < g.size.end for g in groups if stated)
        treated = sum(g.size.value for g in groups if not g.control)
        if total is not None and not own and sum(g.size.value for g in groups) > total and treated != total:
            return False
        held = {k for g in groups for t, _ in _ids(g) for k in (t, class_of(t))}
        if title and not allocated and not title & held:
            return False
        return allocated or all(g.drugs or _TREATMENT.search(g.label) for g in groups)

    named: list[Group] = []
    for sentence in ctx.sentences(STUDY - {"title"}):
        # '... with ILD (n = 29) were enrolled': the size of all patients enrolled is the total, not a group's
        enrolled = {at for _, at, _ in sized_enrolment(text, sentence.start, sentence.end)}
        sized = [m for m in _SIZED.finditer(text, sentence.start, sentence.end) if m.start("n") not in enrolled]
        groups: list[Group] = []
        left = sentence.start
        for i, m in enumerate(sized):
            right = sized[i + 1].start() if i + 1 < len(sized) else sentence.end
            group = _group(ctx, m, left, right)
            if group is None:
                groups = []
                break
            groups.append(group)
            left = m.end()
        if len(groups) < 2:  # '(IS, n=31; ePE, n=9)'; 'a cohort of 31 children ... a control group of 22 patients'
            groups = abbreviated_groups(ctx, sentence) or of_groups(ctx, sentence) or groups
        allocated = bool(_ALLOCATED.search(text, sentence.start, sentence.end))
        if len(groups) >= 2 and compared(groups, allocated):
            return groups
        named += [g for g in groups if g.name and g.name.casefold() not in {n.name.casefold() for n in named if n.name}]
    return named if compared(named, False) else []


def _group(ctx: Context, m: re.Match[str], left: int, right: int) -> Group | None:
    text = ctx.text
    size = found(text, m.start(), m.end(), int(m.group("n")), 0.75, "the size written with the group")
    if not size.value:
        return None
    inside = (m.group("inside") or "").strip().rstrip(",;:").strip()
    named = _LABEL.match(inside)
    before = None if named else _LABEL_BEFORE.search(text, left, m.start())
    if before:  # 'the tofacitinib group (n=290)': the name holds the drug, else the words after the size name it
        drugs = ctx.mentions(before.start("label"), before.end("label"), DRUGS)
        if not drugs and _AFTER_VERB.match(text, m.end()):  # 'the TI cohort (n = 24), who received tacrolimus'
            drugs = ctx.mentions(m.end(), right, DRUGS)
        return control_drugs(ctx, Group(before.group("label"), size, drugs, before.group("label")), right)
    start = description_start(ctx, left, m.start())
    description = " ".join(FILLER.sub("", text[start : m.start()].strip()).split())
    if len(description.split()) > (20 if named else 8):  # a group its brackets name may be described at length
        return None
    drugs = ctx.mentions(start, m.start(), DRUGS)
    if named:
        label = named.group("label")
        if not drugs and _AFTER_VERB.match(text, m.end()):  # '(group A, n=24) received tacrolimus'
            drugs = ctx.mentions(m.end(), right, DRUGS)
        group = Group(f"{description} ({label})" if description and not drugs else label, size, drugs, label)
        return control_drugs(ctx, group, right)
    if inside:  # the group's drugs, defined in its brackets ('conventional therapy (prednisolone, ...; n=21)')
        return Group(description, size, drugs + ctx.mentions(m.start("inside"), m.end("inside"), DRUGS), None, drugs)
    return Group(description, size, drugs, None) if description else None


def _ids(group: Group) -> list[tuple[str, Mention]]:
    """The group's therapy ids (a class word as its 'drug not specified' id), each once, with their mentions."""
    out: dict[str, Mention] = {}
    for m in group.drugs:
        key = (unspecified_therapy(m.key) or m.key) if m.kind == CLASS else m.key
        out.setdefault(key, m)
    return list(out.items())


def _reference(label: str) -> re.Pattern[str]:
    """How later text names a group: 'the TI cohort' (or 'TI group'), 'group A'."""
    words = label.split()
    if re.fullmatch(_KIND, words[0], re.I):
        return re.compile(rf"\b{_KIND}\s+{re.escape(words[1])}\b", re.I)
    core = r"\s+".join(re.escape(w) for w in words[:-1])
    return re.compile(rf"\b{core}\s+(?:{_KIND}|patients)\b", re.I if not core.isupper() else 0)


def _word_reference(description: str) -> re.Pattern[str] | None:
    """A group described by one word beside its drugs ('immediate abatacept', 'rituximab late') is later named by
    that word: 'the immediate group', 'the late arm'."""
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", description) if not scan(w)]
    if len(words) != 1 or len(words[0]) < 3:
        return None
    return re.compile(rf"\b{re.escape(words[0])}\s+{_KIND}s?\b", re.I)


def with_groups(ctx: Context, arms: list[ArmDraft], groups: list[Group]) -> list[ArmDraft]:
    """Each compared group as an arm with its size: the arm of the same drugs when only that group has them, else a
    new arm named as the text names the group; arms whose drugs the groups cover are dropped."""
    if not groups:
        return arms
    out: list[ArmDraft] = []
    used: set[int] = set()
    sets = [sorted(t for t, _ in _ids(g)) for g in groups]
    refs = [_reference(g.name) if g.name else _word_reference(g.label) for g in groups]
    if not all(refs):  # a count beside a group the text names is that group's only when every group can be named
        refs = [None] * len(groups)
    for group, ids, ref in zip(groups, sets, refs, strict=True):
        same = [i for i, a in enumerate(arms) if ids and sorted(a.therapy_ids) == ids and i not in used]
        if len(same) == 1 and sets.count(ids) == 1:
            arm = arms[same[0]]
            used.add(same[0])
        else:
            mention = Mention(GROUP, (group.label,), group.size.start, group.size.end)
            key = re.sub(r"[^a-z0-9]+", "-", (group.name or group.label).casefold()).strip("-") or GROUP
            arm = ArmDraft(key, GROUP, mention, _ids(group))
        arm.n = group.size
        arm.label = group.label if group.name or arm.kind == GROUP else None
        arm.refs = ref
        arm.control = arm.control or group.control
        out.append(arm)
    covered = {t for ids in sets for t in ids}
    if any(g.control for g in groups):  # the group the text names as control stands for its 'control' words
        covered.add("usual_care")
    for i, arm in enumerate(arms):
        if i not in used and not (arm.therapy_ids and set(arm.therapy_ids) <= covered):
            out.append(arm)
    return sorted(out, key=lambda a: a.is_control)


# 'in 11 (46%) patients from the TI cohort', 'in 9 of the CT cohort', 'two patients in group B'.
_TIED = re.compile(
    rf"(?P<r>{NUMBER})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:patients?|children|subjects|participants|cases)\s+)?"
    r"(?:(?:out\s+)?of|from|in|within)\s+(?:the\s+)?$",
    re.I,
)


def group_counts(ctx: Context, clause: Piece, arms: list[ArmDraft]) -> dict[int, tuple[int, int, Found]]:
    """Counts the text ties to a named group, each out of that group's size."""
    out: dict[int, tuple[int, int, Found]] = {}
    for i, arm in enumerate(arms):
        if arm.refs is None or arm.n is None:
            continue
        for ref in arm.refs.finditer(ctx.text, clause.start, clause.end):
            m = _TIED.search(ctx.text, max(clause.start, ref.start() - 50), ref.start())
            if m and re.search(r"(?:\bof|/)\s*$", ctx.text[max(clause.start, m.start() - 6) : m.start()]):
                continue  # '2 of 10 in the late group': 10 is a denominator, read with its count
            value = to_int(m.group("r")) if m else None
            if m and value is not None and value <= arm.n.value and i not in out:
                where = found(ctx.text, m.start(), ref.end(), (value, arm.n.value), 0.65, "out of the group's size")
                if not describes_patients(ctx, where, clause.start, clause.end):  # not '11 were female'
                    out[i] = (value, arm.n.value, where)
    return out
