"""Regenerate docs/cli.md from the real ``--help`` of every command (a test keeps them in step).

    python scripts/cli_reference.py          # rewrite docs/cli.md
    python scripts/cli_reference.py --check  # exit 1 if docs/cli.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.main import COMMANDS, main

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

CONVENTIONS = """## Conventions every command follows

- `-h` and `--help` both show the help; every command's help has examples and its exit codes.
- Exit codes: 0 done (no errors found); 1 `check` found errors (or `doctor` found something
  missing); 2 an input could not be read, a draft cannot be scored, or the invocation is wrong
  (unknown rule, framework or format; `-j 0`). A broken pipe (`jixiao check … | head`) stops
  the output quietly and exits with the status of the work, not a traceback.
- Output to a file is always `-o/--output` (`report -o DIR` writes a folder; the others one
  file); without it, results go to stdout and messages to stderr.
- Findings print as `FILE:LINE:COL: CODE severity slug message`, `FILE:SHEET!CELL: …` for a
  spreadsheet, or `FILE: …` when no line is known (never a made-up `:0:0`); the English
  message, the hint and the offending text follow, indented.
- Tables and trees keep one row per line when piped (no wrapping mid-line); the names you must
  type (`frameworks`) are never cut.
- `--format json` of `score`, `check` and `read` prints one object of the same shape for
  every input (a project file, a document holding several projects, a folder, an unreadable
  file); `jixiao schema output` prints its JSON Schema:

```json
{"format": "jixiao-output", "version": 1, "command": "score | check | read",
 "inputs":   [{"file": "…", "status": "read | unreadable", "projects": 1}],
 "projects": [{"file": "…", "name": "…", "score | summary | project": {}}],
 "findings": [{"code": "JX201", "slug": "…", "severity": "error | warning | info",
               "message": "…", "message_en": "…", "hint": "…", "file": "…", "line": 12,
               "column": 3, "page": null, "sheet": null, "cell": null, "fragment": "…",
               "where": "file:12:3", "model_path": "funding.total.actual", "data": {}}],
 "counts":   {"error": 0, "warning": 0, "info": 0}}
```

  `score` puts the score card under `projects[].score` (null when a draft is refused),
  `check` the review-workbook row under `projects[].summary`, `read` the project file under
  `projects[].project`. `version` changes when a key changes meaning or goes away.
- `check DIR` walks the folder: every report-like file is read or reported as unreadable
  (`.doc`, `.wps` and the like included), other files are listed as skipped on stderr; the
  `--summary` workbook has a row for every input, and is not written when an input path does
  not exist.
- `read` refuses a project file (`.yaml/.yml/.json`): it is already one.
- Amounts in a project file with more than 2 decimals get a located JX006 warning: reports
  show them rounded half up to 2 places.
"""


def render() -> str:
    runner = CliRunner()
    parts = ["# Command-line reference\n",
             "Generated from each command's `--help` by `scripts/cli_reference.py`; do not edit by hand.\n",
             CONVENTIONS]
    for args in [[], *[[name] for name in COMMANDS]]:
        result = runner.invoke(main, [*args, "--help"], prog_name="jixiao", terminal_width=100)
        title = " ".join(["jixiao", *args])
        parts.append(f"## `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if DOC.read_text("utf-8") == text else 1)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
