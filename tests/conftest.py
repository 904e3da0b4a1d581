"""Shared fixtures: paths, the real data, and a minimal valid record to mutate."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from evidence.loader import load
from evidence.view import Evidence

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = FIXTURES / "broken"


@pytest.fixture(scope="session")
def _loaded():
    return load(ROOT / "data")


@pytest.fixture(scope="session")
def data_result(_loaded):
    return _loaded.result


@pytest.fixture(scope="session")
def evidence(_loaded) -> Evidence:
    return _loaded.evidence


@pytest.fixture(scope="session")
def _minimal() -> dict:
    return yaml.safe_load((FIXTURES / "valid_minimal.yaml").read_text())


@pytest.fixture
def record(_minimal) -> dict:
    """A fresh deep copy of a valid record that a test may change."""
    return copy.deepcopy(_minimal)


@pytest.fixture
def write_records(tmp_path):
    """Write {file name: dict or raw text} into a temporary data/studies folder and return the data dir."""

    def _write(files: dict[str, dict | str]) -> Path:
        studies = tmp_path / "data" / "studies"
        studies.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
            (studies / name).write_text(text, encoding="utf-8")
        return tmp_path / "data"

    return _write


def arm(arm_id, therapies, cls, n, **extra):
    return {"id": arm_id, "label": arm_id, "therapies": therapies, "therapy_class": cls, "n": n, **extra}


def outcome(arm_id, measure, domain, responders, evaluable, basis="stated", **extra):
    out = {"arm": arm_id, "measure": measure, "domain": domain, "responders": responders, "evaluable": evaluable}
    if evaluable is not None:
        out["denominator_basis"] = basis
    return out | {"direction": "improved", "summary": "A result.", "source_section": "abstract"} | extra


def study(base, sid, *, age="pediatric", design="case_series", n=10, arms=(), outcomes=(), safety=(), **extra):
    record = copy.deepcopy(base)
    record.update(id=sid, title=f"Study {sid} of a rescue therapy", design=design, n_total=n, arms=list(arms))
    record["population"] = {"age_group": age, "condition": "Refractory dermatomyositis"}
    record.update(outcomes=list(outcomes), safety=list(safety), **extra)
    return record


@pytest.fixture
def compare_data(write_records, record):
    """Five small studies for the Compare rules: a mixed-antibody JDM cohort with an anti-MDA5 subgroup, an all-
    positive JDM series, an adult-onset DM series, a controlled cohort in anti-MDA5 lung disease, and an RCT."""
    tofa = lambda n, **x: arm("tofa", ["tofacitinib"], "jak_inhibitor", n, **x)  # noqa: E731
    records = {
        # a mixed-antibody JDM cohort: the whole result, and the anti-MDA5 subgroup's own
        "jdm-a": study(
            record,
            "jdm-a",
            n=10,
            arms=[tofa(10)],
            antibodies={"anti_mda5": {"positive": 2, "tested": 10}},
            outcomes=[
                outcome("tofa", "remission", "remission", 5, 10),
                outcome(
                    "tofa", "remission", "remission", 2, 2, subgroup={"label": "anti-MDA5", "antibody": "anti_mda5"}
                ),
                outcome("tofa", "tis_juvenile_minimal", "global", 6, 10),
            ],
            safety=[
                {
                    "arm": "tofa",
                    "kind": "herpes_zoster",
                    "count": 1,
                    "summary": "One had shingles.",
                    "source_section": "abstract",
                }
            ],
        ),
        # every child anti-MDA5-positive; everyone responded; the denominator is the number treated
        "jdm-b": study(
            record,
            "jdm-b",
            n=4,
            arms=[tofa(4, antibodies={"anti_mda5": {"positive": 4, "tested": 4}})],
            outcomes=[outcome("tofa", "remission", "remission", 4, 4, "all_treated")],
            safety=[
                {
                    "arm": "tofa",
                    "kind": "none_reported",
                    "count": 0,
                    "summary": "No adverse events occurred.",
                    "source_section": "abstract",
                }
            ],
        ),
        "adult-c": study(
            record,
            "adult-c",
            age="adult_dm",
            arms=[tofa(10)],
            outcomes=[
                outcome("tofa", "remission", "remission", 10, 10),
                outcome("tofa", "tis_adult_minimal", "global", 7, 10),
            ],
        ),
        # a controlled cohort in anti-MDA5 lung disease: deaths with tofacitinib against a calcineurin inhibitor
        "cohort-e": study(
            record,
            "cohort-e",
            age="adult_dm",
            design="retrospective_cohort",
            n=58,
            arms=[tofa(30), arm("cni", ["tacrolimus"], "calcineurin_inhibitor", 28, control=True)],
            antibodies={"anti_mda5": {"positive": 58, "tested": 58}},
            outcomes=[outcome("tofa", "mortality", "survival", 10, 30), outcome("cni", "survival", "survival", 13, 28)],
        ),
        "rct-d": study(
            record,
            "rct-d",
            age="adult_dm",
            design="rct",
            n=95,
            arms=[arm("ivig", ["ivig"], "immunoglobulin", 47), arm("placebo", ["placebo"], "placebo_control", 48)],
            outcomes=[
                outcome("ivig", "tis_adult_minimal", "global", 37, 47),
                outcome("placebo", "tis_adult_minimal", "global", 21, 48),
            ],
        ),
    }
    return write_records({f"{k}.yaml": v for k, v in records.items()})
