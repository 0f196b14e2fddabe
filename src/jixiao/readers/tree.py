"""Scoring-table rows -> the indicator tree (一级/二级/leaf), with targets for 自评表 rows."""

from __future__ import annotations

from decimal import Decimal

from ..core.findings import Source
from ..core.model import Comparator, Indicator, Target, normalise_name
from ..core.paths import segment
from .numbers import target_value
from .rows import Row


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while normalise_name(out) in taken:
        out, n = f"{name}（{n}）", n + 1
    taken.add(normalise_name(out))
    return out


def target_of(row: Row, k: int) -> Target:
    comparator, value, unit = target_value(row.value)
    cmp_map = {"=": "=", "＝": "=", "≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "定性": "定性"}
    if row.comparator.strip() in cmp_map:
        comparator = Comparator(cmp_map[row.comparator.strip()])
    _, actual, actual_unit = target_value(row.actual)
    return Target(id=f"t{k}", name=row.name, category=row.l1.replace("指标", ""),
                  subcategory=row.l2.replace("指标", ""), comparator=comparator, value=value,
                  unit=row.unit or unit, actual=actual, actual_unit=row.unit or actual_unit,
                  value_text=row.value, actual_text=row.actual, deviation_reason=row.reason)


def build_tree(rows: list[Row], targets: list[Target], sources: dict[str, Source]) -> tuple[Indicator, ...]:
    """Rows in order -> 一级/二级/leaf nodes; a row with 年度指标值 becomes a bound Target."""
    tree: dict[str, tuple[Decimal | None, dict[str, tuple[Decimal | None, list[Indicator]]]]] = {}
    taken: dict[str, set[str]] = {}
    prose_targets = {normalise_name(t.name): t.id for t in targets}
    for row in rows:
        weight_l1, level2 = tree.setdefault(row.l1, (row.l1_weight, {}))
        if weight_l1 is None and row.l1_weight is not None:
            tree[row.l1] = (row.l1_weight, level2)
        weight_l2, leaves = level2.setdefault(row.l2, (row.l2_weight, []))
        if weight_l2 is None and row.l2_weight is not None:
            level2[row.l2] = (row.l2_weight, leaves)
        name = _unique(row.name, taken.setdefault(f"{row.l1}/{row.l2}", set()))
        target_id = None
        if row.has_target:
            target = target_of(row, len(targets) + 1)
            targets.append(target)
            target_id = target.id
            k = len(targets) - 1
            sources[f"targets[{k}]"] = row.source
            for key in ("value", "actual", "reason"):
                if key in row.cells:
                    sources[f"targets[{k}].{'deviation_reason' if key == 'reason' else key}"] = row.cells[key]
        else:
            key = normalise_name(name)
            target_id = prose_targets.get(key) or next(          # the same name, else a long prefix of it
                (tid for tn, tid in prose_targets.items() if len(tn) >= 6 and key.startswith(tn)), None)
        leaf = Indicator(name=name, weight=row.weight, explanation=row.explanation, target=target_id,
                         score=row.score, reason=row.reason)
        leaves.append(leaf)
        path = "/".join(segment(p) for p in ("indicators", row.l1, row.l2, name) if p)
        sources[path] = row.source
        for key in ("score", "weight", "reason"):
            if key in row.cells:
                sources[f"{path}.{key}"] = row.cells[key]
    roots: list[Indicator] = []
    for l1, (w1, level2) in tree.items():
        children: list[Indicator] = []
        for l2, (w2, leaves) in level2.items():
            if l2:
                children.append(Indicator(name=l2, weight=w2, children=tuple(leaves)))
            else:
                children.extend(leaves)
        if l1:
            roots.append(Indicator(name=l1, weight=w1, children=tuple(children)))
        else:
            roots.extend(children)
    return tuple(roots)
