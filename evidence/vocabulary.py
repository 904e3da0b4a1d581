"""Controlled vocabulary, the single source of truth for every term: id, label, aliases and flags.

Records name things by canonical id; this module maps synonyms, brand names and aliases to those ids so that
the schema, the filters, the tables and the exports agree on one spelling and one label. Sets that used to be
hard-coded elsewhere (comparator arms, designs without patients, indirect evidence, RIS types, chart colours,
row order) are flags on the terms.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: canonical id, display label, accepted aliases and the flags other modules read."""

    id: str
    label: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    group: str | None = None  # therapy class for therapies, domain for measures
    level: int | None = None  # designs: evidence level, 1 = strongest
    comparator: bool = False  # therapy classes: control or placebo arms, not a rescue therapy
    holds_patients: bool = True  # designs: False for surveys (respondents, never patients)
    randomised: bool = False  # designs: GRADE starts randomised evidence high
    retrospective: bool = False  # designs: a risk-of-bias flag
    indirect: bool = False  # age groups: adult-onset DM is indirect evidence for JDM
    adult: bool = False  # age groups made up of adults
    ris_type: str | None = None  # publication types: the RIS TY code
    colour: str | None = None  # chart colour (Okabe-Ito)
    order: int = 0  # display order where it matters (steroid sparing after the disease domains)
    short: str | None = None  # a short label for narrow table headers (the full label stays in hover and text)
    family: str | None = None  # measures: the outcome family summarised on Compare (OUTCOME_FAMILIES); None: not pooled
    pool_as: str | None = None  # measures: the definition it pools with, when it is another measure's inverse
    inverse: bool = False  # measures: responders count the unfavourable event (deaths); shown as its complement
    harm: bool = False  # safety kinds: summarised per therapy as a proportion of patients with the event


class Vocabulary(Mapping[str, Term]):
    """Terms of one kind by id, with alias lookup and labels (an unknown id is its own label)."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self._terms = {t.id: t for t in sorted(terms, key=lambda t: t.order)} if terms else {}
        self._index: dict[str, str] = {}
        for term in terms:
            for name in (term.id, term.label, *term.aliases):
                self._index.setdefault(name.casefold(), term.id)

    def __getitem__(self, key: str) -> Term:
        return self._terms[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def resolve(self, name: str) -> str | None:
        """Canonical id for an id, label or alias (case-insensitive); None if unknown."""
        return self._index.get(str(name).strip().casefold())

    def label(self, term_id: object) -> str:
        term = self._terms.get(term_id) if isinstance(term_id, str) else None
        return term.label if term else str(term_id)

    def short(self, term_id: object) -> str:
        """The term's short label where it has one, else its label."""
        term = self._terms.get(term_id) if isinstance(term_id, str) else None
        return (term.short or term.label) if term else str(term_id)

    def where(self, **flags: object) -> frozenset[str]:
        """Ids of the terms whose flags have the given values, e.g. where(comparator=True)."""
        return frozenset(t.id for t in self._terms.values() if all(getattr(t, k) == v for k, v in flags.items()))


OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

THERAPY_CLASSES = Vocabulary(
    (
        Term("jak_inhibitor", "JAK inhibitors", ("jak inhibitor", "janus kinase inhibitors")),
        Term("t_cell_costimulation_modulator", "T-cell co-stimulation modulators"),
        Term("type_i_ifn_receptor_antibody", "Type I interferon receptor antibodies"),
        Term("anti_cd20", "Anti-CD20 (B-cell depletion)"),
        Term("immunoglobulin", "Immunoglobulin (IVIG/SCIG)"),
        Term("tnf_inhibitor", "TNF inhibitors"),
        Term("il6_inhibitor", "IL-6 receptor inhibitors"),
        Term("il1_inhibitor", "IL-1 inhibitors"),
        Term("calcineurin_inhibitor", "Calcineurin inhibitors"),
        Term("antimetabolite", "Antimetabolites (conventional DMARDs)"),
        Term("alkylating_agent", "Alkylating agents"),
        Term("antimalarial", "Antimalarials"),
        Term("glucocorticoid", "Glucocorticoids"),
        Term("calcinosis_agent", "Calcinosis-directed therapy"),
        Term("cell_therapy", "Cell therapy"),
        Term("apheresis", "Plasma exchange / apheresis", ("plasma_exchange",)),
        Term("ifn_beta_antibody", "Interferon-β antibodies"),
        Term("fcrn_blocker", "FcRn blockers"),
        Term("baff_inhibitor", "BAFF inhibitors"),
        Term("other", "Other"),
        Term("control", "Comparator / usual care", comparator=True),
        Term("placebo_control", "Placebo", ("placebo",), comparator=True),
    )
)

_THERAPIES: tuple[Term, ...] = (
    Term("tofacitinib", "Tofacitinib", ("xeljanz", "cp-690550"), "jak_inhibitor"),
    Term("baricitinib", "Baricitinib", ("olumiant",), "jak_inhibitor"),
    Term("ruxolitinib", "Ruxolitinib", ("jakafi", "jakavi"), "jak_inhibitor"),
    Term("upadacitinib", "Upadacitinib", ("rinvoq",), "jak_inhibitor"),
    Term("brepocitinib", "Brepocitinib", ("pf-06700841",), "jak_inhibitor"),
    Term("jak_inhibitor_unspecified", "JAK inhibitor (drug not specified)", ("jak inhibitor", "jaki"), "jak_inhibitor"),
    Term("abatacept", "Abatacept", ("orencia", "ctla4-ig"), "t_cell_costimulation_modulator"),
    Term("anifrolumab", "Anifrolumab", ("saphnelo",), "type_i_ifn_receptor_antibody"),
    Term("rituximab", "Rituximab", ("rituxan", "mabthera"), "anti_cd20"),
    Term(
        "ivig",
        "Intravenous immunoglobulin",
        ("intravenous immunoglobulin", "ivig", "igiv", "octagam", "privigen", "gamunex"),
        "immunoglobulin",
    ),
    Term(
        "scig",
        "Subcutaneous immunoglobulin",
        ("subcutaneous immunoglobulin", "scig", "hizentra"),
        "immunoglobulin",
    ),
    Term("infliximab", "Infliximab", ("remicade",), "tnf_inhibitor"),
    Term("adalimumab", "Adalimumab", ("humira",), "tnf_inhibitor"),
    Term("etanercept", "Etanercept", ("enbrel",), "tnf_inhibitor"),
    Term("tocilizumab", "Tocilizumab", ("actemra", "roactemra"), "il6_inhibitor"),
    Term("anakinra", "Anakinra", ("kineret",), "il1_inhibitor"),
    Term("cyclosporine", "Cyclosporine", ("ciclosporin", "cyclosporin a", "neoral"), "calcineurin_inhibitor"),
    Term(
        "calcineurin_inhibitor_unspecified",
        "Calcineurin inhibitor (drug not specified)",
        ("calcineurin inhibitor", "cni"),
        "calcineurin_inhibitor",
    ),
    Term("tacrolimus", "Tacrolimus", ("fk506", "prograf"), "calcineurin_inhibitor"),
    Term("methotrexate", "Methotrexate", ("mtx",), "antimetabolite"),
    Term(
        "mycophenolate",
        "Mycophenolate",
        ("mycophenolate mofetil", "mmf", "mycophenolic acid", "cellcept", "myfortic"),
        "antimetabolite",
    ),
    Term("azathioprine", "Azathioprine", ("aza", "imuran"), "antimetabolite"),
    Term("cyclophosphamide", "Cyclophosphamide", ("cyc", "ivcyc", "cytoxan"), "alkylating_agent"),
    Term("hydroxychloroquine", "Hydroxychloroquine", ("hcq", "plaquenil"), "antimalarial"),
    Term("quinacrine", "Quinacrine", ("mepacrine",), "antimalarial"),
    Term(
        "glucocorticoids",
        "Glucocorticoids",
        ("prednisone", "prednisolone", "methylprednisolone", "corticosteroids", "steroids"),
        "glucocorticoid",
    ),
    Term("sodium_thiosulfate", "Sodium thiosulfate", ("sts",), "calcinosis_agent"),
    Term("bisphosphonate", "Bisphosphonate", ("pamidronate", "alendronate"), "calcinosis_agent"),
    Term("autologous_hsct", "Autologous stem-cell transplant", ("ahsct", "hsct"), "cell_therapy"),
    Term("car_t_cd19", "CD19 CAR T cells", ("car-t", "car t"), "cell_therapy"),
    Term("plasma_exchange", "Plasma exchange", ("plasmapheresis",), "apheresis"),
    Term("dazukibart", "Dazukibart", ("pf-06823859",), "ifn_beta_antibody"),
    Term("efgartigimod", "Efgartigimod", ("vyvgart",), "fcrn_blocker"),
    Term("belimumab", "Belimumab", ("benlysta",), "baff_inhibitor"),
    Term("lenabasum", "Lenabasum", ("ajbardin",), "other"),
    Term("diltiazem", "Diltiazem", (), "calcinosis_agent"),
    Term("sirolimus", "Sirolimus", ("rapamycin",), "other"),
    Term("thalidomide", "Thalidomide", (), "other"),
    Term("apremilast", "Apremilast", ("otezla",), "other"),
    Term("usual_care", "Other rescue therapy / usual care", ("standard of care",), "control"),
    Term("placebo", "Placebo", (), "placebo_control"),
)

ANTIBODIES: tuple[Term, ...] = (
    Term("anti_mda5", "anti-MDA5", ("anti-mda5", "mda5", "anti-cadm-140", "cadm-140", "anti-ifih1")),
    Term("anti_nxp2", "anti-NXP2", ("anti-nxp2", "nxp2", "anti-mj", "mj", "anti-morc3")),
    Term(
        "anti_tif1g", "anti-TIF1γ", ("anti-tif1γ", "anti-tif1-gamma", "tif1g", "anti-p155/140", "p155/140", "anti-p155")
    ),
    Term("anti_mi2", "anti-Mi-2", ("anti-mi-2", "mi-2", "mi2")),
    Term("anti_sae", "anti-SAE", ("anti-sae", "sae", "anti-sae1")),
    Term("anti_ro52", "anti-Ro52", ("anti-ro52", "ro52", "anti-trim21")),
    Term("anti_jo1", "anti-Jo-1", ("anti-jo-1", "jo-1", "jo1")),
    Term("anti_pm_scl", "anti-PM/Scl", ("anti-pm-scl", "pm/scl", "pm-scl")),
    Term("anti_srp", "anti-SRP", ("anti-srp", "srp")),
    Term("anti_ku", "anti-Ku", ("anti-ku", "ku")),
    Term("anti_hmgcr", "anti-HMGCR", ("anti-hmgcr", "hmgcr")),
    Term("msa_negative", "MSA-negative", ("seronegative", "no msa", "msa negative")),
)

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

_MEASURES: tuple[Term, ...] = (
    Term("das_total", "DAS total", ("das",), "global"),
    Term("das_muscle", "DAS muscle", (), "muscle"),
    Term("das_skin", "DAS skin", (), "skin"),
    Term("cdasi", "CDASI", ("cdasi activity",), "skin"),
    Term("cat_bm", "CAT-BM", (), "skin"),
    Term("cmas", "CMAS", (), "muscle"),
    Term("mmt8", "MMT8", ("mmt-8",), "muscle"),
    Term("mmt", "Manual muscle testing (version not stated)", (), "muscle"),
    Term("muscle_enzymes", "Muscle enzymes (CK, aldolase, LDH, AST)", ("ck",), "muscle"),
    Term("acr_eular_tis", "ACR/EULAR total improvement score (mean or median)", ("tis",), "global"),
    Term("physician_global", "Physician global assessment", ("pga", "md global"), "global"),
    Term("printo_response", "PRINTO response (other or unstated level)", ("printo",), "global"),
    # Response: harmonised definitions, each pooled on its own (never juvenile with adult TIS thresholds).
    Term(
        "imacs_doi",
        "IMACS definition of improvement",
        ("doi", "imacs doi"),
        "global",
        short="IMACS DOI",
        family="response",
    ),
    Term(
        "tis_juvenile_minimal",
        "ACR/EULAR juvenile DM criteria: at least minimal improvement (TIS ≥30)",
        ("tis juvenile minimal",),
        "global",
        short="JDM TIS ≥30",
        family="response",
    ),
    Term(
        "tis_juvenile_moderate",
        "ACR/EULAR juvenile DM criteria: at least moderate improvement (TIS ≥45)",
        ("tis juvenile moderate",),
        "global",
        short="JDM TIS ≥45",
        family="response",
    ),
    Term(
        "tis_juvenile_major",
        "ACR/EULAR juvenile DM criteria: major improvement (TIS ≥70)",
        ("tis juvenile major",),
        "global",
        short="JDM TIS ≥70",
        family="response",
    ),
    Term(
        "tis_adult_minimal",
        "ACR/EULAR adult myositis criteria: at least minimal improvement (TIS ≥20)",
        ("tis adult minimal",),
        "global",
        short="Adult TIS ≥20",
        family="response",
    ),
    Term(
        "tis_adult_moderate",
        "ACR/EULAR adult myositis criteria: at least moderate improvement (TIS ≥40)",
        ("tis adult moderate",),
        "global",
        short="Adult TIS ≥40",
        family="response",
    ),
    Term(
        "tis_adult_major",
        "ACR/EULAR adult myositis criteria: major improvement (TIS ≥60)",
        ("tis adult major",),
        "global",
        short="Adult TIS ≥60",
        family="response",
    ),
    Term(
        "printo_20",
        "PRINTO 20 improvement (JDM trials)",
        ("printo 20",),
        "global",
        short="PRINTO 20",
        family="response",
    ),
    Term(
        "printo_cid",
        "PRINTO clinically inactive disease (≥3 of 4 criteria)",
        ("printo cid",),
        "remission",
        short="PRINTO inactive",
        family="response",
    ),
    Term(
        "remission",
        "Clinically inactive disease / remission (other definitions)",
        ("cid",),
        "remission",
        short="Inactive disease",
        family="response",
    ),
    Term(
        "complete_skin_response",
        "Complete skin response (rash resolved)",
        (),
        "skin",
        short="Skin clear",
        family="response",
    ),
    Term(
        "clinical_response",
        "Clinical response (author-defined)",
        (),
        "global",
        short="Author-defined",
        family="response",
    ),
    # Survival: deaths are recorded as stated and shown as their complement (alive), pooled with survival.
    Term("survival", "Alive at the last stated time point", (), "survival", short="Alive", family="survival"),
    Term(
        "mortality",
        "Died by the last stated time point",
        ("deaths",),
        "survival",
        short="Died",
        family="survival",
        pool_as="survival",
        inverse=True,
    ),
    Term(
        "transplant_free_survival",
        "Alive without lung transplant",
        (),
        "survival",
        short="Alive, no transplant",
        family="survival",
    ),
    Term(
        "death_or_transplant",
        "Died or had a lung transplant",
        (),
        "survival",
        short="Died or transplant",
        family="survival",
        pool_as="transplant_free_survival",
        inverse=True,
    ),
    # Lung disease (ILD): improved, or improved or stable, as two definitions.
    Term("ild_improved", "Interstitial lung disease improved", (), "lung", short="ILD improved", family="lung"),
    Term(
        "ild_improved_or_stable",
        "Interstitial lung disease improved or stable",
        (),
        "lung",
        short="ILD improved or stable",
        family="lung",
    ),
    Term("ild_course", "Interstitial lung disease course (described)", ("ild",), "lung"),
    Term("pulmonary_function", "Pulmonary function (FVC/DLCO)", ("fvc", "dlco"), "lung"),
    # Steroid sparing: stopped, or below a dose threshold the study states (the definition says which).
    Term(
        "glucocorticoids_stopped",
        "Stopped glucocorticoids",
        (),
        "steroid_sparing",
        short="Steroids stopped",
        family="steroid_sparing",
    ),
    Term(
        "glucocorticoid_below_threshold",
        "Glucocorticoid dose at or below the study's stated threshold",
        (),
        "steroid_sparing",
        short="Steroids below threshold",
        family="steroid_sparing",
    ),
    Term(
        "glucocorticoid_dose", "Glucocorticoid dose (described)", ("steroid dose", "prednisone dose"), "steroid_sparing"
    ),
    Term("concomitant_therapy_use", "Use of other therapies", (), "steroid_sparing"),
    # Calcinosis: improved (including resolved), or resolved.
    Term(
        "calcinosis_improved",
        "Calcinosis improved",
        (),
        "calcinosis",
        short="Calcinosis improved",
        family="calcinosis",
    ),
    Term(
        "calcinosis_resolved",
        "Calcinosis resolved",
        (),
        "calcinosis",
        short="Calcinosis resolved",
        family="calcinosis",
    ),
    Term("calcinosis_response", "Calcinosis change (described)", (), "calcinosis"),
    Term("myoact", "MYOACT / MDAAT extramuscular activity", ("mdaat",), "global"),
    Term("mitax", "MITAX", (), "global"),
    Term("muscle_mri", "Muscle MRI", ("mri",), "muscle"),
    Term("chaq", "CHAQ / HAQ", ("haq",), "function"),
    Term("ifn_signature", "Interferon signature / biomarker", ("ifn score",), "biomarker"),
    Term("practice_pattern", "Prescribing practice (survey)", (), "treatment_use"),
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

THERAPIES = Vocabulary(_THERAPIES)
MEASURES = Vocabulary(_MEASURES)
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
