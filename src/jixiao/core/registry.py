"""The rule catalogue as data: one ``RuleInfo`` per code, the single source for the CLI and docs.

Checks and the scoring engine emit findings by code; the registry says what each code
means, how severe it is by default, which family and profile it belongs to, and gives an
example a reviewer would recognise. ``jixiao rules`` and docs/rules-catalogue.md are both
rendered from ``RULES``, so a rule cannot exist without its documentation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .findings import Finding, Severity, Source

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: note (info)


class Family(StrEnum):
    INPUT = "input"
    STRUCTURE = "structure"
    ARITHMETIC = "arithmetic"
    BUDGET = "budget"
    TARGETS = "targets"
    NARRATIVE = "narrative"
    EVIDENCE = "evidence"
    COMPLETENESS = "completeness"
    INTERNAL = "internal"


FAMILY_TITLES: Mapping[Family, str] = MappingProxyType({
    Family.INPUT: "输入 / input",
    Family.STRUCTURE: "结构与分值 / structure and weights",
    Family.ARITHMETIC: "填报数与计算数 / stated vs computed",
    Family.BUDGET: "预算执行 / budget",
    Family.TARGETS: "目标与评分 / targets and scoring",
    Family.NARRATIVE: "文字一致性 / narrative consistency",
    Family.EVIDENCE: "佐证材料 / evidence",
    Family.COMPLETENESS: "完整性 / completeness",
    Family.INTERNAL: "内部 / internal",
})


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Metadata of one rule. ``profile`` is the smallest profile that runs it."""

    code: str
    slug: str
    severity: Severity
    family: Family
    title: str
    title_en: str
    example: str
    basis: str = ""
    profile: str = "default"
    emitted_by: str = "checker"     # "checker", "scoring" (taken from the score card) or "loader"


RULES: tuple[RuleInfo, ...] = (
    RuleInfo("JX001", "input-invalid", E, Family.INPUT,
             "项目文件不符合格式（字段缺失、类型错误）", "the project file does not follow the schema",
             "targets[2].value：应为数字，实际为“约500”", "", emitted_by="loader"),
    RuleInfo("JX002", "input-unreadable", E, Family.INPUT,
             "文件无法读取（不存在、编码或语法错误、类型不支持）", "the file cannot be read at all",
             "文件不是 UTF-8 编码（第12字节）", "", emitted_by="loader"),
    RuleInfo("JX003", "framework-invalid", E, Family.INPUT,
             "指标体系无法使用（不存在或内容有误）", "the framework is unknown or invalid",
             "指标体系：找不到“pingshan-2020”", "", emitted_by="loader"),
    RuleInfo("JX005", "read-partial", N, Family.INPUT,
             "已发布文档只读取到部分内容（表格错乱、缺少评分表或金额）",
             "a published document was read only in part", "未找到评分表（得分/分值表格）", "",
             emitted_by="loader"),
    RuleInfo("JX006", "money-precision", W, Family.INPUT,
             "金额超过两位小数（报告中四舍五入显示）", "an amount has more than 2 decimal places",
             "funding.actual：1372.975 万元超过两位小数，报告和表格中四舍五入显示为 1372.98", "", emitted_by="loader"),
    RuleInfo("JX004", "not-in-framework", W, Family.STRUCTURE,
             "项目指标不在所选指标体系中", "an indicator is not part of the chosen framework",
             "指标「宣传效果」不在所选指标体系中，已按项目文件保留", "rules.md D3", emitted_by="scoring"),
    RuleInfo("JX101", "weights-mismatch", E, Family.STRUCTURE,
             "各级分值之和与上级分值或总分（100）不符", "weights do not add up per level or to the total",
             "「项目管理」下级分值合计为30，应为35（相差-5）", "rules.md D1", emitted_by="scoring"),
    RuleInfo("JX102", "score-exceeds-weight", E, Family.STRUCTURE,
             "得分高于分值或为负数", "a score above its weight or below zero",
             "得分12超出分值范围[0, 10]", "rules.md C9", emitted_by="scoring"),
    RuleInfo("JX103", "weight-missing", E, Family.STRUCTURE,
             "指标没有分值", "an indicator has no weight", "指标「会计核算规范性」没有分值",
             "rules.md A3", emitted_by="scoring"),
    RuleInfo("JX104", "weight-implausible", N, Family.STRUCTURE,
             "分值不合常理（如预算执行率一行分值等于总分）", "an implausible weight (the budget row weighted as the whole table)",
             "「预算执行率」一行分值填100，等于整张表的总分100", "rules.md D1"),
    RuleInfo("JX105", "header-points-mismatch", W, Family.STRUCTURE,
             "标题所标分值（如“年度绩效目标(80分)”）与其下各项分值之和不符，或表注所列分值与表中不符",
             "points printed in a section header differ from the weights under it, or a table note's from the table's",
             "「产出指标(50分)」标明50分，其下各项分值合计45分", "rules.md D1"),
    RuleInfo("JX201", "budget-adjustment-unexplained", W, Family.BUDGET,
             "全年预算数（或政府采购预算）与年初预算数不同，但未说明调整原因",
             "the budget (or procurement budget) was adjusted during the year without a reason",
             "预算由1423.71万元调整为1375.72万元（-47.99万元，-3.37%），未说明调整原因", "rules.md B6"),
    RuleInfo("JX202", "execution-rate-mismatch", E, Family.ARITHMETIC,
             "填报的预算执行率（含“其中”各资金来源行）与全年执行数/全年预算数按填报小数位计算的结果不符",
             "the stated execution rate (其中 source rows included) differs from actual / adjusted at its printed precision",
             "填报执行率95%，按1372.97/1375.72计算为99.80%", "rules.md B1"),
    RuleInfo("JX203", "actual-exceeds-budget", W, Family.BUDGET,
             "全年执行数大于全年预算数（超支或数据错误）", "actual spending above the adjusted budget",
             "全年执行数43.91万元大于全年预算数40万元", "rules.md B4"),
    RuleInfo("JX204", "low-execution-unexplained", W, Family.BUDGET,
             "预算执行率低于90%且未说明原因", "execution below 90% without a reason",
             "执行率20.00%低于90%，未说明原因", "rules.md B5"),
    RuleInfo("JX205", "funding-sources-mismatch", E, Family.BUDGET,
             "资金来源各行之和与年度资金总额行不符", "funding-source rows do not add up to the total row",
             "全年预算数：各来源合计202.64，总额行为0", "rules.md B3"),
    RuleInfo("JX206", "budget-base-zero", W, Family.BUDGET,
             "全年预算数为0，执行率无法计算", "the adjusted budget is zero, so no execution rate exists",
             "全年预算数为0而全年执行数为12.5万元", "rules.md B8"),
    RuleInfo("JX207", "execution-not-scored", N, Family.BUDGET,
             "评分表未对预算执行率计分", "the budget execution rate is not scored",
             "评分表没有预算执行率指标（财预〔2020〕10号自评表中占10分）", "rules.md B2", ),
    RuleInfo("JX208", "funds-arrival-low", W, Family.BUDGET,
             "实际到位资金低于全年预算数的90%且未说明原因", "funds received fall below 90% of the budget without a reason",
             "实际到位资金334.67万元，仅为全年预算数861.46万元的38.85%", "rules.md B5"),
    RuleInfo("JX211", "stated-total-mismatch", E, Family.ARITHMETIC,
             "填报的总分或一级/二级小计与各项得分之和不符",
             "a stated total or subtotal differs from the sum of the scores",
             "总分填94，各项得分之和为93", "rules.md D2"),
    RuleInfo("JX212", "stated-grade-mismatch", E, Family.ARITHMETIC,
             "填报的等级与总分所在等级区间不符", "the stated grade does not match the band of the total",
             "总分78应评为中（≥60且<80），报告填“良”", "rules.md E1"),
    RuleInfo("JX213", "stated-score-mismatch", W, Family.ARITHMETIC,
             "定量指标的填报得分与按计分规则计算的得分不符",
             "a quantitative indicator's printed score differs from what its rule gives",
             "实际8676/目标8755=99.10%，应得14.86分，表中填13分", "rules.md C1/C2"),
    RuleInfo("JX301", "deduction-without-reason", E, Family.TARGETS,
             "扣分但未说明原因（含目标已达成仍扣分）", "points deducted without a reason (also when the target was met)",
             "扣1分（评分：4/5）但未说明扣分原因；相关目标「满意度」实际98%已达到≥95%", "rules.md C4",
             emitted_by="scoring"),
    RuleInfo("JX302", "tier-band-violation", E, Family.TARGETS,
             "定性指标得分不在所选档位区间内", "a qualitative score outside its tier band",
             "定性档位「部分达成」的得分应在[3, 4)内，实际评分4.5", "rules.md C3", emitted_by="scoring"),
    RuleInfo("JX303", "insufficient-data", N, Family.TARGETS,
             "指标数据不足，无法计分", "indicators that cannot be scored for lack of data",
             "2项指标数据不足，未能计分：质量达标率、满意度", "rules.md A3", emitted_by="scoring"),
    RuleInfo("JX304", "unknown-target", E, Family.TARGETS,
             "指标关联的绩效目标不存在", "an indicator is bound to a target that does not exist",
             "指标关联的绩效目标「meetings」不存在", "", emitted_by="scoring"),
    RuleInfo("JX305", "target-missing-actual", W, Family.TARGETS,
             "绩效目标没有填报实际完成值", "a target without a reported actual",
             "目标「宣传册制作」（=3000本）没有实际完成值，而产出指标均得满分", "rules.md A3"),
    RuleInfo("JX306", "actual-without-target", W, Family.TARGETS,
             "填报了实际完成值但没有指标值", "an actual reported for a target that has no target value",
             "「培训人次」实际完成1200人次，但未设定年度指标值", "rules.md A3, C11"),
    RuleInfo("JX307", "inflated-score", E, Family.TARGETS,
             "目标未达成却得满分（自评得分虚高）", "full marks although the target was missed",
             "「参合人数」目标8755，实际8676（99.10%），却得满分15", "rules.md C5"),
    RuleInfo("JX308", "target-overachieved", W, Family.TARGETS,
             "实际完成值达到目标值的130%以上，且未说明原因", "achievement at or above 130% of the target without explanation",
             "「培训人次」实际260，目标100（260.00%），须说明超额原因或目标是否偏低", "rules.md C6"),
    RuleInfo("JX309", "unit-mismatch", E, Family.TARGETS,
             "指标值与实际完成值的计量单位不一致", "the target and its actual use different units",
             "「验收合格」指标值单位为“个”，完成值单位为“%”", "rules.md C7"),
    RuleInfo("JX310", "satisfaction-subject-mismatch", N, Family.TARGETS,
             "满意度指标的调查对象与指标名称不符", "the satisfaction survey measures someone other than the indicator names",
             "指标要求“服务对象”满意度，唯一的满意度数据是「单位干部职工满意度」", "rules.md F2"),
    RuleInfo("JX311", "percent-target-at-least-100", N, Family.TARGETS,
             "百分比目标写作“≥100%”，应写“=100%”", "a percentage target written as '≥100%'",
             "「资金到位率」指标值为≥100%", "rules.md C8"),
    RuleInfo("JX312", "indicator-definition", W, Family.TARGETS,
             "指标定义自相矛盾（数量指标用“≤”、比例目标小于0）", "an indicator defined against itself",
             "「建设示范点数量」属数量指标，指标值却写作“≤5”", "rules.md C8"),
    RuleInfo("JX313", "budget-scored-twice", W, Family.TARGETS,
             "预算执行被重复计分（以预算数、执行数作为产出指标）", "budget execution scored a second time as an output",
             "「项目资金」指标值50、完成值45即全年预算数与执行数", "rules.md B2"),
    RuleInfo("JX314", "reason-placeholder", W, Family.TARGETS,
             "偏差原因栏填“0”等占位内容", "a placeholder such as '0' in the deviation-reason column",
             "「验收合格率」等3行的偏差原因栏为「0」", "rules.md C4"),
    RuleInfo("JX401", "rate-claim-mismatch", W, Family.NARRATIVE,
             "文字中的执行率与计算值不符", "a rate claimed in the text contradicts the figures",
             "文中称“预算执行效率性达到100%”，按1372.97/1375.72计算为99.80%", "rules.md B7, E2"),
    RuleInfo("JX402", "score-claim-mismatch", W, Family.NARRATIVE,
             "文字中的总分或等级与评分表不符", "a total or grade claimed in the text contradicts the table",
             "结论称“综合评分96分”，评分表合计98分", "rules.md E2"),
    RuleInfo("JX403", "figure-conflict", W, Family.NARRATIVE,
             "同一数量在不同位置数值不一", "the same quantity is stated with different numbers in different places",
             "「引进10亿元以上项目数」报1个，而分析中百亿级2个＋十亿级5个＝7个", "rules.md B7"),
    RuleInfo("JX404", "duplicate-text", W, Family.NARRATIVE,
             "不同部门职责或段落文字完全相同（含跨页、页脚重复的段落）",
             "duplicated paragraphs or unit duties (a paragraph repeated across a page break or footer included)",
             "「产业空间统筹部」与「发展规划部」的职责逐字相同", "rules.md A2"),
    RuleInfo("JX405", "achievement-copies-goal", W, Family.NARRATIVE,
             "实际完成情况照抄预期目标，或年度总体目标栏只填金额", "the achievement copies the goal, or the goal cells hold only amounts",
             "实际完成情况与预期目标的文字相似度为96%", "rules.md A2"),
    RuleInfo("JX406", "problem-without-measure", W, Family.NARRATIVE,
             "列出了问题却没有整改措施，或反之", "problems without rectification measures, or the reverse",
             "“存在的问题”列出2条，“改进措施”为空", "rules.md E4"),
    RuleInfo("JX407", "completion-claim-contradicted", W, Family.NARRATIVE,
             "文字称全面完成目标，但有目标未达成", "the text claims every target was met although one was missed",
             "文中称“已按照计划完成目标”，但「燃油补贴人次」目标180，实际164", "rules.md E3"),
    RuleInfo("JX408", "prose-sum-mismatch", W, Family.NARRATIVE,
             "文字中的算式或分项之和与所述总数不符", "arithmetic written in the text does not add up",
             "申请预算资金2026400元，其中所列五项合计1740000元（相差286400元）", "rules.md B7"),
    RuleInfo("JX409", "date-before-document", W, Family.NARRATIVE,
             "所述日期早于所涉文件的年度", "a date precedes the year of the document it refers to",
             "“2012年6月14日”收到的文件为财建〔2022〕153号"),
    RuleInfo("JX410", "fund-name-conflict", W, Family.NARRATIVE,
             "同一笔资金在不同位置使用不同的来源名称", "the same funds carry different source names in different places",
             "先称“自治区下达98.6万元、地方匹配859.6万元”，后称“地方资金98.6万元、其他资金859.6万元”", "rules.md B7"),
    RuleInfo("JX411", "unit-misprint", W, Family.NARRATIVE,
             "金额单位写错（分项之和或乘积表明应为另一单位）", "an amount printed with the wrong unit",
             "“全年预算数860元”，其中各项合计860万元", "rules.md B7"),
    RuleInfo("JX412", "numbering-duplicate", W, Family.NARRATIVE,
             "条目编号重复（如1、2、3、4、4、5）", "an item number printed twice in a row",
             "编号重复：连续两项编号均为“2.”（1、2、2、3）", "rules.md A2"),
    RuleInfo("JX413", "document-number-malformed", W, Family.NARRATIVE,
             "文号书写不全（年份括号不成对）", "a document number with an unpaired bracket",
             "文号“某财预2022〕15号”书写不全", "GB/T 9704 公文格式"),
    RuleInfo("JX414", "sources-vs-budget", W, Family.BUDGET,
             "文中各级资金之和与全年预算数不符，差额来源未说明",
             "grants by level named in the text do not add up to the budget",
             "中央600＋地方300＝900万元，全年预算数950万元", "rules.md B3"),
    RuleInfo("JX415", "source-spending-mismatch", W, Family.BUDGET,
             "某级资金支出超过其下达（收到）数，或有未支出部分（提示）",
             "a level's spending exceeds what it received, or part of it is unspent",
             "中央资金支出520万元，超过下达的500万元", "rules.md B4/B5"),
    RuleInfo("JX416", "report-dated-early", W, Family.NARRATIVE,
             "报告日期早于所评价期间的结束", "the report is dated before the end of the evaluated period",
             "报告日期2023年11月20日早于项目期（至2023.12.31）结束", "rules.md E5"),
    RuleInfo("JX417", "year-conflict", W, Family.NARRATIVE,
             "同一标题或同一金额前后所称年度不一", "the same title or amount is given two different years",
             "同一金额86.5万元一处称2023年度安排，另一处称2022年下达", "rules.md B7"),
    RuleInfo("JX418", "plan-vs-done", W, Family.NARRATIVE,
             "文中计划数与完成数对照：任务未完成（提示），或分项支出超出计划", "a planned figure against its result",
             "「人员培训」实际230000元，超出计划200000元", "rules.md B4/C5"),
    RuleInfo("JX419", "status-conflict", W, Family.NARRATIVE,
             "文字称资金全部支付（使用），而执行数低于预算数", "the text says the money was wholly spent, the figures do not",
             "文中称“全部支付”，但全年执行数45万元只占全年预算数50万元的90.00%", "rules.md B7"),
    RuleInfo("JX501", "full-marks-without-evidence", W, Family.EVIDENCE,
             "满分指标没有佐证材料", "full marks with no evidence cited",
             "「政府采购合规性」得满分5分，未列佐证材料", "rules.md F1", profile="strict"),
    RuleInfo("JX601", "section-missing", W, Family.COMPLETENESS,
             "报告缺少必备部分", "a required report section is missing",
             "报告缺少“存在的问题”部分", "rules.md E5"),
    RuleInfo("JX602", "header-missing", N, Family.COMPLETENESS,
             "缺少项目名称、主管部门或年度", "project name, department or year missing",
             "未填写主管部门", "rules.md A1"),
    RuleInfo("JX603", "template-placeholder", W, Family.COMPLETENESS,
             "保留了未填写的模板占位符或填表说明", "template placeholders left in the published text",
             "指标名称“排污沟（≥**米）”含未填写的占位符", "rules.md A3"),
    RuleInfo("JX604", "required-cell-blank", W, Family.COMPLETENESS,
             "必填栏目为空（年初预算数、预算执行率得分、表头单位等）", "a required cell printed empty",
             "预算执行率得分栏为空（分值10）", "rules.md A3"),
    RuleInfo("JX901", "internal-error", E, Family.INTERNAL,
             "复核规则内部错误（已跳过该规则）", "a checker rule crashed; it was skipped",
             "规则 JX403 执行出错：ZeroDivisionError", ""),
)

BY_CODE: Mapping[str, RuleInfo] = MappingProxyType({r.code: r for r in RULES})
BY_SLUG: Mapping[str, RuleInfo] = MappingProxyType({r.slug: r for r in RULES})
PROFILES: tuple[str, ...] = ("default", "strict")


def rule(code_or_slug: str) -> RuleInfo | None:
    return BY_CODE.get(code_or_slug.upper()) or BY_SLUG.get(code_or_slug.lower())


def in_profile(info: RuleInfo, profile: str) -> bool:
    """``strict`` runs everything; ``default`` runs the rules marked default."""
    return profile == "strict" or info.profile == "default"


def issue(code: str, message: str, message_en: str, *, path: str = "", source: Source | None = None,
          hint: str = "", data: Mapping[str, Any] | None = None, severity: Severity | None = None) -> Finding:
    """The one way to make a finding: slug and default severity come from the code's registry entry.

    ``severity`` overrides the default only where a caller has a documented reason (a reading
    note that blocks a whole document, a draft's blocking input). An unknown code is a bug in
    jixiao, so it raises rather than printing an undocumented code.
    """
    info = BY_CODE.get(code)
    if info is None:
        raise KeyError(f"finding code {code} is not in the rule registry")
    return Finding(code, info.slug, severity or info.severity, message, message_en, path, source, hint,
                   dict(data or {}))
