"""Antibodies named for this study's patients, with positive/tested counts where a phrase states them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.ingest.arm_refs import arms_named
from evidence.ingest.arms import ArmDraft
from evidence.ingest.context import STUDY, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, to_int
from evidence.ingest.terms import ANTIBODY

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
