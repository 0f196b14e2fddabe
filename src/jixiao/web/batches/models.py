"""A batch is named uploads kept in the database; each check of it is a run with one result per file.

The file bytes live in the database, not on the web server's disk, so a worker on any machine
that reaches the PostgreSQL server can read them. A result is unique per (run, file): a job
that is retried after its worker died finds the result already there, or loses the insert
race and rolls back, so no file is ever recorded twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..accounts.models import Department
from ..projects.models import ProjectRecord

SCORE = {"max_digits": 7, "decimal_places": 2, "null": True, "blank": True}


class Batch(models.Model):
    name = models.CharField("批次名称", max_length=200)
    # set for a 审核人's batch: every file belongs to that department and only it sees the batch
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return self.name

    def latest_run(self) -> Run | None:
        return self.runs.order_by("-number").first()


class BatchFile(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件", max_length=500)          # as uploaded; a ZIP member keeps its inner path
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    # the department the records go to: matched from the 主管部门 read in the file, or chosen by hand
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    department_read = models.CharField("读出的主管部门", max_length=300, blank=True)
    department_manual = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name


class Run(models.Model):
    """One pass of the checker over every file of the batch; a re-check is a new run beside the old."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-number",)
        constraints = (models.UniqueConstraint(fields=["batch", "number"], name="one_run_number"),)

    def __str__(self) -> str:
        return f"第{self.number}次复核"


class State(models.TextChoices):
    OK = "ok", "已复核"
    UNREADABLE = "unreadable", "无法读取"


class Result(models.Model):
    """What one run found in one file: the summary of its first project, every row and finding."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    file = models.ForeignKey(BatchFile, on_delete=models.CASCADE, related_name="results")
    state = models.CharField(max_length=16, choices=State.choices)
    reason = models.TextField("无法读取的原因", blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    project = models.CharField("项目", max_length=300, blank=True)
    stated_total = models.DecimalField(**SCORE)
    computed_total = models.DecimalField(**SCORE)
    grade = models.CharField(max_length=8, blank=True)
    execution_rate = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    n_errors = models.PositiveIntegerField(default=0)
    n_warnings = models.PositiveIntegerField(default=0)
    n_infos = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list)         # the review workbook's report rows, with record ids
    findings = models.JSONField(default=list)     # Finding dicts, with page/line/cell and fragment
    pending = models.JSONField(default=list)      # records still waiting for a department
    seconds = models.FloatField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("file_id",)
        constraints = (models.UniqueConstraint(fields=["run", "file"], name="one_result_per_file"),)

    @property
    def reason_zh(self) -> str:
        """The Chinese half of the bilingual reason, for the pages (the API keeps both)."""
        return self.reason.split(" / ", 1)[0]


class FileRecord(models.Model):
    """The published record made from the n-th project of a file, shared by every run of the batch."""

    file = models.ForeignKey(BatchFile, on_delete=models.CASCADE, related_name="records")
    index = models.PositiveIntegerField(default=0)
    record = models.ForeignKey(ProjectRecord, on_delete=models.CASCADE, related_name="+")
    review_comment = models.TextField("复核意见", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed = models.DateTimeField(null=True, blank=True)
    # bumped by every 复核: a write names the version it was made on (If-Match), a stale one is refused
    review_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("file_id", "index")
        constraints = (models.UniqueConstraint(fields=["file", "index"], name="one_record_per_project"),)
