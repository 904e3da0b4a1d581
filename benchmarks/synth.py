"""Seeded generator of synthetic, schema-valid study records for scale benchmarks (never real data).

    .venv/bin/python benchmarks/synth.py 10000 /tmp/jdm-synth-10000            # write 10,000 records
    .venv/bin/python benchmarks/synth.py 1000 /tmp/x --seed 7 --check 200       # and validate 200 of them

Each record has the shape of data/studies/*.yaml and validates as evidence.schema.Study. The mix follows the real
records (checked against data/studies at the time of writing): designs (case series and retrospective cohorts
most common, some RCTs with a placebo or usual-care arm, case reports, a few clinician surveys with respondents
instead of patients), 1 to 3 arms (about 1.37 per study), drugs drawn from evidence.vocabulary.THERAPIES with
their own therapy_class (JAK inhibitors most common), antibodies as positive/tested, outcomes including the
harmonised measures (the outcome families Compare summarises: response, survival, lung, steroids, calcinosis) with
responders/evaluable, whole-study outcomes (arm: null), subgroup outcomes ({label, antibody}), safety findings,
disclosures and same_cohort_as links between about 4% of neighbouring pairs. Titles say "Synthetic study N",
authors are made-up names, addresses are on example.org and DOIs use the 10.5555 test prefix.

Records are a pure function of (seed, index, count): record i is the same in every corpus of a size that also
holds its cohort partner, so corpora of different sizes share their first records. YAML is written as text
(scalars quoted with json.dumps, which YAML reads as double-quoted strings): 100,000 records take well under a
minute on one core.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evidence import vocabulary as vocab  # noqa: E402

DEFAULT_SEED = 20261129
LAST_CHECKED = "2026-11-29"  # written as a plain YAML date
COHORT_PAIR_SHARE = 0.04  # share of neighbouring pairs (2k, 2k+1) marked as the same cohort

DESIGNS = {  # design: (weight, arm count weights for 1/2/3 arms, arm n range)
    "case_series": (0.36, (0.85, 0.15, 0.0), (3, 40)),
    "retrospective_cohort": (0.20, (0.55, 0.30, 0.15), (10, 200)),
    "rct": (0.12, (0.0, 0.75, 0.25), (10, 150)),
    "case_report": (0.16, (1.0, 0.0, 0.0), (1, 1)),
    "open_label_trial": (0.09, (0.80, 0.20, 0.0), (5, 60)),
    "prospective_cohort": (0.05, (0.60, 0.40, 0.0), (10, 120)),
    "survey": (0.02, (0.70, 0.30, 0.0), (0, 0)),
}
PUBLICATION_TYPES = {"journal_article": 0.80, "conference_abstract": 0.11, "letter": 0.06, "preprint": 0.03}
AGE_GROUPS = {"pediatric": 0.55, "adult_dm": 0.38, "mixed": 0.05, "adult_with_jdm": 0.02}
CONDITIONS = {
    "pediatric": "Refractory juvenile dermatomyositis",
    "adult_dm": "Refractory adult dermatomyositis",
    "mixed": "Refractory dermatomyositis in children and adults",
    "adult_with_jdm": "Adults with refractory juvenile-onset dermatomyositis",
}
CLASS_WEIGHTS = {  # active therapy classes, roughly as often as in the real arms
    "jak_inhibitor": 0.22,
    "immunoglobulin": 0.11,
    "calcineurin_inhibitor": 0.09,
    "anti_cd20": 0.09,
    "tnf_inhibitor": 0.07,
    "t_cell_costimulation_modulator": 0.05,
    "antimetabolite": 0.05,
    "type_i_ifn_receptor_antibody": 0.04,
    "cell_therapy": 0.04,
    "alkylating_agent": 0.04,
    "other": 0.03,
    "calcinosis_agent": 0.02,
    "il6_inhibitor": 0.02,
    "glucocorticoid": 0.02,
    "antimalarial": 0.02,
    "ifn_beta_antibody": 0.015,
    "fcrn_blocker": 0.01,
    "baff_inhibitor": 0.01,
    "apheresis": 0.01,
    "il1_inhibitor": 0.01,
}
DRUGS_BY_CLASS = {cls: [t for t in vocab.THERAPIES if vocab.therapy_class(t) == cls] for cls in vocab.THERAPY_CLASSES}
MEASURE_WEIGHTS = {  # as often as in the real outcome rows (clinical_response is the most common)
    "clinical_response": 73, "glucocorticoid_dose": 35, "remission": 25, "survival": 14, "ifn_signature": 12,
    "imacs_doi": 12, "cdasi": 11, "muscle_enzymes": 10, "concomitant_therapy_use": 9, "cmas": 9, "mmt": 8,
    "das_total": 8, "tis_adult_moderate": 4, "tis_juvenile_moderate": 3, "myoact": 7, "calcinosis_improved": 4,
    "calcinosis_response": 3, "acr_eular_tis": 6, "tis_adult_minimal": 3, "tis_juvenile_minimal": 3,
    "tis_adult_major": 3, "tis_juvenile_major": 3, "physician_global": 6, "printo_20": 6, "das_skin": 6,
    "ild_improved": 3, "ild_course": 3, "glucocorticoids_stopped": 5, "mortality": 4,
    "complete_skin_response": 5, "das_muscle": 4, "mmt8": 2, "pulmonary_function": 1, "chaq": 1, "muscle_mri": 1,
    "cat_bm": 1,
}  # fmt: skip
HARMONISED = {m for m in vocab.MEASURES if vocab.family_of(m)}  # the measures Compare summarises
OUTCOME_COUNTS = {0: 0.07, 1: 0.12, 2: 0.23, 3: 0.22, 4: 0.08, 5: 0.10, 6: 0.07, 7: 0.05, 8: 0.03, 10: 0.03}
DIRECTIONS = {"improved": 0.70, "no_change": 0.10, "mixed": 0.08, "worsened": 0.04, "not_reported": 0.08}
SAFETY_COUNTS = {0: 0.50, 1: 0.25, 2: 0.12, 3: 0.08, 4: 0.05}
SAFETY_KINDS = {
    "infection": 0.22, "adverse_event": 0.20, "herpes_zoster": 0.12, "serious_adverse_event": 0.12,
    "laboratory_abnormality": 0.08, "infusion_reaction": 0.07, "discontinuation": 0.06, "none_reported": 0.06,
    "thrombosis": 0.03, "death": 0.03, "malignancy": 0.01,
}  # fmt: skip
ANTIBODY_WEIGHTS = {
    "anti_mda5": 0.28, "anti_nxp2": 0.22, "anti_tif1g": 0.22, "anti_mi2": 0.07, "anti_sae": 0.04, "anti_ro52": 0.05,
    "msa_negative": 0.07, "anti_jo1": 0.02, "anti_pm_scl": 0.01, "anti_srp": 0.01, "anti_ku": 0.005,
    "anti_hmgcr": 0.005,
}  # fmt: skip
SURNAMES = (
    "Synthwell",
    "Fakeley",
    "Mockridge",
    "Placeholder",
    "Testington",
    "Sampleton",
    "Dummyfield",
    "Stubbins",
    "Fixturova",
    "Examplesen",
    "Simulatti",
    "Generatova",
    "Noname",
    "Madeup",
    "Pseudonym",
    "Randall-Seed",
)
COMPANIES = ("Synthetic Pharma A", "Example Biologics", "Placebo Labs (fictional)", "Mock Therapeutics")
COUNTRIES = ("Exampleland", "Synthetica", "Testonia", "Mockovia")
SENTENCES = (
    "This record is synthetic and exists only for scale benchmarks; no patient and no publication stands behind it.",
    "Values are drawn from a seeded generator whose mix follows the real records in data/studies.",
    "The source page read showed the abstract only; dose details, the full author list and funding were not seen.",
    "Response was judged by the treating physicians; the definition of refractory disease differed between centres.",
    "Antibody results were available for part of the cohort only; the others were not tested.",
    "Several patients received the drug together with glucocorticoids and a conventional immunosuppressant.",
    "Follow-up ranged from three to twenty-four months; the longest timepoint reported is recorded.",
    "Counts that the source gives only as percentages are left empty rather than recomputed.",
    "A later report of the same centre may overlap with these patients; same_cohort_as links them where known.",
    "Adverse events were reported as events rather than patients, so counts are left empty where unclear.",
)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _drug(rng: random.Random) -> tuple[list[str], str]:
    cls = _pick(rng, CLASS_WEIGHTS)
    drugs = [rng.choice(DRUGS_BY_CLASS[cls])]
    if rng.random() < 0.08:  # a combination: the arm keeps the first drug's class
        extra = "glucocorticoids" if rng.random() < 0.5 else rng.choice(DRUGS_BY_CLASS[_pick(rng, CLASS_WEIGHTS)])
        if extra not in drugs:
            drugs.append(extra)
    return drugs, cls


def _arm_n(rng: random.Random, low: int, high: int) -> int:
    if high <= low:
        return max(low, 1)
    value = round(low * (high / low) ** (rng.random() ** 1.6))  # skewed towards small cohorts
    return min(max(value, low), high)


def _sentences(rng: random.Random, k: int) -> str:
    return " ".join(rng.sample(SENTENCES, k))


def _antibodies(rng: random.Random, n: int | None) -> dict:
    if n is None or rng.random() > 0.30:
        return {}
    out = {}
    for antibody in rng.sample(list(ANTIBODY_WEIGHTS), k=rng.choice((1, 1, 2, 3))):
        tested = None if rng.random() < 0.1 else rng.randint(1, n)
        positive = None if rng.random() < 0.05 else rng.randint(0, tested if tested is not None else n)
        out[antibody] = {"positive": positive, "tested": tested}
    return out


def make_record(index: int, count: int, seed: int = DEFAULT_SEED) -> dict:
    """The synthetic record number `index` of a corpus of `count` records (a plain dict, ready to dump)."""
    rng = random.Random(seed * 1_000_003 + index)
    design = _pick(rng, {d: w for d, (w, _, _) in DESIGNS.items()})
    _, arm_weights, (low, high) = DESIGNS[design]
    n_arms = rng.choices((1, 2, 3), weights=arm_weights)[0]
    survey = design == "survey"
    age_group = _pick(rng, AGE_GROUPS)
    pub = _pick(rng, PUBLICATION_TYPES)
    if design == "case_report" and rng.random() < 0.3:
        pub = "letter"
    year = max(1990, 2025 - int(abs(rng.gauss(0, 7))))

    arms: list[dict] = []
    used: set[str] = set()
    for a in range(n_arms):
        comparator = design in {"rct", "retrospective_cohort", "prospective_cohort"} and a == n_arms - 1 and a > 0
        if comparator:
            drugs = ["placebo"] if design == "rct" and rng.random() < 0.8 else ["usual_care"]
            cls = vocab.therapy_class(drugs[0])
        else:
            drugs, cls = _drug(rng)
        arm_id = drugs[0].replace("_", "-")
        while arm_id in used:
            arm_id += "-b"
        used.add(arm_id)
        n = None if survey else _arm_n(rng, low, high)
        arm = {
            "id": arm_id,
            "label": " + ".join(vocab.therapy_label(d) for d in drugs),
            "therapies": drugs,
            "therapy_class": cls,
            "n": n,
            "dose": None if rng.random() < 0.4 else f"Synthetic dose schedule {rng.randint(1, 9)}",
            "concomitant": None if rng.random() < 0.5 else "Glucocorticoids and one conventional immunosuppressant",
            "antibodies": {} if comparator else _antibodies(rng, n),
        }
        if rng.random() < 0.2:
            arm["notes"] = _sentences(rng, 1)
        arms.append(arm)
    arm_sum = sum(a["n"] or 0 for a in arms)
    n_total = None if survey else arm_sum + (rng.randint(0, 5) if rng.random() < 0.2 else 0)

    outcomes = []
    for _ in range(_pick(rng, OUTCOME_COUNTS)):
        measure = rng.choice(("practice_pattern", "concomitant_therapy_use")) if survey else _pick(rng, MEASURE_WEIGHTS)
        whole = (len(arms) > 1 and rng.random() < 0.15) or rng.random() < 0.03
        arm = None if whole else rng.choice(arms)
        limit = n_total if arm is None else arm["n"]
        outcome: dict = {
            "arm": None if arm is None else arm["id"],
            "measure": measure,
            "domain": vocab.MEASURES[measure].group,
            "timepoint_months": rng.choice((None, None, 3, 6, 12, 12, 24)),
        }
        if rng.random() < 0.15 and not survey:
            reported = list((arm or arms[0])["antibodies"]) or list(ANTIBODY_WEIGHTS)
            antibody = rng.choice(reported) if rng.random() < 0.85 else None
            label = f"{vocab.antibody_label(antibody)}-positive patients" if antibody else "patients with calcinosis"
            if antibody == "msa_negative":
                label = "MSA-negative patients"
            outcome["subgroup"] = {"label": label, "antibody": antibody}
        counted = limit is not None and rng.random() < (0.8 if measure in HARMONISED else 0.3)
        if counted:
            evaluable = rng.randint(1, limit)
            if "subgroup" in outcome:
                evaluable = rng.randint(1, max(1, evaluable // 2))
            outcome["responders"] = rng.randint(0, evaluable)
            outcome["evaluable"] = evaluable
            outcome["denominator_basis"] = "stated" if rng.random() < 0.8 else "all_treated"
            outcome["response_definition"] = f"Synthetic definition of {vocab.MEASURES.label(measure)}"
        direction = _pick(rng, DIRECTIONS)
        outcome["direction"] = direction
        outcome["significant"] = rng.choice((True, False)) if design == "rct" and rng.random() < 0.6 else None
        if outcome["significant"] is True:
            outcome["p_value"] = rng.choice(("< 0.001", "0.01", "0.03"))
        counts = f"{outcome['responders']} of {outcome['evaluable']} patients" if counted else "Patients"
        outcome["summary"] = f"{counts}: {vocab.MEASURES.label(measure)} {direction.replace('_', ' ')} (synthetic)."
        outcome["source_section"] = rng.choice(("abstract: results", "results, table 2", "secondary report"))
        outcomes.append(outcome)

    safety = []
    for _ in range(0 if survey else _pick(rng, SAFETY_COUNTS)):
        arm = None if rng.random() < 0.15 else rng.choice(arms)
        limit = n_total if arm is None else arm["n"]
        kind = _pick(rng, SAFETY_KINDS)
        affected = None if rng.random() < 0.3 or limit is None or kind == "none_reported" else rng.randint(0, limit)
        safety.append(
            {
                "arm": None if arm is None else arm["id"],
                "kind": kind,
                "count": affected,
                "summary": f"{vocab.SAFETY_KINDS.label(kind)} in {'some' if affected is None else affected} patients.",
                "source_section": "abstract: results",
            }
        )

    ties = rng.choices((True, False, None), weights=(0.25, 0.35, 0.40))[0]
    partner = index + 1 if index % 2 == 0 else index - 1
    pair_rng = random.Random(seed * 7_919 + index // 2)
    linked = partner < count and pair_rng.random() < COHORT_PAIR_SHARE
    authors = [f"{rng.choice(SURNAMES)} {chr(65 + rng.randint(0, 25))}{chr(65 + rng.randint(0, 25))}"
               for _ in range(rng.choice((1, 1, 2, 3, 5, 8)))]  # fmt: skip
    main = arms[0]["label"]
    design_label = vocab.design_label(design).lower()
    record = {
        "id": f"synthetic-{index:06d}",
        "title": f"Synthetic study {index}: {main} in {CONDITIONS[age_group].lower()} ({design_label})",
        "authors": authors,
        "authors_truncated": rng.random() < 0.2,
        "year": year,
        "venue": None if pub == "preprint" or rng.random() < 0.1 else f"Journal of Synthetic Rheumatology {year % 7}",
        "publication_type": pub,
        "abstract_number": f"S{index}" if pub == "conference_abstract" else None,
        "url": f"https://example.org/synthetic/{index}",
        "doi": f"10.5555/synthetic.{index}" if rng.random() < 0.6 else None,
        "pmid": None,
        "pmcid": None,
        "trial_registration": f"SYNTH-{index:06d}" if design in {"rct", "open_label_trial"} else None,
        "last_checked": LAST_CHECKED,
        "design": design,
        "setting": f"{rng.choice(('Single-centre', 'Multicentre', 'Registry'))} synthetic setting",
        "countries": rng.sample(COUNTRIES, k=rng.randint(0, 2)),
        "enrolment_period": None if rng.random() < 0.5 else f"{year - 4}-{year - 1}",
        "n_total": n_total,
        "n_respondents": rng.randint(20, 300) if survey else None,
        "population": {
            "age_group": age_group,
            "condition": CONDITIONS[age_group],
            "age_details": None if rng.random() < 0.4 else f"Median age {rng.randint(5, 60)} years",
            "sex": None if rng.random() < 0.5 else f"{rng.randint(30, 80)}% female",
            "refractory_definition": None if rng.random() < 0.3 else _sentences(rng, 1),
            "prior_failed_therapies": rng.sample(
                ["methotrexate", "ivig", "glucocorticoids", "mycophenolate", "rituximab", "cyclosporine"],
                k=rng.randint(0, 4),
            ),
            "prior_therapy_notes": None,
        },
        "summary": f"Synthetic {design_label} of {main} with {n_total or 'no'} patients. " + _sentences(rng, 2),
        "arms": arms,
        "outcomes": outcomes,
        "safety": safety,
        "disclosures": {
            "industry_ties": ties,
            "companies": rng.sample(COMPANIES, k=rng.randint(1, 2)) if ties and rng.random() < 0.7 else [],
            "funding": None if rng.random() < 0.5 else "Synthetic grant",
        },
        "same_cohort_as": [f"synthetic-{partner:06d}"] if linked else [],
        "notes": _sentences(rng, rng.randint(2, 6)),
    }
    return record


# --- YAML as text -----------------------------------------------------------------------------------------------

_PLAIN_KEYS = {"last_checked"}  # written unquoted so YAML reads a date


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _block(mapping: dict, indent: str, out: list[str], first_prefix: str | None = None) -> None:
    for i, (key, value) in enumerate(mapping.items()):
        lead = first_prefix if (i == 0 and first_prefix is not None) else indent
        if key in _PLAIN_KEYS:
            out.append(f"{lead}{key}: {value}")
        elif isinstance(value, dict) and value and any(isinstance(v, dict) for v in value.values()):
            out.append(f"{lead}{key}:")
            for k, v in value.items():  # e.g. antibodies: one flow mapping per line
                out.append(f"{indent}  {k}: {_flow(v)}")
        elif isinstance(value, dict) and value:
            out.append(f"{lead}{key}:")
            _block(value, indent + "  ", out)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{lead}{key}:")
            for item in value:
                _block(item, indent + "    ", out, first_prefix=indent + "  - ")
        else:
            out.append(f"{lead}{key}: {_flow(value)}")


def to_yaml(record: dict) -> str:
    out: list[str] = []
    _block(record, "", out)
    return "\n".join(out) + "\n"


# --- corpora ----------------------------------------------------------------------------------------------------


def write_corpus(folder: Path | str, count: int, seed: int = DEFAULT_SEED) -> dict:
    """Write `count` records (synthetic-000000.yaml ...) into folder (created; other .yaml files are removed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    start = time.perf_counter()
    size = 0
    for i in range(count):
        text = to_yaml(make_record(i, count, seed)).encode()
        (folder / f"synthetic-{i:06d}.yaml").write_bytes(text)
        size += len(text)
    return {"records": count, "bytes": size, "seconds": time.perf_counter() - start, "seed": seed}


def _generator_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def ensure_corpus(count: int, root: Path | str | None = None, seed: int = DEFAULT_SEED) -> tuple[Path, dict]:
    """A corpus of `count` records under root (default $JDM_BENCH_DIR or /tmp/jdm-bench), reused when the same
    generator, seed and count wrote it before; returns the folder and how it was made."""
    root = Path(root or os.environ.get("JDM_BENCH_DIR", "/tmp/jdm-bench"))
    folder = root / f"synthetic-{count}-seed{seed}"
    marker = root / f"synthetic-{count}-seed{seed}.json"  # beside the folder: the folder holds records only
    wanted = {"records": count, "seed": seed, "generator": _generator_hash()}
    if marker.exists() and folder.is_dir():
        made = json.loads(marker.read_text())
        if {k: made.get(k) for k in wanted} == wanted and len(list(folder.glob("*.yaml"))) == count:
            return folder, {**made, "reused": True}
    made = {**write_corpus(folder, count, seed), **wanted}
    marker.write_text(json.dumps(made))
    return folder, {**made, "reused": False}


def check_sample(folder: Path | str, k: int, seed: int = DEFAULT_SEED) -> int:
    """Validate k records spread over the folder with the app's own parser; raises on the first problem."""
    from evidence.store import parse_file

    files = sorted(Path(folder).glob("*.yaml"))
    for path in random.Random(seed).sample(files, min(k, len(files))):
        _study, problems = parse_file(path)
        if problems:
            raise SystemExit(f"{path.name}: {problems[0].field}: {problems[0].message}")
    return min(k, len(files))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of records")
    parser.add_argument("folder", type=Path, help="folder to write (its *.yaml files are replaced)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check", type=int, default=0, metavar="K", help="validate K records after writing")
    args = parser.parse_args(argv)
    if args.count < 1 or args.count > 1_000_000:
        parser.error("count must be between 1 and 1,000,000")
    made = write_corpus(args.folder, args.count, args.seed)
    print(
        f"wrote {made['records']:,} records ({made['bytes'] / 1e6:.1f} MB) to {args.folder} "
        f"in {made['seconds']:.1f} s (seed {args.seed})"
    )
    if args.check:
        print(f"validated {check_sample(args.folder, args.check, args.seed)} records: all valid")


if __name__ == "__main__":
    main()
