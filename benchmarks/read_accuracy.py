"""Read every dev-corpus document and the seed; print per-field accuracy against the annotations.

Usage: python benchmarks/read_accuracy.py [SHARED_DIR]   (default ../shared next to the repository)

A field counts when the annotation gives a value (null means "not in the text"); values read
where the annotation is null are listed separately as extras, since they are not errors by
themselves (the annotators recorded only what they verified).
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from jixiao.core.model import Indicator, Project, RuleKind
from jixiao.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["total_score", "grade", "initial_budget", "adjusted_budget", "actual_spent",
          "execution_rate_stated", "scored_indicator_rows", "indicator_scores_sum"]
SEED_ANNOTATION = {  # the facts of ../shared/docs/seed-walkthrough.md
    "total_score": 98, "grade": "优", "initial_budget": 1423.71, "adjusted_budget": 1375.72,
    "actual_spent": 1372.97, "execution_rate_stated": "99.80%", "scored_indicator_rows": 16,
    "indicator_scores_sum": 98,
}


def _leaves(nodes: tuple[Indicator, ...]) -> list[Indicator]:
    out: list[Indicator] = []
    for n in nodes:
        out.extend(_leaves(n.children) if n.children else [n])
    return out


def observed(p: Project) -> dict[str, object]:
    scored = [leaf for leaf in _leaves(p.indicators)
              if leaf.score is not None and not (leaf.rule and leaf.rule.kind is RuleKind.EXECUTION_RATE)]
    return {
        "total_score": p.stated.total, "grade": p.stated.grade,
        "initial_budget": p.funding.total.initial, "adjusted_budget": p.funding.total.adjusted,
        "actual_spent": p.funding.total.actual, "execution_rate_stated": p.stated.execution_rate,
        "scored_indicator_rows": len(scored) if p.indicators else None,
        "indicator_scores_sum": sum((leaf.score for leaf in scored), Decimal(0)) if scored else None,
    }


def expected(value: object) -> object:
    """Annotation values as comparable data: numbers as Decimal, '99%'-style strings by their first number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    m = re.search(r"\d+(?:\.\d+)?", str(value))
    if m and not re.fullmatch(r"[优良中差]", str(value)):
        return Decimal(m.group())
    return str(value)


def same(want: object, got: object) -> bool:
    if isinstance(want, Decimal):
        return isinstance(got, Decimal | int) and Decimal(got) == want
    return want == got


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    cases: list[tuple[str, Path, dict[str, object]]] = []
    seed = shared / "seed" / "000_69e7f288a75f657f.txt"
    if seed.is_file():
        cases.append(("seed", seed, SEED_ANNOTATION))
    for ann in sorted((shared / "corpus" / "dev").glob("*.json")):
        cases.append((ann.stem, ann.with_suffix(".txt"), json.loads(ann.read_text("utf-8"))["annotation"]))
    if not cases:
        print(f"no documents under {shared}")
        return 1
    hits = {f: 0 for f in FIELDS}
    counts = {f: 0 for f in FIELDS}
    group = {"seed": [0, 0], "dev": [0, 0]}
    misses: list[str] = []
    extras: list[str] = []
    for name, path, annotation in cases:
        result = read_document(path)
        got = observed(result.projects[0]) if result.projects else dict.fromkeys(FIELDS)
        bucket = group["seed" if name == "seed" else "dev"]
        for f in FIELDS:
            want = expected(annotation.get(f))
            if want is None:
                if got[f] not in (None, 0) and f not in {"scored_indicator_rows"}:
                    extras.append(f"{name}.{f}={got[f]}")
                continue
            counts[f] += 1
            bucket[1] += 1
            if same(want, got[f]):
                hits[f] += 1
                bucket[0] += 1
            else:
                misses.append(f"{name}.{f}: want {want}, got {got[f]}")
    print(f"{'field':<24}{'correct':>8}{'of':>5}{'accuracy':>10}")
    for f in FIELDS:
        pct = f"{100 * hits[f] / counts[f]:.1f}%" if counts[f] else "—"
        print(f"{f:<24}{hits[f]:>8}{counts[f]:>5}{pct:>10}")
    for label, (ok, n) in group.items():
        if n:
            print(f"{label:<24}{ok:>8}{n:>5}{100 * ok / n:>9.1f}%")
    ok, n = sum(hits.values()), sum(counts.values())
    print(f"{'overall':<24}{ok:>8}{n:>5}{100 * ok / n:>9.1f}%")
    if misses:
        print("\nmisses:\n  " + "\n  ".join(misses))
    if extras:
        print("\nread where the annotation is null (not scored):\n  " + "\n  ".join(extras))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
