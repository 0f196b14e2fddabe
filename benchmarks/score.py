"""Load and score a synthetic portfolio: 10,000 projects × 20 indicators, from JSON.

Prints projects/s and the ratio (load + score) / json.loads alone, both measured in this
run on the same bytes. Goal: ratio < 2.

    python benchmarks/score.py [--projects N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

from jixiao.core.scoring import score_project
from jixiao.io.fastload import project_from_data
from jixiao.io.frameworks import resolve_framework

SUBS = [("产出指标", "数量指标", "≥"), ("产出指标", "质量指标", "≥"), ("产出指标", "时效指标", "="),
        ("产出指标", "成本指标", "≤"), ("效益指标", "社会效益指标", "≥"), ("满意度指标", "服务对象满意度指标", "≥")]


def synthetic_project(i: int, rng: random.Random) -> dict:
    """A project on mof-2020-selfeval with 19 target-bound leaves plus the execution-rate leaf."""
    targets, tree = [], {}
    weights = {"产出指标": [5] * 10, "效益指标": [5] * 6, "满意度指标": [10]}
    cats = [SUBS[k % 4] for k in range(10)] + [SUBS[4]] * 6 + [SUBS[5]]
    counters = {k: 0 for k in weights}
    for k, (one, two, comp) in enumerate(cats):
        value = rng.randint(10, 1000)
        actual = value + rng.randint(-value // 5, value // 5)
        targets.append({"id": f"t{k}", "name": f"指标{k}", "category": one[:2], "subcategory": two[:2],
                        "comparator": comp, "value": value, "unit": "个", "actual": actual,
                        "deviation_reason": "原因" if actual < value else ""})
        w = weights[one][counters[one]]
        counters[one] += 1
        tree.setdefault(one, {}).setdefault(two, []).append({"name": f"指标{k}", "weight": w, "target": f"t{k}"})
    indicators = [{"name": "预算执行率"}] + [
        {"name": one, "children": [{"name": two, "children": leaves} for two, leaves in subs.items()]}
        for one, subs in tree.items()]
    budget = Decimal(rng.randint(1000, 900000)) / 100
    return {
        "jixiao": 1, "framework": "mof-2020-selfeval",
        "project": {"name": f"项目{i}", "year": 2020 + i % 5, "department": f"部门{i % 40}"},
        "funding": {"initial": str(budget), "adjusted": str(budget),
                    "actual": str((budget * Decimal(rng.randint(70, 100)) / 100).quantize(Decimal("0.01")))},
        "targets": targets, "indicators": indicators,
    }


def _load_and_score(chunk: list[str]) -> int:
    framework, _ = resolve_framework("mof-2020-selfeval")
    done = 0
    for d in chunk:
        for p in project_from_data(json.loads(d, parse_float=Decimal)).projects:
            score_project(p, framework)
            done += 1
    return done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    rng = random.Random(7)
    docs = [json.dumps(synthetic_project(i, rng), ensure_ascii=False) for i in range(args.projects)]
    framework, _ = resolve_framework("mof-2020-selfeval")
    size = sum(len(d.encode()) for d in docs)

    start = time.perf_counter()
    for d in docs:
        json.loads(d)
    t_json = time.perf_counter() - start

    start = time.perf_counter()
    projects = []
    for d in docs:
        result = project_from_data(json.loads(d, parse_float=Decimal))
        projects.extend(result.projects)
    t_load = time.perf_counter() - start

    # the same load again, timing its two steps per document, only to show where the time goes
    t_parse = t_build = 0.0
    again = []
    for d in docs:
        t0 = time.perf_counter()
        data = json.loads(d, parse_float=Decimal)
        t1 = time.perf_counter()
        again.extend(project_from_data(data).projects)
        t_build += time.perf_counter() - t1
        t_parse += t1 - t0
    del again

    start = time.perf_counter()
    totals = [score_project(p, framework).total for p in projects]
    t_score = time.perf_counter() - start

    assert len(totals) == args.projects
    n = args.projects
    print(f"portfolio: {n} projects × 20 indicators, {size / 1e6:.1f} MB of JSON")
    print(f"json.loads alone : {t_json:.2f} s  ({n / t_json:,.0f} projects/s)")
    print(f"load (validate+build): {t_load:.2f} s  ({n / t_load:,.0f} projects/s)")
    print(f"score            : {t_score:.2f} s  ({n / t_score:,.0f} projects/s)")
    print(f"load + score     : {t_load + t_score:.2f} s  ({n / (t_load + t_score):,.0f} projects/s)")
    print(f"ratio (load + score) / json.loads = {(t_load + t_score) / t_json:.2f}  (goal < 2)")
    print(f"per project: json.loads {t_json / n * 1e6:.0f} µs; load {t_load / n * 1e6:.0f} µs "
          f"(second pass: parse with Decimal {t_parse / n * 1e6:.0f} µs + validate/build {t_build / n * 1e6:.0f} µs); "
          f"score {t_score / n * 1e6:.0f} µs")

    chunks = [docs[i::args.workers * 8] for i in range(args.workers * 8)]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        done = sum(pool.map(_load_and_score, chunks))
    t_par = time.perf_counter() - start
    assert done == n
    print(f"load + score on {args.workers} processes: {t_par:.2f} s  ({n / t_par:,.0f} projects/s), "
          f"ratio to json.loads = {t_par / t_json:.2f}")


if __name__ == "__main__":
    main()
