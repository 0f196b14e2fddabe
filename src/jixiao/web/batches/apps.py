from __future__ import annotations

from django.apps import AppConfig


class BatchesConfig(AppConfig):
    name = "jixiao.web.batches"
    label = "batches"
    verbose_name = "批量复核"
    default_auto_field = "django.db.models.BigAutoField"
