from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "jixiao.web.evidence"
    label = "evidence"
    verbose_name = "佐证材料"
