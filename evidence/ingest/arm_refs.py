"""Which arms a sentence or clause speaks about: by drug, class or control words ('all groups' = every arm), the
arm a drug word names in place ('prednisone plus ciclosporin' names the arm holding both), a size written right
after an arm's name, and a dose written right after its drug."""

from __future__ import annotations

import re

from evidence.ingest.arms import N_AFTER, ArmDraft
from evidence.ingest.context import Context
from evidence.ingest.draft import Found, found
from evidence.ingest.roles import NEUTRAL, TREATMENT
from evidence.ingest.sections import Piece
from evidence.ingest.terms import CLASS, CONTROL, THERAPY, Mention
from evidence.ingest.therapies import Hit, combined_with

_ALL_ARMS = re.compile(
    r"\b(?:all|both|each|every)\s+(?:\w+\s+)?(?:groups|arms|cohorts|group|arm|cohort)\b|\bacross\s+groups\b", re.I
)


def size_after(ctx: Context, mention: Mention) -> Found | None:
    """The size written right after an arm's name: 'the tofacitinib group (n=290)'."""
    m = N_AFTER.match(ctx.text, mention.end)
    return found(ctx.text, m.start(), m.end(), int(m.group("n") or m.group("m")), 0.8) if m else None


def arm_positions(ctx: Context, clause: Piece, arms: list[ArmDraft]) -> list[tuple[int, int]]:
    """(offset, arm index) for each therapy/control word in a clause that names one arm; 'prednisone plus
    ciclosporin' names the arm holding both, 'prednisone' alone the arm of prednisone only."""
    out = []
    for m in ctx.mentions(clause.start, clause.end, {THERAPY, CLASS, CONTROL}):
        partner = combined_with(ctx, m)
        pair = [m.key, partner.key] if partner else None
        exact = [i for i, a in enumerate(arms) if (a.therapy_ids == pair if pair else a.key == m.key)]
        named = exact or [
            i
            for i, a in enumerate(arms)
            if m.key == a.key or m.key in a.therapy_ids or (m.kind == CLASS and a.therapy_class == m.key)
        ]
        if len(named) == 1:
            out.append((m.start, named[0]))
    for i, arm in enumerate(arms):  # a group named as the text named it: 'in the TI cohort'
        if arm.refs is not None:
            out += [(ref.start(), i) for ref in arm.refs.finditer(ctx.text, clause.start, clause.end)]
    return sorted(out)


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
    for i, arm in enumerate(arms):  # a group named as the text named it: 'in the TI cohort'
        if arm.refs is not None and i not in out and arm.refs.search(ctx.text, clause.start, clause.end):
            out.append(i)
    return out


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
