"""A commented project-file template for a framework (``jixiao init``).

The template is text, not a dumped mapping, so that every section can carry a comment
telling the preparer what to write there; a test proves it loads and scores.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.framework import Framework
from ..core.model import Indicator
from ..core.money import fmt
from ..core.rules import RULE_TITLES

_HEAD = """\
# jixiao 项目绩效自评文件 / project self-evaluation file
# 指标体系 framework: {name} — {title}
# 金额单位默认万元（money_unit: 元 则自动换算为万元）。数字可写成 1423.71 或 "1,423.71"。
# 填好后运行：jixiao score 本文件   jixiao check 本文件   jixiao report 本文件 -o out
jixiao: 1
framework: {name}
money_unit: 万元

project:
  name: 项目名称                 # 必填 / required
  year: {year}
  department: 主管部门
  implementing_unit: 实施单位
  leads: [项目负责人]
  preparer: 填报人
  phone: 联系电话

overview:
  background: 项目背景（一两句话）
  basis:                         # 立项依据及文号
    - {{title: 文件名称, number: 文号〔年份〕号}}

units:                           # 组织架构和职责分工
  - {{name: 部门名称, duties: 主要职责}}

funding:                         # 万元：年初预算、全年（调整后）预算、全年执行数
  initial: 0.00
  adjusted: 0.00
  actual: 0.00
  sources:                       # 资金来源，三栏之和应等于上面的合计；可加 stated_rate: 该行所填执行率(%)
    - {{name: 本年财政拨款, initial: 0.00, adjusted: 0.00, actual: 0.00}}
  adjustments: []                # 预算调整：- {{amount: -10.00, reason: 调整原因, document: 批复文号}}
  low_execution_reason: ""       # 执行率低于90%时必须说明原因

targets:                         # 绩效目标：comparator 取 ≥ ≤ = range 定性
  - {{id: t1, name: 目标名称, category: 产出, subcategory: 数量, comparator: "≥", value: 100, unit: 个, actual: null, deviation_reason: ""}}

indicators:                      # 指标及得分；分值和规则来自指标体系，此处填写评分、档位或关联目标
"""

_TAIL = """
narrative:
  goal: 年度总体目标（预期目标）
  achievement: 实际完成情况
  experiences: []
  problems: []                   # - {text: 存在问题, cause: 原因}
  measures: []                   # 每个问题都应有整改措施
  suggestions: []
"""


def _leaf_line(node: Indicator, indent: str) -> str:
    rule = RULE_TITLES[node.rule.kind] if node.rule else "人工评分"
    weight = f"分值{fmt(node.weight)}" if node.weight is not None else "分值由项目设定"
    return f"{indent}- {{name: {node.name}, score: null, reason: \"\"}}   # {weight}；{rule}\n"


def _share(nodes: tuple[Indicator, ...], parent_weight: Decimal | None) -> Decimal:
    """An even split of the parent's weight over open categories that leave their weight to the project."""
    fixed = sum((n.weight for n in nodes if n.weight is not None), Decimal(0))
    free = [n for n in nodes if n.weight is None]
    if parent_weight is None or not free:
        return Decimal(10)
    return (parent_weight - fixed) / len(free)


def _nodes(nodes: tuple[Indicator, ...], depth: int, parent_weight: Decimal | None = None) -> str:
    indent = "  " * (depth + 1)
    share = _share(nodes, parent_weight)
    out = []
    for node in nodes:
        if node.open:
            weight = node.weight if node.weight is not None else share
            out.append(f"{indent}- name: {node.name}        # 在此列出本项目的指标，关联 targets 中的 id\n")
            out.append(f"{indent}  children:\n")
            out.append(f"{indent}    - {{name: 目标名称, weight: {fmt(weight)}, target: t1}}\n")
        elif node.children:
            out.append(f"{indent}- name: {node.name}\n{indent}  children:\n")
            out.append(_nodes(node.children, depth + 2, node.weight))
        elif node.rule is not None and node.rule.kind.value == "execution-rate":
            out.append(f"{indent}- {{name: {node.name}}}   # 按 funding 自动计算\n")
        else:
            out.append(_leaf_line(node, indent))
    return "".join(out)


def project_template(framework: Framework, year: int) -> str:
    return (_HEAD.format(name=framework.name, title=framework.title, year=year)
            + _nodes(framework.indicators, 0) + _TAIL)
