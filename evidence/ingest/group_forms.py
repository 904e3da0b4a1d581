"""Compared groups written in forms other than 'description (n = 24)' (groups.py reads that one): sizes listed by
the groups' abbreviations in one bracket ('(IS, n=31; ePE, n=9)', each abbreviation defined earlier as '... alone (IS
group)'), and groups sized with 'of' ('an inception cohort of 31 children ... compared with a control group of 22
patients'). A control group is marked as the control arm and holds the drugs the text says it received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.ingest.context import Context
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, to_int
from evidence.ingest.sections import Piece
from evidence.ingest.terms import CLASS, CONTROL, THERAPY, Mention

DRUGS = {THERAPY, CLASS, CONTROL}
KIND = r"(?:cohort|group|arm|subgroup)"
# Where a group's description starts: after the verb of treatment or a connective between groups.
CUE = re.compile(
    r"(?i)\b(?:treated\s+with|received|receiving|given|on|between(?:\s+the)?|(?:randomi[sz]ed|randomly\s+assigned"
    r"|assigned|allocated)\s+to|into|either|versus|vs\.?|or|compared\s+(?:with|to))\s+|[:;,]\s*"
)
FILLER = re.compile(r"(?i)^(?:(?:the|and|only|with|patients|who|were|was|treated|a|an|those|in)\s+)+")
_CONTROL_WORD = re.compile(r"(?i)\bcontrols?\b")


@dataclass
class Group:
    """A compared group: its name as written, its size, and the vocabulary drugs its description names."""

    label: str
    size: Found
    drugs: list[Mention]
    name: str | None  # the group's own name ('TI cohort', 'group A'), by which later sentences may name it
    own: list[Mention] | None = None  # the drugs its description names, when its brackets define more
    control: bool = False  # the source's control group (historical or concurrent)

    @property
    def named_drugs(self) -> list[Mention]:
        """The drugs the group's own description names."""
        return self.drugs if self.own is None else self.own


def description_start(ctx: Context, left: int, right: int) -> int:
    """Where a group's description starts in text[left:right]: after the last cue word, except that a comma inside a
    list of drugs ('a combined regimen of glucocorticoids, tacrolimus and cyclophosphamide') starts nothing."""
    cues = list(CUE.finditer(ctx.text, left, right))
    while cues:
        cue = cues.pop()
        before = ctx.mentions(max(left, cue.start() - 60), cue.start(), DRUGS)
        listed = cue.group().startswith(",") and before and before[-1].end == cue.start()
        if not listed:
            return cue.end()
    return left


def control_drugs(ctx: Context, group: Group, right: int) -> Group:
    """A group named a control group is the control arm; the drugs the text says it received (right after its size,
    up to `right`) are its therapies, else it stands for usual care."""
    if not _CONTROL_WORD.search(group.label):
        return group
    after = re.match(r"[\s,]*(?:(?:who|which|that)\s+)?(?:(?:were|was)\s+)?(?:received|treated\s+with|given|took|on)\s",
                     ctx.text[group.size.end : right], re.I)  # fmt: skip
    named = ctx.mentions(group.size.end, right, {THERAPY, CLASS}) if after else []
    group.drugs = named or [m for m in group.drugs if m.kind == CONTROL]
    group.control = True
    return group


# A bracket listing sizes by the groups' abbreviations: '(IS, n=31; ePE, n=9)', '(IS n = 31, ePE n = 9)'.
_LISTED = re.compile(r"\((?P<inside>[^()]{5,120})\)")
_ITEM = re.compile(r"(?P<abbr>[A-Za-z][A-Za-z0-9+-]{0,9})\s*(?:group\s*)?[,:]?\s*n\s*[=:]\s*(?P<n>\d{1,5})")


def abbreviated_groups(ctx: Context, sentence: Piece) -> list[Group]:
    """Groups sized in one bracket by their abbreviations, each abbreviation defined in the text as a group ('early
    plasma exchange plus IS (ePE group)'); nothing unless every abbreviation of the bracket is defined."""
    text = ctx.text
    for bracket in _LISTED.finditer(text, sentence.start, sentence.end):
        items = list(_ITEM.finditer(text, bracket.start("inside"), bracket.end("inside")))
        if len(items) < 2:
            continue
        groups = [_defined(ctx, item.group("abbr"), int(item.group("n")), item) for item in items]
        if all(groups) and len({g.name for g in groups if g}) == len(groups):
            return [g for g in groups if g]
    return []


def _defined(ctx: Context, abbr: str, n: int, item: re.Match[str]) -> Group | None:
    """The group an abbreviation stands for, from its definition: '<description> (ABBR group)' or '<description>
    (ABBR)'."""
    if not n:
        return None
    definition = re.compile(rf"\(\s*(?:the\s+)?{re.escape(abbr)}(?:\s+(?P<kind>{KIND}))?\s*\)")
    m = definition.search(ctx.text, 0, item.start())
    if m is None:
        return None
    sentence = next((s for s in ctx.sentences() if s.start <= m.start() < s.end), None)
    left = sentence.start if sentence else max(0, m.start() - 200)
    previous = [b.end() for b in re.finditer(r"\)", ctx.text[left : m.start()])]
    left = left + previous[-1] if previous else left
    start = description_start(ctx, left, m.start())
    description = " ".join(FILLER.sub("", ctx.text[start : m.start()].strip()).split())
    if not description or len(description.split()) > 10:
        return None
    size = found(ctx.text, item.start(), item.end(), n, 0.7, "the size written with the group's abbreviation")
    name = f"{abbr} {m.group('kind') or 'group'}"
    drugs = ctx.mentions(start, m.start(), DRUGS)
    label = name if ctx.mentions(start, m.start(), {THERAPY, CLASS}) else f"{description} ({name})"
    return control_drugs(ctx, Group(label, size, drugs, name), item.start())


_PATIENTS = r"(?:patients|children|subjects|participants|cases|adults|adolescents|individuals)"
# 'an inception cohort of 31 children', 'a control group of 22 patients': a group sized with 'of'.
_OF_GROUP = re.compile(
    rf"\b(?:an?|the|one|another)\s+(?P<label>(?:(?!of\b|with\b)[\w-]+\s+){{0,3}}?{KIND})\s+of\s+(?P<n>{NUMBER})\s+"
    rf"(?:[\w-]+\s+){{0,2}}?{_PATIENTS}\b",
    re.I,
)
_VERSUS = re.compile(r"(?i)\b(?:compared\s+(?:with|to)|versus|vs\.?|against)\b")
_JOINED = re.compile(r"(?i)\b(?:compared\s+(?:with|to)|versus|vs\.?|against|and|with)\b")


def of_groups(ctx: Context, sentence: Piece) -> list[Group]:
    """Two or more groups sized with 'of' in one sentence, joined by a comparison ('compared with', 'versus',
    'and'); each holds the drugs named after its size up to the next group."""
    text = ctx.text
    marks = list(_OF_GROUP.finditer(text, sentence.start, sentence.end))
    if len(marks) < 2:
        return []
    groups = []
    for i, m in enumerate(marks):
        right = marks[i + 1].start() if i + 1 < len(marks) else sentence.end
        if i and not _JOINED.search(text, marks[i - 1].end(), m.start()):
            return []
        value = to_int(m.group("n"))
        if not value:
            return []
        size = found(text, m.start("n"), m.end(), value, 0.7, "the size written with the group")
        stop = _VERSUS.search(text, m.end(), right)
        drugs = ctx.mentions(m.start("label"), m.end("label"), DRUGS)
        drugs += ctx.mentions(m.end(), stop.start() if stop else right, {THERAPY, CLASS})
        label = " ".join(m.group("label").split())
        groups.append(control_drugs(ctx, Group(label, size, drugs, label), right))
    return groups
