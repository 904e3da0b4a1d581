"""The role of a therapy mention in its clause: a study treatment, a prior or failed therapy, a background
(concomitant) therapy, a change in use (an outcome), an attribute ('steroid-sparing') or neutral.

The nearest cue word before the mention decides ('treated with', 'failed', 'had received', 'alongside', 'tapering');
some words right after it override ('MTX-refractory', 'prednisone dose', 'steroid-dependent', 'steroid-sparing').
"""

from __future__ import annotations

import re

from evidence.ingest.sections import Piece
from evidence.ingest.terms import Mention

TREATMENT, FAILED, PRIOR, CONCOMITANT, USE, NEUTRAL = "treatment", "failed", "prior", "concomitant", "use", "neutral"
ATTRIBUTE = "attribute"  # "steroid-sparing", "MTX-induced": the drug describes something else
PRACTICE = "practice"  # "respondents would start IVIG": what clinicians would use or prefer, given to nobody here
NO_ARM = frozenset({FAILED, PRIOR, USE, CONCOMITANT, ATTRIBUTE, PRACTICE})  # roles that never make an arm or its size

_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        FAILED,
        re.compile(
            r"\b(?:failed|failure\s+of|failing|refractory\s+to|resistant\s+to|despite|inadequate(?:ly)?\s+respon\w*"
            r"|intoleran\w*|unresponsive\s+to|non-?respon\w*\s+to|did\s+not\s+respond\s+to|lack\s+of\s+response\s+to"
            r"|insufficient\s+response\s+to|recalcitrant\s+to)\b",
            re.I,
        ),
    ),
    (
        PRIOR,
        re.compile(
            r"\b(?:(?:previously|earlier|before)\s+(?:been\s+)?(?:received|treated\s+with|given|used|tried|took|taken)"
            r"|prior|previous(?:ly)?|earlier|history\s+of|had\s+(?:previously\s+)?(?:received|been\s+(?:treated|given))"
            r"|switched\s+from|pre-?treated\s+with)\b",
            re.I,
        ),
    ),
    (
        CONCOMITANT,
        re.compile(
            r"\b(?:also\s+(?:received|given|took|taking)|continu(?:ed|ing)(?:\s+on)?|concomitant(?:ly)?|alongside"
            r"|in\s+combination\s+with|combined\s+with"
            r"|plus|along\s+with|together\s+with|in\s+addition\s+to|co-?administered|background)\b",
            re.I,
        ),
    ),
    (
        USE,
        re.compile(
            r"\b(?:reduc\w*|taper\w*|wean\w*|lower\w*|decreas\w*|cessation\s+of|discontinu\w*|stopp?\w*|withdr[ae]w\w*"
            r"|spar\w*|(?:mean|median|average|daily|cumulative)\s+(?:daily\s+)?(?:doses?|dosages?)\s+of)\b",
            re.I,
        ),
    ),
    (
        TREATMENT,
        re.compile(
            # conditioning before a transplant or CAR T cells is given to the patients: 'lymphodepletion with X'
            r"\b(?:treated\s+with|treatments?\s+with|therap(?:y|ies)\s+with|regimens?\s+of"
            r"|(?:(?:immuno)?ablative\s+|lymphodepleting\s+)?(?:conditioning|lympho-?depletion|chemotherapy)"
            r"(?:\s+(?:regimen|chemotherapy|therapy))?\s+(?:with|of|using|consisting\s+of)"
            r"|combination\s+of|received|receiving|receive|given|administered|taking|took|used"
            r"|initiation\s+of|initiated|initiating|start(?:ed|ing)?(?:\s+on)?|commenced|add(?:ed|ing|ition\s+of)|add-on"
            r"|use\s+of|using|switched\s+to|escalat\w*\s+to|efficacy\s+of|effectiveness\s+of|effects?\s+of|safety\s+of"
            r"|experience\s+with|response\s+to|outcomes?\s+of|trial\s+of|study\s+of|course\s+of|exposed\s+to"
            r"|(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)(?:\s+\d+\s*:\s*\d+|\s+(?:in\s+)?a\s+\d+\s*:\s*\d+\s+ratio)?"
            r"(?:\s*\([^()]{0,40}\))?\s+to|switched\s+to)\b",
            re.I,
        ),
    ),
]
_ANY_CUE = re.compile("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in _CUES), re.I)
_POST_FAILED = re.compile(
    r"[\s-]*(?:refractory|resistant|intolerant|failure|inadequate)\b"
    # 'methotrexate was stopped for inefficacy': stopped because it did not work
    r"|(?:\s+(?:was|were|had\s+been))?\s+(?:stopped|discontinued|withdrawn)\s+(?:because\s+of|due\s+to|for|owing\s+to)\s+"
    r"(?:(?:lack|loss)\s+of\s+(?:efficacy|response|effect)|inefficacy|ineffectiveness|insufficient\s+(?:efficacy|response)"
    r"|(?:treatment\s+|primary\s+|secondary\s+)?failure|no\s+response)\b"
    r"|(?:\s+(?:and|or)\s+\w+)?\s+(?:was|were|had\s+been|proved)\s+(?:ineffective|unsuccessful|not\s+effective)\b",
    re.I,
)
_POST_USE = re.compile(
    r"(?:\s+(?:use|dose|doses|dosage|dosing|requirements?|exposure|tapering|withdrawal|discontinuation)\b"
    r"|\s+(?:(?:was|were|could\s+be|could|can\s+be|had\s+been)\s+)?(?:successfully\s+)?(?:reduced|tapered|lowered"
    r"|stopped|discontinued|withdrawn|weaned|decreased)\b)",
    re.I,
)
_POST_PRIOR = re.compile(r"[\s-]+(?:dependen\w*|exposed|pretreated|experienced)\b", re.I)
# 'steroid-sparing', 'MTX-induced', 'biologic-naive' (never given it): the drug describes something else.
_POST_ATTRIBUTE = re.compile(
    r"[\s-]+(?:sparing|induced|related|associated|free|toxicity|toxicities|naive|naïve)\b", re.I
)
_POST_TREATMENT = re.compile(
    r"(?:[\s-]*(?:treated|group|arm|cohort|therapy|treatment|monotherapy|infusions?|recipients?|users?)\b"
    # 'Oral corticosteroids were prescribed in 6 patients': the drug first, then the verb of giving it
    r"|\s+(?:was|were)\s+(?:(?:also|then|later|subsequently|additionally)\s+)?(?:started|initiated|given|administered"
    r"|added|used|introduced|commenced|prescribed|employed|tried|instituted|required|needed|received))",
    re.I,
)


_CUE_WINDOW = 200


def cue_before(text: str, clause: Piece, mention: Mention) -> re.Match[str] | None:
    """The nearest cue word before a mention in its clause (within the cue window), if any."""
    cue = None
    for m in _ANY_CUE.finditer(text, max(clause.start, mention.start - _CUE_WINDOW), mention.start):
        cue = m
    return cue


def role(text: str, clause: Piece, mention: Mention) -> str:
    """How a therapy is used in its clause: treatment, failed, prior, concomitant, use (an outcome), attribute
    ('steroid-sparing') or neutral. The nearest cue word before it decides; some words after it override."""
    if _POST_FAILED.match(text, mention.end):
        return FAILED
    if _POST_USE.match(text, mention.end):
        return USE
    if _POST_PRIOR.match(text, mention.end):
        return PRIOR
    if _POST_ATTRIBUTE.match(text, mention.end):
        return ATTRIBUTE
    kind = NEUTRAL
    window = max(clause.start, mention.start - _CUE_WINDOW)  # cues further back than this do not govern the word
    for m in _ANY_CUE.finditer(text, window, mention.start):
        kind = m.lastgroup or NEUTRAL  # the nearest cue before the word decides
    if kind != NEUTRAL:
        return kind
    if _POST_TREATMENT.match(text, mention.end) or text[max(0, mention.start - 3) : mention.start].lower() == "on ":
        return TREATMENT
    return NEUTRAL


FUTURE = re.compile(
    r"\b(?:needed|need\s+for|warranted|required|future|further|larger|should\s+be|are\s+necessary|merits?|call\s+for)\b",
    re.I,
)
