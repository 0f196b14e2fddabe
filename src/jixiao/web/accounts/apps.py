from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jixiao.web.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        """Registered frameworks serve every confined evaluation in this process (the batch worker too)."""
        from ...io.frameworks import use_registry
        from .registry import registered_frameworks
        use_registry(registered_frameworks)
