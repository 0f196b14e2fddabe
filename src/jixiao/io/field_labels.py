"""Project-file keys whose Chinese name depends on the block they sit in.

The review document, the revision diff and the merge page each name fields for people; a key
such as ``total`` is 年度资金总额 under ``funding`` but 自评得分 under ``stated``, and ``actual``
is 全年执行数 in the funds but 实际完成值 in a target. One table here, so none of them can name a
field after the wrong block.
"""

from __future__ import annotations

BY_PARENT: dict[tuple[str, str], str] = {
    ("funding", "total"): "年度资金总额",
    ("stated", "total"): "自评得分",
    ("targets", "actual"): "实际完成值",
}


def in_block(parent: str, key: str) -> str | None:
    """The label ``key`` takes inside ``parent``, when that differs from its usual one."""
    return BY_PARENT.get((parent, key))
