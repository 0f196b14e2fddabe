"""Paths every test may need; importable from any test folder (pytest's pythonpath includes tests/)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_69e7f288a75f657f.txt"
DEV_CORPUS = SHARED / "corpus" / "dev"
PINGSHAN = EXAMPLES / "pingshan-2021-zhaoshang.yaml"
SELFEVAL = EXAMPLES / "shequ-2023-yanglao-selfeval.yaml"
