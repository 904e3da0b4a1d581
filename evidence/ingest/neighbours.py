"""A result counted in one sentence out of the group sized in the sentence right before it: '10 patients were given
the combination. Five patients survived.' -> 5 of 10.

Only the plain case is read: the result sentence opens with its count of patients and holds no other count, and the
sentence right before it (in the study's sections) sizes exactly one group of patients who were given a treatment.
Anything else leaves the denominator empty (a wrong denominator is worse than none).
"""

from __future__ import annotations

import re

from evidence.ingest.context import STUDY, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, NUMBER_RE, in_dose, to_int
from evidence.ingest.sections import Piece

_PATIENTS = r"(?:patients|children|subjects|participants|cases|adults)"
# 'Five patients survived', 'Seven children improved', 'Three patients died'.
_BARE = re.compile(
    rf"(?:(?:of\s+(?:these|them)|among\s+(?:these|them))\s*,?\s*)?(?P<r>{NUMBER})\s+(?:[\w-]+\s+)?{_PATIENTS}\s+"
    r"(?:(?:had|have|were|was)\s+)?(?:\w+\s+)?(?:survived|died|improved|responded|recovered|relapsed|achieved|reached"
    r"|attained|alive|in\s+remission)\b",
    re.I,
)
# '10 patients were given the combination', 'Twelve children received rituximab'.
_GIVEN = re.compile(
    rf"(?P<e>{NUMBER})\s+(?:[\w-]+\s+)?{_PATIENTS}\s+(?:(?:were|was)\s+(?:\w+\s+)?(?:given|treated|started|switched)"
    r"|received|started|underwent)\b",
    re.I,
)


# Numbers of time or of things ('over two days', '3 cycles', '40%') are no group sizes.
_NOT_PATIENTS = re.compile(r"\s*(?:%|percent|days?|weeks?|months?|years?|hours?|cycles?|courses?|times|infusions?)\b")


def neighbour_ratio(ctx: Context, clause: Piece, sentence: Piece) -> tuple[int, int, Found] | None:
    """(responders, evaluable, where) for a result sentence that counts patients of the group the sentence before it
    sized, or None (see the module's rule)."""
    text = ctx.text
    bare = _BARE.match(text, sentence.start, sentence.end)
    if bare is None or not clause.start <= bare.start("r") < clause.end:
        return None
    if len([n for n in NUMBER_RE.finditer(text, sentence.start, sentence.end) if to_int(n.group())]) != 1:
        return None  # another count in the result sentence: not plainly one group
    before = _previous(ctx, sentence)
    if before is None:
        return None
    numbers = [
        n
        for n in NUMBER_RE.finditer(text, before.start, before.end)
        if to_int(n.group()) and not in_dose(text, n.start(), n.end()) and not _NOT_PATIENTS.match(text, n.end())
    ]
    given = _GIVEN.search(text, before.start, before.end)
    r = to_int(bare.group("r"))
    if given is None or len(numbers) != 1 or r is None:
        return None
    e = to_int(given.group("e"))
    if e is None or not 0 < r <= e:
        return None
    note = "out of the group sized in the sentence before"
    return r, e, found(text, given.start(), bare.end(), (r, e), 0.55, note)


def _previous(ctx: Context, sentence: Piece) -> Piece | None:
    """The sentence right before this one, when it belongs to the study's sections."""
    sentences = ctx.sentences(STUDY | {"background"})
    at = next((i for i, s in enumerate(sentences) if s.start == sentence.start), None)
    if not at:
        return None
    before = sentences[at - 1]
    return before if before.section in STUDY - {"title"} else None
