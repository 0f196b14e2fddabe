"""docs/cli.md is the real --help of every command; regenerate with scripts/cli_reference.py."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    current = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert current == expected, "docs/cli.md is out of date: run python scripts/cli_reference.py"


def test_every_registered_command_is_documented() -> None:
    from jixiao.cli.main import COMMANDS
    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    for name in COMMANDS:
        assert f"## `jixiao {name}`" in text
