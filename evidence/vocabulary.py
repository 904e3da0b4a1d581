"""Controlled vocabulary: therapies and classes, antibodies, designs, outcome measures.

Records name things by canonical id; this module maps synonyms, brand names and
aliases to those ids so that filters and validation agree on one spelling.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: canonical id, display label and accepted aliases."""

    id: str
    label: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    group: str | None = None  # therapy class for therapies, domain for measures


THERAPY_CLASSES: dict[str, str] = {
    "jak_inhibitor": "JAK inhibitor",
    "t_cell_costimulation_modulator": "T-cell co-stimulation modulator",
    "type_i_ifn_receptor_antibody": "Type I interferon receptor antibody",
    "anti_cd20": "Anti-CD20 (B-cell depletion)",
    "immunoglobulin": "Immunoglobulin (IVIG/SCIG)",
    "tnf_inhibitor": "TNF inhibitor",
    "il6_inhibitor": "IL-6 receptor inhibitor",
    "il1_inhibitor": "IL-1 inhibitor",
    "calcineurin_inhibitor": "Calcineurin inhibitor",
    "antimetabolite": "Antimetabolite (conventional DMARD)",
    "alkylating_agent": "Alkylating agent",
    "antimalarial": "Antimalarial",
    "glucocorticoid": "Glucocorticoid",
    "calcinosis_agent": "Calcinosis-directed therapy",
    "cell_therapy": "Cell therapy",
    "plasma_exchange": "Plasma exchange",
    "ifn_beta_antibody": "Interferon-β antibody",
    "fcrn_blocker": "FcRn blocker",
    "baff_inhibitor": "BAFF inhibitor",
    "other": "Other",
    "control": "Comparator / usual care",
    "placebo": "Placebo",
}

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
    Term("plasma_exchange", "Plasma exchange", ("plasmapheresis",), "plasma_exchange"),
    Term("dazukibart", "Dazukibart", ("pf-06823859",), "ifn_beta_antibody"),
    Term("efgartigimod", "Efgartigimod", ("vyvgart",), "fcrn_blocker"),
    Term("belimumab", "Belimumab", ("benlysta",), "baff_inhibitor"),
    Term("lenabasum", "Lenabasum", ("ajbardin",), "other"),
    Term("diltiazem", "Diltiazem", (), "calcinosis_agent"),
    Term("sirolimus", "Sirolimus", ("rapamycin",), "other"),
    Term("thalidomide", "Thalidomide", (), "other"),
    Term("apremilast", "Apremilast", ("otezla",), "other"),
    Term("usual_care", "Other rescue therapy / usual care", ("standard of care",), "control"),
    Term("placebo", "Placebo", (), "placebo"),
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

# Evidence level: 1 is the strongest design. Surveys hold opinion, not patients.
DESIGNS: dict[str, tuple[str, int]] = {
    "rct": ("Randomised controlled trial", 1),
    "open_label_trial": ("Open-label trial", 2),
    "prospective_cohort": ("Prospective cohort", 3),
    "retrospective_cohort": ("Retrospective cohort", 3),
    "case_series": ("Case series", 4),
    "case_report": ("Case report", 5),
    "survey": ("Clinician survey (no patients)", 5),
}

OUTCOME_DOMAINS: dict[str, str] = {
    "global": "Global disease activity",
    "muscle": "Muscle",
    "skin": "Skin",
    "steroid_sparing": "Steroid sparing",
    "lung": "Lung (ILD)",
    "calcinosis": "Calcinosis",
    "remission": "Remission",
    "survival": "Survival",
    "biomarker": "Biomarker / interferon signature",
    "function": "Physical function",
    "treatment_use": "Treatment use / practice",
}

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
    Term("imacs_doi", "IMACS definition of improvement", ("doi", "imacs doi"), "global"),
    Term("printo_response", "PRINTO response", ("printo",), "global"),
    Term("acr_eular_tis", "ACR/EULAR total improvement score", ("tis",), "global"),
    Term("physician_global", "Physician global assessment", ("pga", "md global"), "global"),
    Term("tis_minimal", "ACR/EULAR TIS minimal improvement (≥20)", ("tis minimal",), "global"),
    Term("tis_moderate", "ACR/EULAR TIS moderate improvement (≥40)", ("tis moderate",), "global"),
    Term("tis_major", "ACR/EULAR TIS major improvement (≥60)", ("tis major",), "global"),
    Term("clinical_response", "Clinical response (author-defined)", (), "global"),
    Term("complete_skin_response", "Complete skin response (rash resolved)", (), "skin"),
    Term("remission", "Clinically inactive disease / remission", ("cid",), "remission"),
    Term("glucocorticoid_dose", "Glucocorticoid dose", ("steroid dose", "prednisone dose"), "steroid_sparing"),
    Term("concomitant_therapy_use", "Use of other therapies", (), "steroid_sparing"),
    Term("myoact", "MYOACT / MDAAT extramuscular activity", ("mdaat",), "global"),
    Term("mitax", "MITAX", (), "global"),
    Term("muscle_mri", "Muscle MRI", ("mri",), "muscle"),
    Term("chaq", "CHAQ / HAQ", ("haq",), "function"),
    Term("ild_course", "Interstitial lung disease course", ("ild",), "lung"),
    Term("pulmonary_function", "Pulmonary function (FVC/DLCO)", ("fvc", "dlco"), "lung"),
    Term("calcinosis_response", "Calcinosis change", (), "calcinosis"),
    Term("survival", "Survival", ("mortality",), "survival"),
    Term("ifn_signature", "Interferon signature / biomarker", ("ifn score",), "biomarker"),
    Term("practice_pattern", "Prescribing practice (survey)", (), "treatment_use"),
)

SAFETY_KINDS: dict[str, str] = {
    "serious_adverse_event": "Serious adverse event",
    "adverse_event": "Adverse event (non-serious or unspecified)",
    "infection": "Infection",
    "herpes_zoster": "Herpes zoster",
    "thrombosis": "Thrombosis",
    "malignancy": "Malignancy",
    "infusion_reaction": "Infusion reaction",
    "laboratory_abnormality": "Laboratory abnormality",
    "death": "Death",
    "discontinuation": "Discontinuation for adverse event",
    "none_reported": "No adverse events reported",
}

DIRECTIONS: dict[str, str] = {
    "improved": "improved",
    "worsened": "worsened",
    "no_change": "no change",
    "mixed": "mixed",
    "not_reported": "direction not stated",
}

AGE_GROUPS: dict[str, str] = {
    "pediatric": "Paediatric JDM",
    "adult_with_jdm": "Adults with juvenile-onset DM",
    "mixed": "Mixed paediatric and adult",
    "adult_dm": "Adult-onset DM (indirect evidence)",
}

PUBLICATION_TYPES: dict[str, str] = {
    "journal_article": "Journal article",
    "conference_abstract": "Conference abstract",
    "letter": "Letter / correspondence",
    "preprint": "Preprint",
}

THERAPIES: dict[str, Term] = {t.id: t for t in _THERAPIES}
MEASURES: dict[str, Term] = {m.id: m for m in _MEASURES}
ANTIBODY_TERMS: dict[str, Term] = {a.id: a for a in ANTIBODIES}


def _alias_index(terms: dict[str, Term]) -> dict[str, str]:
    index: dict[str, str] = {}
    for term in terms.values():
        for name in (term.id, term.label, *term.aliases):
            index[name.casefold()] = term.id
    return index


_THERAPY_INDEX = _alias_index(THERAPIES)
_ANTIBODY_INDEX = _alias_index(ANTIBODY_TERMS)


def therapy_id(name: str) -> str | None:
    """Canonical therapy id for a generic name, synonym or brand; None if unknown."""
    return _THERAPY_INDEX.get(name.strip().casefold())


def antibody_id(name: str) -> str | None:
    """Canonical antibody id for an alias such as 'anti-p155/140'; None if unknown."""
    return _ANTIBODY_INDEX.get(name.strip().casefold())


def therapy_class(therapy: str) -> str:
    """Class id of a canonical therapy id."""
    return THERAPIES[therapy].group or "other"


def therapy_label(therapy: str) -> str:
    return THERAPIES[therapy].label if therapy in THERAPIES else therapy


def class_label(cls: str) -> str:
    return THERAPY_CLASSES.get(cls, cls)


def antibody_label(antibody: str) -> str:
    return ANTIBODY_TERMS[antibody].label if antibody in ANTIBODY_TERMS else antibody


def design_label(design: str) -> str:
    return DESIGNS[design][0]


def evidence_level(design: str) -> int:
    return DESIGNS[design][1]


def term_label(term: str) -> str:
    """Label of a therapy id, or of a class id where a source names only the class."""
    return therapy_label(term) if term in THERAPIES else class_label(term)
