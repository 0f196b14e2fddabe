"""Checker quality on the dev corpus: findings per document next to the hand-annotated inconsistencies.

    .venv/bin/python benchmarks/check_quality.py [CORPUS_DIR] [--profile default] [--all]

For each NNN.txt the checker's findings are printed by severity, beside the annotation's
``inconsistencies``. Each annotated inconsistency is mapped, by the kind of defect its
sentence describes (keywords about the defect, never about a document), to the rule codes
that would report it; recall is the share of mappable inconsistencies for which one of those
codes was reported. Warnings and errors are printed in full so a person can judge precision:
read them, and fix the rule, not the document.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from jixiao.core.findings import Finding
from jixiao.pipeline import check, load

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"

# (pattern over the annotation sentence, codes that report that kind of defect)
KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    (r"而总分|总分填|加.*得分.*=", frozenset({"JX211"})),
    (r"未写(偏差)?原因|扣分规则未说明|未说明.*扣|没有偏差说明", frozenset({"JX301", "JX213", "JX407"})),
    (r"按比例(应|为)", frozenset({"JX213"})),
    (r"(调减|调增|调整).*(未说明|没有说明|存储文本中未说明)|要求说明年中调整", frozenset({"JX201"})),
    (r"合计行与分项矛盾|合计.*矛盾", frozenset({"JX205"})),
    (r"满分|都报告为100%|均得分", frozenset({"JX307", "JX305", "JX204"})),
    (r"(称|写).*(完成目标|达到预期)", frozenset({"JX407"})),
    (r"前后不一|对不上|说法不一|不对应|差额|差\d", frozenset({"JX403", "JX401", "JX408", "JX410"})),
    (r"日期错误|日期.*(早于|之前)|不可能收到", frozenset({"JX409"})),
    (r"占位符|模板填写说明|未填完|没有完成值", frozenset({"JX603", "JX305", "JX601"})),
    (r"只占调整后预算|未支出.*未作说明|只执行", frozenset({"JX204", "JX403", "JX208"})),
    (r"实际完成情况.*(填写的是|照抄)|预期目标.*栏填写", frozenset({"JX405"})),
)


def expected_codes(sentence: str) -> frozenset[str]:
    out: set[str] = set()
    for pattern, codes in KINDS:
        if re.search(pattern, sentence):
            out |= codes
    return frozenset(out)


def _line(f: Finding) -> str:
    where = f"{f.source.line}" if f.source and f.source.line else "-"
    return f"      {f.code} {f.severity.value:<7} {f.slug:<30} L{where}: {f.message}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--profile", default="default")
    ap.add_argument("--all", action="store_true", help="print info findings too")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}")
        return 2
    docs = sorted(args.corpus.glob("*.txt"))
    totals: Counter[str] = Counter()
    mappable = hit = 0
    for txt in docs:
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        annotated = meta.get("annotation", {}).get("inconsistencies") or []
        loaded = load(txt)
        findings: list[Finding] = list(loaded.findings)
        for project in loaded.projects:
            findings += check(project, profile=args.profile)[1]
        status = f"{len(loaded.projects)} project(s)"
        by_sev = Counter(f.severity.value for f in findings)
        totals.update(by_sev)
        found_codes = {f.code for f in findings}
        print(f"\n== {txt.stem}  {meta.get('issuing_organisation', '')[:24]}  {meta.get('doc_type')}  {status}  "
              f"errors {by_sev['error']}  warnings {by_sev['warning']}  infos {by_sev['info']}")
        for sentence in annotated:
            codes = expected_codes(sentence)
            mark = "  "
            if codes:
                mappable += 1
                if codes & found_codes:
                    hit += 1
                    mark = "✓ "
                else:
                    mark = "✗ "
            elif codes:
                mappable += 1
            print(f"  {mark}[{'/'.join(sorted(codes)) or 'unmapped'}] {sentence}")
        for f in findings:
            if args.all or f.severity.value != "info":
                print(_line(f))
    print(f"\ndocuments: {len(docs)}   findings: errors {totals['error']}  warnings {totals['warning']}  "
          f"infos {totals['info']}")
    if mappable:
        print(f"recall on mappable annotated inconsistencies: {hit}/{mappable} = {hit * 100 / mappable:.0f}%")
    else:
        print(f"mappable annotated inconsistencies: {mappable} (recall needs the readers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
