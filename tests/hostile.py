"""Hostile inputs built in memory for the security tests (and nothing else)."""

from __future__ import annotations

import io


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs": each level a list of nine aliases to the level below."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def workbook(rows: int, cols: int) -> bytes:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表")
    ws.append(["项目名称", "测试项目"])
    for r in range(rows):
        ws.append([r] * cols)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
