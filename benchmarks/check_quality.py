"""Checker quality on the dev corpus: recall against the expected findings, false alarms by judgement.

    .venv/bin/python benchmarks/check_quality.py [--verbose] [--corpus DIR] [--expect DIR]

Recall uses ``../shared/corpus/expect/{dev,seed}.json`` and the matching of
``../shared/tools/check_recall.py`` (imported, so the two agree on what counts as found), over
what each finding says: its location text (the quoted source line) is left out. Precision comes from a person: ``check_quality_judged.json`` beside this file holds
a verdict for every error and warning the checker raised on the dev set ("true": a defect a
reviewer would accept; "false": not a defect, a misreading, or a second message about a
defect already reported). A finding without a verdict is printed and counted as unjudged, so a
new rule cannot look precise by not being read. Run it once per change, not in loops.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from jixiao.batch import check_file

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
JUDGED = HERE / "check_quality_judged.json"
RAISED = {"error", "warning"}


def _recall_tool(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_recall", shared / "tools" / "check_recall.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"check_recall.py not found under {shared}/tools")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LOCATION_KEYS = ("file", "where", "fragment")
"""Where a finding is, not what it says: the quoted source line would let a finding 'mention' words
it does not say (check_recall.py skips only ``path``), so recall here is measured without them."""


def findings_of(path: Path) -> list[dict[str, Any]]:
    """The findings of ``jixiao check PATH --format json`` for the file, without their location text."""
    return [{k: v for k, v in d.items() if k not in LOCATION_KEYS} for d in check_file(path).findings]


def verdict(judged: list[dict[str, str]], doc: str, f: dict[str, Any]) -> dict[str, str] | None:
    """The judgement of a finding: same document, same code, and the judged words in its message."""
    for j in judged:
        if j["doc"] == doc and j["code"] == f["code"] and j["key"] in f["message"]:
            return j
    return None


def _score(tool: ModuleType, spec: dict[str, Any], docs: dict[str, Path],
           verbose: bool) -> tuple[int, int, int, int, dict[str, list[dict[str, Any]]]]:
    found = total = found_all = total_all = 0
    raised: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(spec):
        path = docs.get(key)
        findings = findings_of(path) if path is not None else []
        raised[key] = [f for f in findings if f["severity"] in RAISED]
        results, _ = tool.evaluate_doc(key, spec[key], findings)
        for expect, match in results:
            total_all += 1
            found_all += match is not None
            if expect.get("detectable", True):
                total += 1
                found += match is not None
            if verbose:
                print(f"  {'FOUND' if match else 'miss '} {expect['id']:<7} {expect.get('kind', '')}: "
                      f"{expect.get('defect', '')[:90]}")
    return found, total, found_all, total_all, raised


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--verbose", action="store_true", help="print every expectation and every judged finding")
    args = ap.parse_args(argv)
    if not (args.shared / "corpus" / "expect").is_dir():
        print(f"corpus not found under {args.shared}")
        return 2
    tool = _recall_tool(args.shared)
    judged: list[dict[str, str]] = json.loads(JUDGED.read_text(encoding="utf-8"))
    dev_dir, seed_dir = args.shared / "corpus" / "dev", args.shared / "seed"
    dev = json.loads((args.shared / "corpus" / "expect" / "dev.json").read_text(encoding="utf-8"))
    seed = json.loads((args.shared / "corpus" / "expect" / "seed.json").read_text(encoding="utf-8"))
    dev_docs = {k: Path(p) for k in dev if (p := tool.find_doc(str(dev_dir), k))}
    seed_docs = {k: Path(p) for k in seed if (p := tool.find_doc(str(seed_dir), k))}

    f, n, f2, n2, raised = _score(tool, dev, dev_docs, args.verbose)
    false = true = unjudged = 0
    for doc, findings in raised.items():
        for item in findings:
            j = verdict(judged, doc, item)
            mark = j["verdict"] if j else "UNJUDGED"
            if j is None:
                unjudged += 1
            elif j["verdict"] == "true":
                true += 1
            else:
                false += 1
            if args.verbose or j is None or j["verdict"] != "true":
                why = f"  ({j['why']})" if j and j.get("why") else ""
                print(f"  [{mark}] {doc} {item['code']} {item['severity']}: {item['message'][:110]}{why}")
    sf, sn, _, _, seed_raised = _score(tool, seed, seed_docs, False)
    seed_negatives = sum(len(tool.evaluate_doc(k, seed[k], findings_of(p))[1]) for k, p in seed_docs.items())
    docs = len(dev) or 1
    print(f"dev documents: {len(dev)}")
    print(f"dev recall: {f}/{n} detectable = {100 * f / max(n, 1):.1f}%   (all annotated: {f2}/{n2} = "
          f"{100 * f2 / max(n2, 1):.1f}%)")
    print(f"dev errors/warnings: {true + false + unjudged}  true {true}  false {false}  unjudged {unjudged}")
    print(f"false errors/warnings per document: {false / docs:.2f}   (unjudged per document: {unjudged / docs:.2f})")
    print(f"seed recall: {sf}/{sn}, negatives hit: {seed_negatives}, "
          f"seed errors/warnings: {sum(len(v) for v in seed_raised.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
