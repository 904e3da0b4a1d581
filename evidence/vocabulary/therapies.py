"""Therapy classes, therapies (with brand names and aliases) and myositis antibodies."""

from __future__ import annotations

from evidence.vocabulary.terms import Term, Vocabulary

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

THERAPY_TERMS: tuple[Term, ...] = (
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
    # Conditioning before CAR T cells (lymphodepletion) or an autologous stem-cell transplant: drugs patients receive.
    Term("fludarabine", "Fludarabine", ("fludara",), "other"),
    Term(
        "antithymocyte_globulin",
        "Anti-thymocyte globulin",
        ("anti-thymocyte globulin", "antithymocyte globulin", "atg", "thymoglobulin", "atgam"),
        "other",
    ),
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
