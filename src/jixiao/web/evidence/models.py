"""佐证材料: files attached to a project (optionally to one indicator or target), stored on disk."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EvidenceFile(models.Model):
    project = models.ForeignKey("projects.ProjectRecord", on_delete=models.CASCADE, related_name="evidence_files")
    supports = models.CharField("支撑的指标或目标", max_length=500, blank=True)
    filename = models.CharField("文件名", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("supports", "filename",)

    def __str__(self) -> str:
        return self.filename
