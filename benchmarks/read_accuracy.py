"""What `jixiao read` reads, per field and overall: right / not found / silently wrong.

Usage: python benchmarks/read_accuracy.py [SHARED_DIR] [--generated N] [--printed M]
       (default ../shared, N = 200, M = 12)

Four sets: the dev corpus (hand annotations, ../shared/corpus/dev/*.json), the seed report
(the facts of ../shared/docs/seed-walkthrough.md), generated layouts (tests/readers/layouts.py:
known facts written in the layouts real publishers use, with perturbations) and printed layouts
(the first M generated HTML layouts printed to PDF by WeasyPrint, with cell borders and without,
in the styles of ``layouts.PRINT_STYLES``), and those PDFs as text by poppler's pdftotext
(``-layout`` and raw; skipped without pdftotext or with ``--no-pdftotext``): the text a site
serves when it converts a PDF, where a wrapped cell is lines of their own. Every document
goes through the `jixiao read --format json` command and back through the project-file loader,
so what is measured is what a user gets. A field counts when the annotation gives a value;
"not found" is better than "wrong" (a silent wrong value is the failure that matters).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "readers"))

from click.testing import CliRunner  # noqa: E402
from measure import FIELDS, SEED_ANNOTATION, compare  # noqa: E402

from jixiao.cli.read import command as read_command  # noqa: E402
from jixiao.core.model import Project  # noqa: E402
from jixiao.io.loading import parse_project_text  # noqa: E402

VERDICTS = ("right", "not found", "wrong")


def read_via_cli(path: Path) -> Project | None:
    """`jixiao read PATH --format json` (the common output shape), its project loaded back as a project file."""
    result = CliRunner().invoke(read_command, [str(path), "--format", "json"])
    if result.exit_code != 0:
        return None
    out = json.loads(result.stdout)
    projects = out.get("projects") or []
    if not projects:
        return None
    loaded = parse_project_text(json.dumps(projects[0]["project"], ensure_ascii=False), f"{path.name}.json")
    return loaded.projects[0] if loaded.projects else None


def _table(title: str, rows: list[tuple[str, dict[str, tuple[str, object, object]]]]) -> dict[str, int]:
    counts = {f: dict.fromkeys(VERDICTS, 0) for f in FIELDS}
    for _, verdicts in rows:
        for f, (v, _, _) in verdicts.items():
            counts[f][v] += 1
    print(f"\n{title}\n{'field':<24}{'right':>7}{'not found':>11}{'wrong':>7}{'of':>5}{'right %':>9}{'wrong %':>9}")
    total = dict.fromkeys(VERDICTS, 0)
    for f in FIELDS:
        n = sum(counts[f].values())
        for v in VERDICTS:
            total[v] += counts[f][v]
        if n:
            print(f"{f:<24}{counts[f]['right']:>7}{counts[f]['not found']:>11}{counts[f]['wrong']:>7}{n:>5}"
                  f"{100 * counts[f]['right'] / n:>8.1f}%{100 * counts[f]['wrong'] / n:>8.1f}%")
    n = sum(total.values())
    if n:
        print(f"{'overall':<24}{total['right']:>7}{total['not found']:>11}{total['wrong']:>7}{n:>5}"
              f"{100 * total['right'] / n:>8.1f}%{100 * total['wrong'] / n:>8.1f}%")
    return total


def _misses(rows: list[tuple[str, dict[str, tuple[str, object, object]]]], limit: int = 60) -> None:
    out = [f"{name}.{f}: {v} (want {want}, got {got})" for kind in ("wrong", "not found") for name, verdicts in rows
           for f, (v, want, got) in verdicts.items() if v == kind]
    if out:
        print("  " + "\n  ".join(out[:limit]) + (f"\n  … {len(out) - limit} more" if len(out) > limit else ""))


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    generated = int(argv[argv.index("--generated") + 1]) if "--generated" in argv else 200
    if "--generated" in argv:
        args.remove(str(generated))
    printed = int(argv[argv.index("--printed") + 1]) if "--printed" in argv else 12
    if "--printed" in argv:
        args.remove(str(printed))
    shared = Path(args[0]) if args else ROOT.parent / "shared"
    seed = shared / "seed" / "000_69e7f288a75f657f.txt"
    seed_rows = [("seed", compare(SEED_ANNOTATION, read_via_cli(seed)))] if seed.is_file() else []
    dev_rows = []
    for ann in sorted((shared / "corpus" / "dev").glob("*.json")):
        annotation: dict[str, Any] = json.loads(ann.read_text("utf-8"))["annotation"]
        dev_rows.append((ann.stem, compare(annotation, read_via_cli(ann.with_suffix(".txt")))))
    gen_rows = []
    if generated:
        import layouts

        with tempfile.TemporaryDirectory() as tmp:
            for k, case in enumerate([*layouts.shipped_cases(), *layouts.cases(generated)]):
                path = Path(tmp) / f"gen{k:04d}{case.suffix}"
                path.write_bytes(case.data)
                gen_rows.append((f"gen{k:04d}[{case.layout}]", compare(case.annotation, read_via_cli(path))))
    printed_rows = []
    extracted_rows = []                 # the printed PDFs as text by poppler's pdftotext, as text sites serve them
    extract = printed and shutil.which("pdftotext") and "--no-pdftotext" not in argv
    if printed:
        import subprocess

        import layouts

        with tempfile.TemporaryDirectory() as tmp:
            for k, case in enumerate(layouts.printed_cases(printed)):     # each PDF printed once, read both ways
                pdf = Path(tmp) / f"printed{k:04d}.pdf"
                pdf.write_bytes(case.data)
                printed_rows.append((f"printed{k:04d}[{case.layout}]", compare(case.annotation, read_via_cli(pdf))))
                for mode in ("layout", "raw") if extract else ():
                    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if mode == "layout" else []),
                                           str(pdf), "-"], capture_output=True, check=True).stdout
                    path = Path(tmp) / f"extracted{k:04d}-{mode}.txt"
                    path.write_bytes(text)
                    extracted_rows.append((f"extracted{k:04d}[{case.layout}/text-{mode}]",
                                           compare(case.annotation, read_via_cli(path))))
    if not (seed_rows or dev_rows or gen_rows):
        print(f"no documents under {shared}")
        return 1
    for title, rows in (("dev corpus", dev_rows), ("seed", seed_rows), ("generated layouts", gen_rows),
                        ("printed layouts (PDF)", printed_rows),
                        ("printed layouts as text (pdftotext -layout and raw)", extracted_rows)):
        if rows:
            _table(f"{title} ({len(rows)} documents)", rows)
    for style in sorted({name.rsplit("/pdf-", 1)[1].rstrip("]") for name, _ in printed_rows}):
        rows = [r for r in printed_rows if r[0].endswith(f"/pdf-{style}]")]
        got = [v[0] for _, vs in rows for v in vs.values()]
        print(f"  printed {style:<18} right {got.count('right')}/{len(got)}, not found {got.count('not found')}, "
              f"wrong {got.count('wrong')}")
    for title, rows in (("dev", dev_rows), ("seed", seed_rows), ("generated", gen_rows), ("printed", printed_rows)):
        if any(v[0] != "right" for _, vs in rows for v in vs.values()):
            print(f"\n{title}: not right")
            _misses(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
