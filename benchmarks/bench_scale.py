"""Scale check: load, table build and filtering at 1,000 and 10,000 synthetic studies.

Run: .venv/bin/python benchmarks/bench_scale.py   (not part of the test suite; prints one run's timings)
Synthetic records are copies of the test fixture with varied ids, therapies and antibodies: never real data.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence.filters import Filters
from evidence.store import load_studies
from evidence.view import Evidence

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "valid_minimal.yaml"
DRUGS = [
    ("tofacitinib", "jak_inhibitor"),
    ("abatacept", "t_cell_costimulation_modulator"),
    ("ivig", "immunoglobulin"),
    ("rituximab", "anti_cd20"),
]
ANTIBODIES = ["anti_mda5", "anti_nxp2", "anti_tif1g", "anti_mi2"]


def write_corpus(folder: Path, count: int) -> None:
    base = yaml.safe_load(FIXTURE.read_text())
    rng = random.Random(42)
    for i in range(count):
        drug, cls = rng.choice(DRUGS)
        record = {**base, "id": f"synthetic-{i:05d}", "year": rng.randint(2000, 2026)}
        record["population"] = {**base["population"], "age_group": rng.choice(["pediatric", "adult_dm", "mixed"])}
        record["arms"] = [
            {
                **base["arms"][0],
                "therapies": [drug],
                "therapy_class": cls,
                "antibodies": {rng.choice(ANTIBODIES): {"positive": 2, "tested": 8}},
            }
        ]
        (folder / f"{record['id']}.yaml").write_text(yaml.safe_dump(record))


def timed(label: str, fn):
    start = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - start
    print(f"  {label:<34} {elapsed * 1000:9.1f} ms")
    return value, elapsed


def main() -> None:
    results = {}
    for count in (1_000, 10_000):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_corpus(folder, count)
            print(f"{count} studies")
            result, t_load = timed("load + validate YAML", lambda f=folder: load_studies(f))
            evidence, t_build = timed("build arm/outcome/safety tables", lambda r=result: Evidence.from_result(r))
            filters = Filters(antibodies=("anti_mda5",), age_groups=("pediatric",), therapy_classes=("jak_inhibitor",))
            view, t_filter = timed("filter (3 filters) + patient count", lambda e=evidence, f=filters: e.view(f))
            print(f"  rows matched: {len(view.arms)}")
            results[count] = (t_load, t_build, t_filter)
    small, large = results[1_000], results[10_000]
    print(
        "ratio 10k/1k (10 = linear): load {:.1f}, build {:.1f}, filter {:.1f}".format(
            *(b / a for a, b in zip(small, large, strict=True))
        )
    )


if __name__ == "__main__":
    main()
