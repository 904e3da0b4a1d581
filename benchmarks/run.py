"""Scale benchmark: data load, filters, synthesis, cold start and every page's warm rerun against the framework floor.

    .venv/bin/python benchmarks/run.py --quick      # N = 100, 1,000, 10,000; bounded to under 5 minutes
    .venv/bin/python benchmarks/run.py              # N = 100, 1,000, 10,000, 100,000 (tens of minutes today)
    .venv/bin/python benchmarks/run.py --sizes 100,2000 --reps 7

For each N, a seeded synthetic corpus (benchmarks/synth.py; reused under $JDM_BENCH_DIR, default /tmp/jdm-bench)
is measured in two fresh subprocesses, so memory and caches are per size:

* data: the snapshot build and read (evidence.loader.load), a refresh after one changed file, and a load that
  rebuilds the tables from the records; each filter of evidence.filters.FILTERS on
  the arm table with one typical value; two whole views; the summary of findings for the default comparison.
* app: cold start, i.e. the first AppTest run of app.py in this fresh process with JDM_EVIDENCE_DATA pointing at the
  corpus; then each page (app_pages/*.py) opened with at.switch_page and run, one warm-up rerun and the median of
  --reps (at least 5) reruns; the same for benchmarks/floor_app.py with as many rows as the evidence table has.

It prints page/floor ratios, growth exponents (least-squares slope of log time against log N, over all sizes and
over the last step) and peak memory (peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss of each subprocess), and
writes them with the machine, date and commit into benchmarks/results.md (between its run.py markers; the load
test's sections are kept). Timings are wall-clock (time.perf_counter); the file cache is warm (records were just
written or read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.metadata
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
for _path in (ROOT, BENCH):  # the app's packages, and synth.py beside this file
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import synth  # noqa: E402

RESULTS = BENCH / "results.md"
START, END = "<!-- run.py:start -->", "<!-- run.py:end -->"
QUICK_SIZES = (100, 1_000, 10_000)
FULL_SIZES = (100, 1_000, 10_000, 100_000)
QUICK_BUDGET = 280.0  # seconds for the whole --quick run, corpus generation included
DATA_CAP = 10.0  # seconds of repeated timing per data step before the median is taken from fewer reps
PAGES = ("overview", "evidence_table", "compare", "study", "export", "add_study")
TYPICAL = {  # one typical value per filter (a filter added later gets its vocabulary's first term)
    "therapy_classes": {"therapy_classes": ("jak_inhibitor",)},
    "therapies": {"therapies": ("tofacitinib",)},
    "antibodies": {"antibodies": ("anti_mda5",)},
    "age_groups": {"age_groups": ("pediatric",)},
    "designs": {"designs": ("case_series",)},
    "publication_types": {"publication_types": ("journal_article",)},
    "domains": {"domains": ("skin",)},
    "years": {"year_min": 2015},
    "min_n": {"min_n": 10},
    "text": {"text": "tofacitinib"},
}


# --- small helpers -----------------------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def median_time(fn, reps: int, warmup: int = 1, cap: float | None = None) -> dict:
    """Median of `reps` timed calls after `warmup` calls; with `cap`, stop early once the timed calls add up to cap
    seconds (at least one call; used for data steps only, never for page reruns)."""
    for _ in range(warmup):
        fn()
    times: list[float] = []
    while len(times) < reps and not (cap is not None and times and sum(times) >= cap):
        times.append(timed(fn)[1])
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "reps": len(times)}


def seconds_since_process_start() -> float:
    """Wall time since this process started (from /proc; 10 ms resolution)."""
    ticks = os.sysconf("SC_CLK_TCK")
    start = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
    return float(Path("/proc/uptime").read_text().split()[0]) - start


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "evidence", "ui", "app.py", "app_pages"],
                           capture_output=True, text=True).stdout.rstrip("\n")  # fmt: skip
    changed = [line[3:] for line in dirty.splitlines()]
    versions = {}
    for name in ("streamlit", "pandas", "pyarrow", "pydantic", "plotly"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "missing"
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "versions": versions,
        "commit": commit + (f" + uncommitted: {', '.join(changed[:6])}" if changed else ""),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) against log(N): 1 = linear, 2 = quadratic, 0 = constant."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


# --- child: data -------------------------------------------------------------------------------------------------


def child_data(n: int, folder: Path, reps: int) -> dict:
    from evidence import snapshot
    from evidence.filters import FILTERS, ChoiceFilter, Filters, apply_filters
    from evidence.loader import load
    from evidence.profile import CompareRequest
    from evidence.synthesis.summary import synthesize
    from evidence.view import Evidence

    out: dict = {"n": n, "notes": []}
    where = snapshot.snapshot_dir(folder)
    if where.exists() and where.resolve().is_relative_to(folder.resolve()):
        shutil.rmtree(where)  # our own corpus's snapshot: remove it so that the build is a full one
        out["notes"].append(f"snapshot: removed the previous {where.name}/ in the corpus first (full build)")
    built, out["snapshot_build_s"] = timed(load, folder)
    out["notes"].append(f"snapshot: saved={built.info.saved} reason={built.info.reason}")
    loaded, out["snapshot_load_s"] = timed(load, folder)
    ev, result = loaded.evidence, loaded.result
    one = min(folder.glob("*.yaml"))
    os.utime(one)  # one record file "changed" (same bytes, new mtime): what a refresh costs
    _, out["snapshot_refresh_one_s"] = timed(load, folder)
    _, out["plain_load_s"] = timed(lambda: Evidence.from_result(load(folder, save=False).result))
    if result is not None:
        out["problems"] = len(result.problems)
    out["studies"] = len(ev.studies)
    out["arm_rows"] = len(ev.arms)
    out["outcome_rows"] = len(ev.outcomes)
    out["safety_rows"] = len(ev.safety)
    out["rss_after_load_mb"] = peak_rss_mb()

    filters: dict = {}
    for spec in FILTERS:
        kwargs = TYPICAL.get(spec.name)
        if kwargs is None and isinstance(spec, ChoiceFilter):
            kwargs = {spec.name: (next(iter(spec.terms)),)}
        if kwargs is None:
            out["notes"].append(f"filter {spec.name}: no typical value known, not timed")
            continue
        f = Filters(**kwargs)
        matched = len(apply_filters(ev.arms, f))
        timing = median_time(lambda f=f: apply_filters(ev.arms, f), reps, cap=DATA_CAP)
        filters[spec.name] = {**timing, "matched": matched,
                              "value": repr(kwargs)}  # fmt: skip
    out["filters"] = filters
    three = Filters(antibodies=("anti_mda5",), age_groups=("pediatric",), therapy_classes=("jak_inhibitor",))
    out["view_all_s"] = median_time(lambda: ev.view(Filters()), reps, cap=DATA_CAP)
    out["view_three_filters_s"] = median_time(lambda: ev.view(three), reps, cap=DATA_CAP)

    everything = Filters()
    view = ev.view(everything)
    _, out["cohorts_s"] = timed(lambda: ev.cohorts)

    def sof():
        return synthesize(view, CompareRequest())

    findings, out["synthesis_first_s"] = timed(sof)
    out["synthesis_s"] = median_time(sof, reps, warmup=0, cap=DATA_CAP)
    out["synthesis_findings"] = len(list(findings))
    out["peak_rss_mb"] = peak_rss_mb()
    return out


# --- child: app --------------------------------------------------------------------------------------------------


def shown_errors(at) -> list[str]:
    """Exceptions and error messages the page shows (the app's boundary turns exceptions into st.error)."""
    found = [f"exception: {e.value}"[:300] for e in at.exception]
    found += [f"error message: {e.value}"[:300] for e in at.error]
    return found


def child_app(n: int, folder: Path, rows: int, reps: int, deadline: float) -> dict:
    os.environ["JDM_EVIDENCE_DATA"] = str(folder)
    os.environ["JDM_FLOOR_ROWS"] = str(rows)
    out: dict = {"n": n, "pages": {}, "notes": []}
    (AppTest,), out["import_apptest_s"] = timed(lambda: (importlib.import_module("streamlit.testing.v1").AppTest,))
    timeout = 3_600
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    _, out["cold_start_s"] = timed(at.run)  # first run: app imports, data load (or snapshot read), Overview
    out["cold_start_since_process_start_s"] = seconds_since_process_start()
    out["cold_errors"] = shown_errors(at)
    out["rss_after_cold_mb"] = peak_rss_mb()

    def measure(app, label: str, switch: str | None) -> dict:
        if time.time() > deadline:
            return {"skipped": "time budget spent"}
        if switch:
            app.switch_page(switch)
        _, first = timed(app.run)
        errors = shown_errors(app)
        titles = [t.value for t in app.title]
        if time.time() > deadline:
            return {"first_s": first, "errors": errors, "skipped": "time budget spent after the first visit"}
        warm = median_time(app.run, reps, warmup=1)
        errors += [e for e in shown_errors(app) if e not in errors]
        return {"first_s": first, **warm, "errors": errors, "title": titles[0] if titles else None}

    for page in PAGES:
        path = f"app_pages/{page}.py"
        if (ROOT / path).exists():
            out["pages"][page] = measure(at, page, path)
    os.environ["JDM_FLOOR_CHART"] = "0"
    table_only = AppTest.from_file(str(BENCH / "floor_app.py"), default_timeout=timeout)
    out["floor_table_only"] = measure(table_only, "floor without chart", None)
    os.environ["JDM_FLOOR_CHART"] = "1"
    floor = AppTest.from_file(str(BENCH / "floor_app.py"), default_timeout=timeout)
    out["floor"] = measure(floor, "floor", None)
    out["floor_rows"] = rows
    out["peak_rss_mb"] = peak_rss_mb()
    return out


# --- parent ------------------------------------------------------------------------------------------------------


def run_child(kind: str, args: list[str], log: Path, timeout: float) -> dict:
    result_file = log.with_suffix(".json")
    result_file.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, *args, "--json", str(result_file)]
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "PYTHONHASHSEED": "0"}
    with log.open("w") as handle:
        try:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                  timeout=max(timeout, 1))  # fmt: skip
        except subprocess.TimeoutExpired:
            return {"failed": f"timed out after {timeout:.0f} s (log: {log})"}
    if proc.returncode != 0 or not result_file.exists():
        tail = log.read_text(errors="replace").strip().splitlines()[-8:]
        return {"failed": f"exit {proc.returncode} (log: {log}): " + " | ".join(tail)}
    return json.loads(result_file.read_text())


def fmt_s(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        value = value.get("median")
        if value is None:
            return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def fmt_exp(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def metric_rows(results: dict, sizes: list[int]) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """(label, {N: seconds}) rows for the data table and the app table."""
    data_rows: list[tuple[str, dict]] = []
    app_rows: list[tuple[str, dict]] = []

    def col(kind: str, getter) -> dict:
        values = {}
        for n in sizes:
            part = results.get(n, {}).get(kind, {})
            try:
                value = getter(part)
            except (KeyError, TypeError, AttributeError):
                value = None
            if isinstance(value, dict):
                value = value.get("median")
            values[n] = value
        return values

    generated = col("corpus", lambda p: None if p["reused"] else p["seconds"])
    data_rows.append(("corpus generation (synth.py; blank: reused)", generated))
    data_rows.append(("snapshot build (evidence.loader.load, full)", col("data", lambda p: p["snapshot_build_s"])))
    data_rows.append(("snapshot read into Evidence (unchanged files)", col("data", lambda p: p["snapshot_load_s"])))
    data_rows.append(("snapshot refresh, 1 file touched", col("data", lambda p: p["snapshot_refresh_one_s"])))
    data_rows.append(
        (
            "load without the snapshot's tables (records decoded, tables rebuilt)",
            col("data", lambda p: p["plain_load_s"]),
        )
    )
    names = []
    for n in sizes:
        names += [k for k in results.get(n, {}).get("data", {}).get("filters", {}) if k not in names]
    for name in names:
        data_rows.append((f"filter {name}", col("data", lambda p, k=name: p["filters"][k])))
    data_rows.append(("view, no filter (Evidence.view)", col("data", lambda p: p["view_all_s"])))
    data_rows.append(("view, 3 filters", col("data", lambda p: p["view_three_filters_s"])))
    data_rows.append(("cohort groups (first use)", col("data", lambda p: p["cohorts_s"])))
    data_rows.append(("summary of findings, first call", col("data", lambda p: p["synthesis_first_s"])))
    data_rows.append(("summary of findings, median", col("data", lambda p: p["synthesis_s"])))

    app_rows.append(("cold start: first AppTest run", col("app", lambda p: p["cold_start_s"])))
    app_rows.append(("cold start: process start to first run done",
                     col("app", lambda p: p["cold_start_since_process_start_s"])))  # fmt: skip
    pages = []
    for n in sizes:
        pages += [k for k in results.get(n, {}).get("app", {}).get("pages", {}) if k not in pages]
    for page in pages:
        app_rows.append((f"{page}: first visit", col("app", lambda p, k=page: p["pages"][k]["first_s"])))
        app_rows.append((f"{page}: warm rerun (median)", col("app", lambda p, k=page: p["pages"][k]["median"])))
    app_rows.append(("floor: warm rerun (median)", col("app", lambda p: p["floor"]["median"])))
    app_rows.append(("floor without its chart (context)", col("app", lambda p: p["floor_table_only"]["median"])))
    return data_rows, app_rows


def table_md(title: str, rows: list[tuple[str, dict]], sizes: list[int]) -> list[str]:
    head = f"| {title} | " + " | ".join(f"N = {n:,}" for n in sizes) + " | exponent (all N) | exponent (last step) |"
    lines = [head, "|" + " --- |" * (len(sizes) + 3)]
    for label, values in rows:
        if all(v is None for v in values.values()):
            continue
        points = [(n, v) for n, v in values.items() if v is not None]
        last = slope(points[-2:]) if len(points) >= 2 else None
        cells = " | ".join(fmt_s(values[n]) for n in sizes)
        lines.append(f"| {label} | {cells} | {fmt_exp(slope(points))} | {fmt_exp(last)} |")
    return lines


def report(results: dict, sizes: list[int], info: dict, argv: list[str], elapsed: float) -> str:
    lines = [START, "## Scale benchmark (benchmarks/run.py)", ""]
    lines.append(f"Command: `.venv/bin/python benchmarks/run.py {' '.join(argv)}`; finished in {elapsed:.0f} s.  ")
    lines.append(f"Date: {info['date']}. Commit measured: `{info['commit']}`.  ")
    lines.append(f"Load average at the start (1/5/15 min): {info['loadavg']}; other work on the machine adds noise.  ")
    lines.append(
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory_gib']} GiB memory, Python {info['python']}, "
        + ", ".join(f"{k} {v}" for k, v in info["versions"].items())
        + "."
    )
    lines.append("")
    lines.append("### Corpus (benchmarks/synth.py, seeded)")
    lines.append("")
    lines.append("| N | seed | MB of YAML | valid studies | problems | arm rows | outcome rows | safety rows |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        c, d = results[n].get("corpus", {}), results[n].get("data", {})
        lines.append(
            f"| {n:,} | {c.get('seed', '—')} | {c.get('bytes', 0) / 1e6:.1f} | {d.get('studies', '—')} | "
            f"{d.get('problems', '—')} | {d.get('arm_rows', '—')} | {d.get('outcome_rows', '—')} | "
            f"{d.get('safety_rows', '—')} |"
        )
    data_rows, app_rows = metric_rows(results, sizes)
    lines += ["", "### Data layer (one fresh process per N; filters and views: median of the reruns)", ""]
    lines += table_md("step", data_rows, sizes)
    lines += ["", "### App through AppTest (one fresh process per N; warm = median of the reruns after a warm-up)", ""]
    lines += table_md("step", app_rows, sizes)
    lines += ["", "### Page / floor (warm rerun of the page divided by the floor page's warm rerun at the same N)", ""]
    page_names = [label.split(":")[0] for label, _ in app_rows if label.endswith("warm rerun (median)")]
    lines.append("| page | " + " | ".join(f"N = {n:,}" for n in sizes) + " |")
    lines.append("|" + " --- |" * (len(sizes) + 1))
    for page in page_names:
        if page == "floor":
            continue
        cells = []
        for n in sizes:
            app = results[n].get("app", {})
            p, f = app.get("pages", {}).get(page, {}), app.get("floor", {})
            ok = p.get("median") and f.get("median")
            cells.append(f"{p['median'] / f['median']:.1f}×" if ok else "—")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    floor_rows = " · ".join(f"N = {n:,}: {results[n].get('app', {}).get('floor_rows', '—')} rows" for n in sizes)
    lines += ["", f"Floor page size (rows of its dataframe = arm rows): {floor_rows}.", ""]
    lines += ["### Peak memory (peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss of each subprocess)", ""]
    lines.append("| N | data: after load | data: peak | app: after cold start | app: peak |")
    lines.append("| --- | --- | --- | --- | --- |")
    for n in sizes:
        d, a = results[n].get("data", {}), results[n].get("app", {})

        def mb(v):
            return f"{v:,.0f} MB" if isinstance(v, (int, float)) else "—"

        lines.append(f"| {n:,} | {mb(d.get('rss_after_load_mb'))} | {mb(d.get('peak_rss_mb'))} | "
                     f"{mb(a.get('rss_after_cold_mb'))} | {mb(a.get('peak_rss_mb'))} |")  # fmt: skip
    problems = []
    for n in sizes:
        for kind in ("data", "app"):
            part = results[n].get(kind, {})
            if part.get("failed"):
                problems.append(f"N = {n:,} {kind}: {part['failed']}")
            for note in part.get("notes", []):
                problems.append(f"N = {n:,} {kind}: {note}")
            for err in part.get("cold_errors", []):
                problems.append(f"N = {n:,} cold start raised: {err}")
            floors = {"floor": part.get("floor", {}), "floor without chart": part.get("floor_table_only", {})}
            for page, p in {**part.get("pages", {}), **floors}.items():
                for err in p.get("errors", []) if isinstance(p, dict) else []:
                    problems.append(f"N = {n:,} page {page} raised: {err}")
                if isinstance(p, dict) and p.get("skipped"):
                    problems.append(f"N = {n:,} page {page}: not measured ({p['skipped']})")
    if info.get("commit_end") and info["commit_end"] != info["commit"]:
        changed = f"`{info['commit']}` at the start, `{info['commit_end']}` at the end"
        problems.insert(0, f"the code changed during the run ({changed}): not every size ran on the same code")
    lines += ["", "### Notes and problems", ""]
    lines += [f"- {p}" for p in problems] or ["- none: every page ran without an exception at every size."]
    lines += [
        "",
        "Exponent: least-squares slope of log(time) against log(N); 1 is linear, 0 constant. At small N fixed "
        "costs dominate, so the last step (the two largest sizes) is the better guide to growth.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_results(block: str) -> None:
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    if START in old and END in old:
        before, rest = old.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        new = before + block + ("\n" + after if after else "")
    else:
        head, sep, tail = old.partition("\n\n")
        new = head + sep + block + ("\n" + tail if tail else "") if sep else old + "\n" + block
    RESULTS.write_text(new)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N up to 10,000 and at most ~5 minutes in all")
    parser.add_argument("--sizes", help="comma-separated N values (default: 100,1000,10000[,100000])")
    parser.add_argument("--reps", type=int, default=5, help="timed reruns per page and step (at least 5)")
    parser.add_argument("--seed", type=int, default=None, help="corpus seed (default: synth.DEFAULT_SEED)")
    parser.add_argument("--budget", type=float, default=None, help="seconds for the whole run (quick: 280)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/results.md alone")
    parser.add_argument("--child", choices=("data", "app"), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("child_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    reps = max(args.reps, 5)

    if args.child:
        n, folder = int(args.child_args[0]), Path(args.child_args[1])
        if args.child == "data":
            out = child_data(n, folder, reps)
        else:
            out = child_app(n, folder, int(args.child_args[2]), reps, float(args.child_args[3]))
        args.json.write_text(json.dumps(out, default=str))
        return 0

    seed = synth.DEFAULT_SEED if args.seed is None else args.seed
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else FULL_SIZES)
    budget = args.budget if args.budget is not None else (QUICK_BUDGET if args.quick else 6 * 3600)
    started = time.time()
    deadline = started + budget
    info = machine()
    logs = Path(os.environ.get("JDM_BENCH_DIR", "/tmp/jdm-bench")) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"benchmark: N = {sizes}, reps {reps}, seed {seed}, budget {budget:.0f} s, commit {info['commit']}")
    results: dict[int, dict] = {}
    for n in sizes:
        results[n] = {}
        if time.time() > deadline:
            results[n] = {"data": {"failed": "time budget spent"}, "app": {"failed": "time budget spent"}}
            continue
        folder, made = synth.ensure_corpus(n, seed=seed)
        results[n]["corpus"] = made
        how = "reused" if made["reused"] else f"written in {made['seconds']:.1f} s"
        print(f"N = {n:,}: corpus {folder} ({made['bytes'] / 1e6:.1f} MB, {how})", flush=True)
        data = run_child("data", [str(n), str(folder)], logs / f"data-{n}.log", deadline - time.time())
        results[n]["data"] = data
        rows = data.get("arm_rows") or round(n * 1.4)
        print(f"  data: {summary_line(data)}", flush=True)
        app = run_child("app", [str(n), str(folder), str(rows), str(deadline - 5)], logs / f"app-{n}.log",
                        deadline - time.time())  # fmt: skip
        results[n]["app"] = app
        print(f"  app: {app_line(app)}", flush=True)
    elapsed = time.time() - started
    info["commit_end"] = machine()["commit"]
    block = report(results, sizes, info, argv, elapsed)
    print()
    print(block.replace(START + "\n", "").replace(END + "\n", ""))
    if not args.no_write:
        write_results(block)
        print(f"written to {RESULTS}")
    return 0


def summary_line(data: dict) -> str:
    if data.get("failed"):
        return "FAILED " + data["failed"]
    load = data.get("snapshot_build_s") or data.get("plain_load_s")
    what = "snapshot build" if data.get("snapshot_build_s") else "load+tables"
    return (
        f"{what} {fmt_s(load)}, {data['arm_rows']:,} arm rows, synthesis {fmt_s(data['synthesis_s'])}, "
        f"peak RSS {data['peak_rss_mb']:.0f} MB"
    )


def app_line(app: dict) -> str:
    if app.get("failed"):
        return "FAILED " + app["failed"]
    floor = app.get("floor", {}).get("median")
    parts = [f"cold {fmt_s(app['cold_start_s'])}"]
    for page, p in app["pages"].items():
        ratio = f" ({p['median'] / floor:.1f}× floor)" if p.get("median") and floor else ""
        parts.append(f"{page} {fmt_s(p.get('median'))}{ratio}" if p.get("median") else f"{page} skipped")
    parts.append(f"floor {fmt_s(floor)}, peak RSS {app['peak_rss_mb']:.0f} MB")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
