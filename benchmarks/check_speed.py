"""Checker speed: checks/s on synthetic projects, (score + check) / load, and batch throughput.

    .venv/bin/python benchmarks/check_speed.py [--projects 10000] [--load-sample 1000] [--reports 1000]

Part 1 builds N synthetic variants of the reference project (different amounts, scores,
actuals and prose), loads them from project-file text, scores and checks each, and prints
checks/s and the ratio (score + check) / load (goal < 2): checking must cost less than
reading. Load is timed on a sample (it is by far the slowest step); the ratio uses per-project
means. Part 2 runs ``jixiao check`` batches end to end on text reports (when the readers are
installed; else on project files, and says so) with one worker as the baseline measured in
the same run, then with every core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from jixiao.batch import run_batch
from jixiao.core.checks import run_checks
from jixiao.core.scoring import score_project
from jixiao.io.build import build_project
from jixiao.io.frameworks import resolve_framework
from jixiao.io.loading import parse_project_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pingshan-2021-zhaoshang.yaml"
SEED = ROOT.parent / "shared" / "seed" / "000_69e7f288a75f657f.txt"


def _variant(base: dict[str, Any], rng: random.Random, i: int) -> dict[str, Any]:
    """The reference project with other figures: every family of checks has something to look at."""
    doc = json.loads(json.dumps(base, default=str))
    f = doc["funding"]
    initial = round(rng.uniform(50, 5000), 2)
    adjusted = round(initial * rng.uniform(0.7, 1.2), 2)
    actual = round(adjusted * rng.uniform(0.5, 1.05), 2)
    f.update(initial=str(initial), adjusted=str(adjusted), actual=str(actual))
    for t in doc["targets"]:
        if rng.random() < 0.8:
            t["actual"] = str(round(float(t["value"]) * rng.uniform(0.7, 1.5)))
    for top in doc["indicators"]:
        for mid in top["children"]:
            for leaf in mid["children"]:
                if rng.random() < 0.2:
                    leaf["score"] = str(max(0, float(leaf["weight"]) - rng.choice([0.5, 1, 2])))
    doc["project"]["name"] = f"合成项目{i}"
    doc["stated"]["execution_rate"] = str(round(actual * 100 / adjusted, rng.choice([0, 2])))
    doc["narrative"]["conclusion"] += f"预算执行率为{rng.choice([100, 99, 95])}%，综合评分{rng.randint(80, 100)}分。"
    return doc


def bench_projects(n: int, load_sample: int, seed: int = 7) -> None:
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    docs = [_variant(base, rng, i) for i in range(n)]
    texts = [json.dumps(d, ensure_ascii=False) for d in docs[:load_sample]]
    framework, _ = resolve_framework("pingshan-2021")

    sample = texts[:load_sample]
    t0 = time.perf_counter()
    projects = [parse_project_text(t, f"p{i}.json").projects[0] for i, t in enumerate(sample)]
    load_each = (time.perf_counter() - t0) / len(sample)
    # the rest are built straight from their mappings: same projects, without timing the parser again
    projects += [build_project(d, {}, f"p{i}.json") for i, d in enumerate(docs[load_sample:], load_sample)]

    t0 = time.perf_counter()
    cards = [score_project(p, framework) for p in projects]
    score_total = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = [len(run_checks(p, c)) for p, c in zip(projects, cards, strict=True)]
    check_total = time.perf_counter() - t0
    per_check: dict[str, float] = {}
    for p, c in zip(projects[:1000], cards[:1000], strict=True):
        run_checks(p, c, timings=per_check)

    score_each, check_each = score_total / n, check_total / n
    print(f"synthetic projects: {n} (load timed on {len(sample)})")
    print(f"  load   {load_each * 1000:8.3f} ms/project   (baseline)")
    print(f"  score  {score_each * 1000:8.3f} ms/project   {n / score_total:9.0f} projects/s")
    print(f"  check  {check_each * 1000:8.3f} ms/project   {n / check_total:9.0f} checks/s"
          f"   findings/project: mean {statistics.mean(counts):.1f}")
    ratio = (score_each + check_each) / load_each
    print(f"  (score + check) / load = {ratio:.3f}   goal < 2: {'met' if ratio < 2 else 'NOT met'}")
    slowest = sorted(per_check.items(), key=lambda kv: kv[1], reverse=True)[:5]
    sample = min(n, 1000)
    print("  slowest checks: " + ", ".join(f"{k} {v * 1000 / sample:.3f} ms" for k, v in slowest))


def bench_reports(n: int, rounds: int = 2) -> None:
    documents = SEED.is_file()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = SEED if documents else EXAMPLE
        for i in range(n):
            (folder / f"r{i:04d}{source.suffix}").write_bytes(source.read_bytes())
        files = sorted(folder.iterdir())
        kind = "text reports (seed)" if documents else "project files (jixiao.readers not available: no text reports)"
        print(f"batch end to end: {n} {kind}")
        results: dict[int, float] = {}
        # alternate the baseline and the parallel run and keep each one's best: the machine is shared,
        # and a burst of someone else's work should not decide the ratio
        for _round in range(rounds):
            for workers in (1, os.cpu_count() or 1):
                t0 = time.perf_counter()
                done = list(run_batch(files, workers=workers))
                elapsed = time.perf_counter() - t0
                assert len(done) == n
                results[workers] = max(results.get(workers, 0.0), n / elapsed)
                print(f"  round {_round + 1} workers={workers}: {n / elapsed:8.1f} reports/s   ({elapsed:.1f} s)")
        if len(results) > 1:
            base = results[1]
            for w, r in results.items():
                print(f"  best of {rounds}: workers={w} {r:8.1f} reports/s, ratio vs 1 worker {r / base:.2f}x")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=10000)
    ap.add_argument("--load-sample", type=int, default=1000)
    ap.add_argument("--reports", type=int, default=1000)
    args = ap.parse_args(argv)
    bench_projects(args.projects, min(args.load_sample, args.projects))
    bench_reports(args.reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
