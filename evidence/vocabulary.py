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
    Term("imacs_doi", "IMACS definition of improvement", ("doi", "imacs doi"), "global", short="IMACS DOI"),
    Term("printo_response", "PRINTO response", ("printo",), "global"),
    Term("acr_eular_tis", "ACR/EULAR total improvement score", ("tis",), "global"),
    Term("physician_global", "Physician global assessment", ("pga", "md global"), "global"),
    Term("tis_minimal", "ACR/EULAR TIS minimal improvement (≥20)", ("tis minimal",), "global", short="TIS ≥20"),
    Term("tis_moderate", "ACR/EULAR TIS moderate improvement (≥40)", ("tis moderate",), "global", short="TIS ≥40"),
    Term("tis_major", "ACR/EULAR TIS major improvement (≥60)", ("tis major",), "global", short="TIS ≥60"),
    Term("clinical_response", "Clinical response (author-defined)", (), "global", short="Author-defined"),
    Term("complete_skin_response", "Complete skin response (rash resolved)", (), "skin", short="Skin clear"),
    Term("remission", "Clinically inactive disease / remission", ("cid",), "remission", short="Inactive disease"),
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

SAFETY_KINDS = Vocabulary(
    (
        Term("serious_adverse_event", "Serious adverse event"),
        Term("adverse_event", "Adverse event (non-serious or unspecified)"),
        Term("infection", "Infection"),
        Term("herpes_zoster", "Herpes zoster"),
        Term("thrombosis", "Thrombosis"),
        Term("malignancy", "Malignancy"),
        Term("infusion_reaction", "Infusion reaction"),
        Term("laboratory_abnormality", "Laboratory abnormality"),
        Term("death", "Death"),
        Term("discontinuation", "Discontinuation for adverse event"),
        Term("none_reported", "No adverse events reported"),
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
        Term("pediatric", "Paediatric JDM", ("paediatric", "children")),
        Term("adult_with_jdm", "Adults with juvenile-onset DM", adult=True),
        Term("mixed", "Mixed paediatric and adult"),
        Term("adult_dm", "Adult-onset DM (indirect evidence)", indirect=True, adult=True),
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

THERAPIES = Vocabulary(_THERAPIES)
MEASURES = Vocabulary(_MEASURES)
ANTIBODY_TERMS = Vocabulary(ANTIBODIES)
COMPARATOR_CLASSES = THERAPY_CLASSES.where(comparator=True)


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
