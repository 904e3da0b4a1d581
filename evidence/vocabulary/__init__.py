"""Controlled vocabulary, the single source of truth for every term: id, label, aliases and flags.

Records name things by canonical id; this module maps synonyms, brand names and aliases to those ids so that
the schema, the filters, the tables and the exports agree on one spelling and one label. Sets that used to be
hard-coded elsewhere (comparator arms, designs without patients, indirect evidence, RIS types, chart colours,
row order) are flags on the terms.
"""

from __future__ import annotations

from evidence.vocabulary.measures import MEASURE_TERMS
from evidence.vocabulary.terms import Term, Vocabulary
from evidence.vocabulary.therapies import ANTIBODIES, THERAPY_CLASSES, THERAPY_TERMS

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

DESIGNS = Vocabulary(
    (
        Term("rct", "Randomised controlled trial", level=1, randomised=True),
        Term("open_label_trial", "Open-label trial", level=2),
        Term("prospective_cohort", "Prospective cohort", level=3),
        Term("retrospective_cohort", "Retrospective cohort", level=3, retrospective=True),
        Term("case_series", "Case series", level=4),
        Term("case_report", "Case report", level=5),
        Term("survey", "Clinician survey (no patients)", level=5, holds_patients=False),
    )
)

OUTCOME_DOMAINS = Vocabulary(
    (
        Term("global", "Global disease activity"),
        Term("muscle", "Muscle"),
        Term("skin", "Skin"),
        Term("steroid_sparing", "Steroid sparing", order=1),  # shown after the disease domains
        Term("lung", "Lung (ILD)"),
        Term("calcinosis", "Calcinosis"),
        Term("remission", "Remission"),
        Term("survival", "Survival"),
        Term("biomarker", "Biomarker / interferon signature"),
        Term("function", "Physical function"),
        Term("treatment_use", "Treatment use / practice"),
    )
)

OUTCOME_FAMILIES = Vocabulary(
    (
        Term("response", "Response", order=0),
        Term("survival", "Survival", order=1),
        Term("lung", "Lung disease (ILD)", order=2),
        Term("steroid_sparing", "Steroid sparing", order=3),
        Term("calcinosis", "Calcinosis", order=4),
    )
)

SAFETY_KINDS = Vocabulary(
    (
        Term("serious_adverse_event", "Serious adverse event", harm=True, order=2),
        Term("adverse_event", "Adverse event (non-serious or unspecified)", order=6),
        Term("serious_infection", "Serious infection", harm=True, order=1),
        Term("infection", "Infection (any)", order=6),
        Term("herpes_zoster", "Herpes zoster", harm=True, order=0),
        Term("thrombosis", "Thrombosis", order=6),
        Term("malignancy", "Malignancy", order=6),
        Term("infusion_reaction", "Infusion reaction", order=6),
        Term("laboratory_abnormality", "Laboratory abnormality", order=6),
        Term("death", "Death", harm=True, order=3),
        Term("discontinuation", "Stopped treatment for an adverse event", harm=True, order=4),
        Term("none_reported", "No adverse events (the source states none)", order=7),
    )
)

DIRECTIONS = Vocabulary(
    (
        Term("improved", "improved", colour="#0072B2"),
        Term("worsened", "worsened", colour="#D55E00"),
        Term("no_change", "no change", colour="#999999"),
        Term("mixed", "mixed", colour="#E69F00"),
        Term("not_reported", "direction not stated", colour="#CC79A7"),
    )
)

AGE_GROUPS = Vocabulary(
    (
        Term("pediatric", "Children with JDM", ("paediatric", "children", "paediatric jdm"), short="children"),
        Term("adult_with_jdm", "Adults with juvenile-onset DM", adult=True, short="adults with juvenile-onset DM"),
        Term("mixed", "Mixed cohort of children and adults", ("mixed paediatric and adult",), short="patients"),
        Term(
            "adult_dm",
            "Adult-onset DM",
            ("adult", "adults"),
            indirect=True,
            adult=True,
            short="adults with adult-onset DM",
        ),
    )
)

# Which patients a clinician asks about on Compare (the patient profile): an age group, or every group apart.
PATIENT_PROFILES = Vocabulary(
    (
        Term("pediatric", "Children with JDM", ("paediatric", "children")),
        Term("adult_with_jdm", "Adults with juvenile-onset DM"),
        Term("adult_dm", "Adults with adult-onset DM", ("adult",)),
        Term("any", "Any age (each population shown apart)", ("all",)),
    )
)

# Manifestations a clinician can focus on: each names the outcome domains it covers (group, comma-separated).
MANIFESTATIONS = Vocabulary(
    (
        Term("skin", "Skin disease", group="skin"),
        Term("muscle", "Muscle disease", group="muscle"),
        Term("calcinosis", "Calcinosis", group="calcinosis"),
        Term("lung", "Lung disease (ILD)", ("ild",), group="lung,survival"),
    )
)

PUBLICATION_TYPES = Vocabulary(
    (
        Term("journal_article", "Journal article", ris_type="JOUR"),
        Term("conference_abstract", "Conference abstract", ris_type="ABST"),
        Term("letter", "Letter / correspondence", ris_type="JOUR"),
        Term("preprint", "Preprint", ris_type="UNPB"),
    )
)

DENOMINATOR_BASES = Vocabulary(
    (
        Term("stated", "stated by the source"),
        Term("all_treated", "all patients treated (the source reports no loss to follow-up)"),
    )
)

THERAPIES = Vocabulary(THERAPY_TERMS)
MEASURES = Vocabulary(MEASURE_TERMS)
ANTIBODY_TERMS = Vocabulary(ANTIBODIES)
COMPARATOR_CLASSES = THERAPY_CLASSES.where(comparator=True)
HARM_KINDS = tuple(k for k, t in SAFETY_KINDS.items() if t.harm)
NO_EVENTS_KIND = "none_reported"  # a finding saying the source observed no adverse events at all
MIXED_AGE_GROUP = "mixed"  # children and adults together


def family_of(measure: str) -> str | None:
    """The outcome family a measure is summarised in (None: described, never pooled)."""
    term = MEASURES.get(measure)
    return term.family if term else None


def definition_of(measure: str) -> str:
    """The pooling definition of a measure: itself, or the measure whose inverse it is (deaths pool as survival)."""
    term = MEASURES.get(measure)
    return (term.pool_as or measure) if term else measure


def therapy_id(name: str) -> str | None:
    """Canonical therapy id for a generic name, synonym or brand; None if unknown."""
    return THERAPIES.resolve(name)


def antibody_id(name: str) -> str | None:
    """Canonical antibody id for an alias such as 'anti-p155/140'; None if unknown."""
    return ANTIBODY_TERMS.resolve(name)


def class_id(name: str) -> str | None:
    """Canonical therapy-class id (old ids such as 'placebo' still resolve); None if unknown."""
    return THERAPY_CLASSES.resolve(name)


def therapy_class(therapy: str) -> str:
    """Class id of a canonical therapy id."""
    return THERAPIES[therapy].group or "other"


def therapy_label(therapy: str) -> str:
    return THERAPIES.label(therapy)


def class_label(cls: str) -> str:
    return THERAPY_CLASSES.label(cls)


def antibody_label(antibody: str) -> str:
    return ANTIBODY_TERMS.label(antibody)


def design_label(design: str) -> str:
    return DESIGNS.label(design)


def evidence_level(design: str) -> int:
    return DESIGNS[design].level or 5


def term_label(term: str) -> str:
    """The one label for a therapy id or a class id (the two id sets are disjoint, a test checks it)."""
    return THERAPIES.label(term) if term in THERAPIES else THERAPY_CLASSES.label(term)
