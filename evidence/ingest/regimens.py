"""Drugs named as one regimen: 'a combined regimen of high-dose glucocorticoids, tacrolimus and IV cyclophosphamide',
'the combination of IVIG and cyclophosphamide', 'triple therapy with X, Y and Z'. The patients received all of them
together, so they make one arm holding every drug of the list, not one arm per drug."""

from __future__ import annotations

import re

from evidence.ingest.arms import ArmDraft
from evidence.ingest.context import STUDY, Context
from evidence.ingest.terms import CLASS, THERAPY, Mention
from evidence.ingest.therapies import unspecified_therapy

# The words that name a list of drugs as one regimen.
_REGIMEN = re.compile(
    r"(?i)\b(?:(?:combined|combination|triple|dual|quadruple|multi-?drug|multi-?target(?:ed)?|intensive)\s+"
    r"(?:immunosuppressive\s+)?(?:regimen|therapy|treatment|immunosuppression)\s+(?:of|with|consisting\s+of|including"
    r"|comprising)|(?:the\s+|a\s+)?combination\s+(?:therapy\s+)?(?:of|with)|regimen\s+(?:of|consisting\s+of"
    r"|comprising))\s+"
)
# Words a drug of the list may carry before its name: 'high-dose glucocorticoids', 'IV cyclophosphamide'.
_MODIFIER = (
    r"(?:(?:high|low|medium|moderate|full)[- ]dose|iv|oral|pulsed?|intravenous|subcutaneous|daily|weekly|monthly)"
)
_LEAD = re.compile(rf"(?i)(?:{_MODIFIER}\s+)*")
# Between two drugs: a dose or a bracket of the first ('IVIG 2 g/kg and'), then a comma, 'and', 'plus' or '+'.
_DOSE = r"(?:\s+\d[\d,.]*\s*(?:mg|g|µg|mcg|IU)(?:/[\w²]+)*)?"
_SEP = re.compile(rf"(?i){_DOSE}\s*(?:\([^()]{{0,40}}\)\s*)?(?:,\s*and\s+|,\s*|\s+and\s+|\s+plus\s+|\s*\+\s*)")


def regimen_lists(ctx: Context) -> list[list[Mention]]:
    """Each list of two or more drugs the text names as one regimen, in reading order."""
    out = []
    for sentence in ctx.sentences(STUDY):
        for cue in _REGIMEN.finditer(ctx.text, sentence.start, sentence.end):
            pos = cue.end()
            listed: list[Mention] = []
            for m in ctx.mentions(pos, sentence.end, {THERAPY, CLASS}):
                if not _LEAD.fullmatch(ctx.text, pos, m.start):  # only 'high-dose', 'IV' ... before the drug
                    break
                listed.append(m)
                sep = _SEP.match(ctx.text, m.end)
                if not sep:
                    break
                pos = sep.end()
            if len({m.key for m in listed}) >= 2:
                out.append(listed)
    return out


def merge_regimens(ctx: Context, arms: list[ArmDraft]) -> list[ArmDraft]:
    """Arms of drugs named together as one regimen become one arm holding them all (its size, when one of them has
    a size, is kept); arms with sizes of their own that differ stay apart."""
    for listed in regimen_lists(ctx):
        keys = list(dict.fromkeys(m.key for m in listed))
        parts = [a for a in arms if a.key in keys and not a.label]
        sizes = {a.n.value for a in parts if a.n is not None}
        if len(parts) < 2 or len(sizes) > 1:
            continue
        first = parts[0]
        drugs = [(unspecified_therapy(m.key) or m.key if m.kind == CLASS else m.key, m) for m in listed]
        merged = ArmDraft("+".join(keys), THERAPY, first.source, [(t, m) for t, m in drugs if t])
        merged.n = next((a.n for a in parts if a.n is not None), None)
        at = arms.index(first)
        arms = [a for a in arms if a not in parts]
        arms.insert(at, merged)
    return arms
