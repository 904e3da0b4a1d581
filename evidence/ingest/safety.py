"""Safety findings the abstract states as an absence: 'no serious adverse events occurred' (serious_adverse_event,
count 0), 'no adverse events were seen' (none_reported, count 0). Harms with counts stay hints for the curator.

A finding belongs to the arms its sentence names ('safety of both abatacept and JAK inhibitors'; 'for either
therapy' names every treated arm), else to the whole study. A negation about relatedness ('none related to the drug')
is not a statement that no event occurred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.ingest.arm_refs import arms_named
from evidence.ingest.arms import ArmDraft
from evidence.ingest.context import RESULTS, Context
from evidence.ingest.draft import Found, found

_EVENTS = r"(?:adverse\s+(?:drug\s+)?(?:events?|effects?|reactions?)|AEs?|side[- ]effects?)"
_NONE = re.compile(
    rf"\b(?:no|without(?:\s+any)?)\s+(?:(?P<grade>serious|major)\s+)?{_EVENTS}"
    rf"|\bno\s+(?:patients?|child(?:ren)?|one|participants?)\s+(?:had|experienced|developed|reported)\s+(?:any\s+)?"
    rf"(?:(?P<grade2>serious|major)\s+)?{_EVENTS}",
    re.I,
)
_RELATED = re.compile(r"\b(?:related|attribut\w*|associated|due)\b", re.I)
_EVERY_TREATED = re.compile(r"\b(?:either|both|each)\s+(?:of\s+the\s+)?(?:therap|treatment|drug|agent|arm|group)", re.I)


@dataclass(frozen=True)
class NoEvents:
    """One 'no events' statement: arm index (None = whole study), kind, and where it was read."""

    arm: int | None
    kind: str
    where: Found


def no_event_findings(ctx: Context, arms: list[ArmDraft]) -> list[NoEvents]:
    """'No (serious/major) adverse events' statements of the results, per arm they name."""
    out: list[NoEvents] = []
    seen: set[tuple[int | None, str]] = set()
    for clause, sentence in ctx.clauses(RESULTS):
        m = _NONE.search(ctx.text, clause.start, clause.end)
        if not m or _RELATED.search(ctx.text, m.end(), clause.end):
            continue
        graded = m.group("grade") or m.group("grade2")
        kind = "serious_adverse_event" if graded else "none_reported"
        treated = [i for i, arm in enumerate(arms) if not arm.is_control]
        if _EVERY_TREATED.search(ctx.text, sentence.start, sentence.end) and len(treated) > 1:
            targets: list[int | None] = list(treated)
        else:
            named = arms_named(ctx, sentence, arms)
            targets = list(named) if named and len(arms) > 1 else [None]
        where = found(ctx.text, m.start(), m.end(), 0, 0.7, f"{kind}: the source states none")
        for target in targets:
            if (target, kind) not in seen:
                seen.add((target, kind))
                out.append(NoEvents(target, kind, where))
    return out
