"""A project is its current JSON document plus indexed summary columns; revisions are immutable.

The summary columns (scores, grade, execution rate, findings by severity) are written on
every save from the engine's result, so lists and the portfolio never re-score anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..accounts.models import Department


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "已审核"


SCORE = {"max_digits": 7, "decimal_places": 2, "null": True, "blank": True}


class ProjectRecord(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField("项目名称", max_length=300)
    year = models.PositiveIntegerField("年度", null=True, blank=True, db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    revision = models.PositiveIntegerField("版本", default=1)
    document = models.JSONField("项目文件")
    sources = models.JSONField("原文出处", default=dict, blank=True)   # model path -> Source of an uploaded report
    stated_total = models.DecimalField("自评得分（所填）", **SCORE)
    computed_total = models.DecimalField("计算得分", **SCORE, db_index=True)
    self_score = models.DecimalField("自评得分", **SCORE)
    review_score = models.DecimalField("财政复核得分", **SCORE)
    grade = models.CharField("等级", max_length=8, blank=True, db_index=True)
    execution_rate = models.DecimalField("预算执行率", max_digits=9, decimal_places=2, null=True, blank=True)
    n_errors = models.PositiveIntegerField(default=0, db_index=True)
    n_warnings = models.PositiveIntegerField(default=0)
    n_infos = models.PositiveIntegerField(default=0)
    submitted_count = models.PositiveIntegerField(default=0)
    return_comment = models.TextField("退回意见", blank=True)
    acknowledgement = models.TextField("带错误提交的说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ("-updated", "-id",)
        indexes = (models.Index(fields=["department", "year", "status"]),
                   models.Index(fields=["department", "-year", "id"], name="portfolio_order"))

    def __str__(self) -> str:
        return f"{self.name}（{self.year or '—'}）"

    @property
    def status_label(self) -> str:
        if self.status == Status.SUBMITTED and self.submitted_count > 1:
            return "再提交"
        return str(self.get_status_display())


class Revision(models.Model):
    """One save: who, when, and the whole project document at that moment. Never updated."""

    project = models.ForeignKey(ProjectRecord, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    note = models.CharField(max_length=300, blank=True)
    document = models.JSONField()

    class Meta:
        ordering = ("-number",)
        constraints = (models.UniqueConstraint(fields=["project", "number"], name="one_revision_number"),)

    def __str__(self) -> str:
        return f"第{self.number}版"
