"""The one vocabulary of 绩效自评 documents, as data: readers and checker both use it.

Why a Python data module and not a JSON file: the pure core imports it with no file I/O, no
packaging of data files and no parse at import; mypy checks its shape; a reviewer reads it
as a table. Only data lives here, plus three tiny matching helpers (compiled once, cached).

Labels are written in simplified characters without spaces; callers match them on text that
was normalised first (readers: ``jixiao.readers.normalise``; the checker: its own text).
A longer label always wins over a shorter one it contains ("年初预算数" over "预算数").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

# --- fields: model path -> the labels a publisher prints for it -----------------------------

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    # the document's own total score
    "stated.total": (
        "自评得分合计", "自评总得分", "自评总分", "自评得分", "自评分数", "自评分", "评价总分", "评价得分",
        "综合评分", "综合得分", "绩效评分", "绩效得分", "绩效自评得分", "总得分", "总评分", "评分结果",
        "最终得分", "项目得分", "得分合计", "总分",
    ),
    "stated.grade": (
        "综合评价等级", "评价等级", "自评等级", "绩效等级", "绩效评价等级", "评定等级", "等级", "等次", "评级",
        "评价结果", "自评结果", "评定为", "评为",
    ),
    # 年初: the budget approved at the start of the year
    "funding.total.initial": (
        "年初预算数", "年初预算", "年初批复预算", "年初批复", "年初安排", "年初下达", "批复预算",
        "年初预算合计", "年初计划",
    ),
    # 全年/调整后: the budget of the whole year (the denominator of the execution rate)
    "funding.total.adjusted": (
        "全年预算数", "全年预算", "全年(调整)预算数", "全年(调整)预算", "调整后全年预算", "调整后预算数",
        "调整后预算", "调整后的预算", "预算调整为", "年度预算资金总额", "年度预算数", "年度预算安排", "年度预算",
        "项目资金合计", "计划投资", "计划安排资金", "预算资金合计", "预算资金", "预算安排", "预算数(A)",
        "预算数", "预算金额", "预算总额", "资金总额", "年度资金总额", "安排资金", "安排预算", "计划支出数", "计划支出",
        "下达", "收到", "投入", "项目预算", "经费预算", "专项预算",
    ),
    # 执行数: what was actually spent
    "funding.total.actual": (
        "全年执行数", "全年预算执行数", "预算执行数", "执行数(B)", "执行数", "执行总量", "执行金额", "实际支出数",
        "实际支出", "实际执行", "实际使用", "实际支付", "实际发放", "累计支出", "累计支付", "支出数", "已拨付",
        "已支付", "全年支出", "支出金额", "已支出", "共支出", "支出",
    ),
    "stated.execution_rate": (
        "预算执行率", "资金执行率", "总预算执行率", "执行率", "执行进度", "支出进度", "使用率", "资金使用率",
        "支付进度",
    ),
}

# labels that name their field only loosely: a candidate they propose counts for less
WEAK_LABELS: frozenset[str] = frozenset({
    "下达", "安排资金", "安排预算", "资金总额", "预算资金", "预算安排", "计划投资", "支出", "执行率", "使用率",
    "总分", "得分合计", "评为", "评定为", "等级", "评价结果", "计划支出", "计划支出数", "收到", "投入",
    "项目预算", "经费预算", "专项预算",
})
# an unqualified budget near these words is the adjusted one
ADJUST_CUES: tuple[str, ...] = ("调整", "调减", "调增", "追加", "追减")

# table column roles (headers of the scoring table and the funds block)
COLUMN_LABELS: dict[str, tuple[str, ...]] = {
    "initial": FIELD_LABELS["funding.total.initial"],
    "adjusted": FIELD_LABELS["funding.total.adjusted"],
    "actual": FIELD_LABELS["funding.total.actual"],
    "rate": FIELD_LABELS["stated.execution_rate"],
    "weight": ("指标分值", "指标权重", "分值", "权重", "满分"),
    "score": ("单项得分", "折算得分", "指标得分", "自评得分", "得分"),
    "target": ("年度指标值", "预期指标值", "指标值", "目标值", "年度目标值", "预期目标值"),
    "achieved": ("实际完成值", "全年完成值", "实际完成情况", "实际完成", "完成值", "实际值", "全年实际值"),
    "unit": ("度量单位", "计量单位", "单位"),
    "nature": ("指标性质",),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "未完成原因", "原因分析", "说明", "备注"),
}

# the column headings of a 自评表's funds block (资金 rows), by role: the labels of the fields above that
# head a column (prose-only words such as 下达/收到/支出 do not). 计划支出/计划安排 are unqualified
# budgets, so the whole-year budget (UNQUALIFIED_BUDGET below)
FUNDS_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算", "年初批复预算", "年初批复", "年初安排", "年初下达", "年初计划"),
    "adjusted": ("全年预算数", "全年预算", "调整后全年预算", "调整后预算数", "调整后预算", "年度预算数", "预算数",
                 "计划支出数", "计划支出", "计划安排资金", "计划安排", "计划投资", "项目资金合计"),
    "actual": ("全年执行数", "全年预算执行数", "预算执行数", "执行数", "实际支出数", "实际支出", "支出数", "执行金额"),
    "rate": ("预算执行率", "资金执行率", "执行率"),
    "weight": ("分值", "权重", "满分"),
    "score": ("得分",),
}
# the column headings of a scoring table, by the role a reader gives the column
SCORING_COLUMNS: dict[str, tuple[str, ...]] = {
    "review": ("复核得分", "复核分", "复核"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "扣分原因", "原因分析", "未完成原因", "原因"),
    "expl": ("指标解释", "评分标准", "评价标准", "指标说明", "评分规则"),
    "cmp": ("指标性质",),
    "unit": ("度量单位", "计量单位"),
    "value": ("年度指标值", "预期指标值", "年度目标值", "预期目标值", "年初指标值", "指标值", "目标值", "计划值"),
    "actual": (*COLUMN_LABELS["achieved"], "年终完成值"),
    "score": ("自评得分", "单项得分", "折算得分", "指标得分", "得分", "自评分"),
    "weight": COLUMN_LABELS["weight"],
    "l1": ("一级指标",),
    "l2": ("二级指标",),
    "l3": ("三级指标", "指标名称", "评价内容"),
}

# the words an indicator's name ends with when it is a share of a whole (合格率, 满意度 …): its
# 指标值 and 实际完成值 in % cannot exceed 100 (完成率, 增长率, 执行率 can, and are not here)
BOUNDED_RATES: tuple[str, ...] = (
    "合格率", "满意度", "满意率", "覆盖率", "知晓率", "及时率", "达标率", "到位率", "完好率", "通过率", "准确率",
    "正确率", "普及率", "参与率", "入学率", "就业率", "出勤率", "受理率", "办结率", "结案率", "合规率", "知晓度",
)

# rows of the funds block that are one source, not the total
SOURCE_LABELS: tuple[str, ...] = (
    "当年财政拨款", "本年财政拨款", "财政拨款", "上年结转资金", "上年结转", "其他资金", "财政资金", "单位资金",
    "财政专户资金", "财政专户管理资金", "自筹资金", "社会资金",
)
TOTAL_ROW_LABELS: tuple[str, ...] = (
    "年度资金总额", "年度财政资金总额", "资金总额", "项目资金总额", "年度总金额", "总金额", "总额", "合计", "支出合计",
    "总计", "小计",
)

# --- cues -----------------------------------------------------------------------------------

# a figure after these is planned or required, not what happened
MODAL_CUES: tuple[str, ...] = ("应", "计划", "预计", "拟", "力争", "争取", "要求", "目标", "不低于", "不少于", "确保")
# a figure after these is one part of a total
PART_CUES: tuple[str, ...] = (
    "其中", "中央", "省级", "省内", "省财政", "市级", "市财政", "县级", "县财政", "区级", "本级", "上级", "地方",
    "第一批", "第二批", "第三批", "一般项目", "绩效奖励", "占比", "含", "一是", "二是", "三是", "四是",
)
# the strongest part cues: everything after them in the sentence is a part
PART_OPENERS: tuple[str, ...] = ("其中", "含", "包括", "一是", "二是", "三是", "四是", "五是")
# a figure after these sums its parts
SUM_CUES: tuple[str, ...] = ("共", "合计", "总计", "共计", "累计", "总额", "总", "全年", "全区", "全市", "全县")
# words that negate the fact in a short window before it
NEGATIVE_CUES: tuple[str, ...] = ("未", "没有", "尚未", "不", "无")

UNIT_CUES: dict[str, tuple[str, ...]] = {
    "万元": ("(万元)", "单位:万元", "单位万元", "万元"),
    "元": ("(元)", "单位:元", "单位元", "金额单位:元"),
    "亿元": ("(亿元)", "亿元"),
}

# --- grades and qualitative results ---------------------------------------------------------

GRADE_WORDS: dict[str, str] = {
    "优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "合格",
    "不合格": "差", "较差": "差", "差": "差", "较好": "较好", "好": "好", "一般": "一般",
}
# the grade words of the four levels (优/良/中/差), the ones a total score can contradict
LEVEL_WORDS: tuple[str, ...] = tuple(w for w, level in GRADE_WORDS.items() if level in {"优", "良", "中", "差"})
# a qualitative target's result: met / not met (anything else is unknown)
QUALITATIVE_MET: tuple[str, ...] = (
    "达到", "达成", "达标", "完成", "已完成", "全部完成", "符合", "合格", "及时", "是", "好", "较好", "良好",
    "优", "优秀", "满意", "有效", "明显", "显著", "提升", "提高", "改善", "规范", "健全", "到位",
)
QUALITATIVE_UNMET: tuple[str, ...] = (
    "未完成", "未达到", "未达标", "未达成", "不符合", "不合格", "不及时", "否", "差", "较差", "不满意",
    "部分完成", "基本完成", "基本达到", "未到位", "滞后",
)

# The written convention for an amount whose kind the text does not say (docs/readers.md):
# a single unqualified budget is the whole-year (adjusted) budget; "initial" only with 年初/批复/年初安排.
UNQUALIFIED_BUDGET = "funding.total.adjusted"

# the bounds a read value must satisfy before it is believed
BOUNDS: dict[str, tuple[int, int]] = {
    "stated.total": (0, 100),
    "stated.execution_rate": (0, 150),
}
CONFIDENCE_THRESHOLD = 0.5


# --- helpers ---------------------------------------------------------------------------------

_Trie = dict[str, "_Trie"]


def words_regex(words: Iterable[str], gap: str = "") -> str:
    """A regex matching any of ``words``, the longest at each place, as a trie ('预算(?:数|资金)?').

    The same matches as the alternation of the words longest first (in any context: the ends
    are tried longest first on backtracking too), but the engine follows one path of shared
    prefixes instead of trying each word in turn: label scans are 2–3× faster. ``gap`` (a
    regex, such as ``\\s*``) may fall between the characters of a word.
    """
    trie: _Trie = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}                            # a word ends here

    def emit(node: _Trie) -> str:
        kids = [re.escape(ch) + tail(sub) for ch, sub in sorted(node.items()) if ch]
        return kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"

    def tail(node: _Trie) -> str:                # what may follow a character: more of a word, or its end
        if len(node) == 1 and "" in node:
            return ""
        return f"(?:{gap}{emit(node)})?" if "" in node else gap + emit(node)    # greedy: the longer word first

    if not trie or list(trie) == [""]:
        return ""                                # no word, or only the empty one: matches everywhere
    return f"(?:{emit(trie)})?" if "" in trie else emit(trie)


def _alternation(words: tuple[str, ...]) -> str:
    return words_regex(words)


@lru_cache(maxsize=64)
def pattern(field: str) -> re.Pattern[str]:
    """One regex for the labels of a field (or a column role), longest label first."""
    words = FIELD_LABELS.get(field) or COLUMN_LABELS[field]
    return re.compile(_alternation(words))


@lru_cache(maxsize=4096)
def label_field(text: str, fields: tuple[str, ...] = tuple(FIELD_LABELS)) -> str | None:
    """The field whose label matches the most of ``text`` (a cell or a clause head); None if none."""
    best: tuple[int, str] | None = None
    for f in fields:
        m = pattern(f).search(text)
        if m and (best is None or len(m.group()) > best[0]):
            best = (len(m.group()), f)
    return best[1] if best else None


_GAPS = re.compile(r"\s+")


@dataclass(frozen=True)
class Headings:
    """Column headings by role, matched as printed: the longest heading at the leftmost place wins
    (whatever its role), spaces may fall between characters (a wrapped cell)."""

    regex: re.Pattern[str]
    roles: Mapping[str, str]

    def role(self, m: re.Match[str]) -> str:
        return self.roles.get(_GAPS.sub("", m.group()), "")

    def search(self, text: str) -> tuple[str, re.Match[str]] | None:
        m = self.regex.search(text)
        return (self.role(m), m) if m else None

    def finditer(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        for m in self.regex.finditer(text):
            yield self.role(m), m


def headings(table: Mapping[str, tuple[str, ...]]) -> Headings:
    """The matcher of a column table (``FUNDS_COLUMNS``, ``SCORING_COLUMNS``); build it once per caller."""
    roles = {w: role for role, words in table.items() for w in words}
    return Headings(re.compile(words_regex(roles, r"\s*")), roles)


def grade_of(word: str) -> str | None:
    """'优秀' -> '优'; a word that is not a grade -> None."""
    return GRADE_WORDS.get(word.strip())


def qualitative_result(text: str) -> bool | None:
    """True when the text says a qualitative target was met, False when not, None when unknown."""
    body = re.sub(r"\s", "", text)
    if not body:
        return None
    if any(body.startswith(w) or body == w for w in sorted(QUALITATIVE_UNMET, key=len, reverse=True)):
        return False
    if any(body.startswith(w) for w in QUALITATIVE_MET):
        return True
    return None

# levels of government a grant or a funding part belongs to (checker: grants by level, spending by level)
LEVEL_CUES: dict[str, str] = {
    "中央": "中央", "自治区": "省级", "省级": "省级", "省内": "省级", "省财政": "省级", "省": "省级",
    "市县": "地方", "市级": "地方", "市财政": "地方", "县级": "地方", "县财政": "地方", "区级": "地方",
    "地方": "地方", "配套": "地方", "匹配": "地方", "本级": "地方",
}

# the header fields of a report or 自评表 -> their labels (readers/header.py matches them at a cell's start,
# spaces allowed between characters, either kind of bracket, an optional （公章）/（盖章） after)
HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("项目名称",),
    "department": (
        "主管部门", "项目主管部门", "主管部门及代码", "主管部门(单位)", "主管单位", "项目主管单位", "地方主管部门", "省级主管部门", "市级主管部门",
        "县级主管部门", "实施(主管)单位", "主管(实施)单位", "部门(单位)名称", "单位(部门)名称", "部门名称",
        "单位名称", "预算部门",
    ),
    "implementing_unit": ("实施单位", "项目实施单位", "实施单位及代码", "项目单位", "实施(主管)单位", "主管(实施)单位"),
    "leads": ("项目负责人",),
    "preparer": ("填报人", "填表人"),
    "phone": ("联系电话", "联络电话"),
}
# header labels that end the value before them but fill no field (中央主管部门: the ministry, not the reporter)
HEADER_STOPS: tuple[str, ...] = (
    "中央主管部门", "填报日期", "项目属性", "项目类别", "项目资金", "财务负责人", "单位负责人", "审核人", "单位领导",
    "部门联系人", "联系人",
)

# header labels of a 自评表 whose cell must not be empty (the 主管部门 under its variant labels included)
HEADER_LABELS: tuple[str, ...] = (
    "单位", "单位名称", "部门名称", "部门(单位)名称", "项目名称", "主管部门", "地方主管部门", "中央主管部门", "主管单位",
    "项目主管单位", "实施(主管)单位", "实施单位", "预算单位",
)


def _short_labels() -> tuple[str, ...]:
    """Labels of two or three characters that tables letter-space to line up with longer ones
    ('合　　计', '总 分', '分　值'): the row labels, the total's labels and the column headings."""
    words = {*TOTAL_ROW_LABELS, *FIELD_LABELS["stated.total"], *(w for ws in COLUMN_LABELS.values() for w in ws),
             *(w for ws in SCORING_COLUMNS.values() for w in ws), "等级", "评价等级"}
    return tuple(sorted((w for w in words if 2 <= len(w) <= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in w)),
                        key=lambda w: (-len(w), w)))


SPACED_LABELS: tuple[str, ...] = _short_labels()

