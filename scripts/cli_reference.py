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


def render() -> str:
    runner = CliRunner()
    parts = ["# Command-line reference\n",
             "Generated from each command's `--help` by `scripts/cli_reference.py`; do not edit by hand.\n"]
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
