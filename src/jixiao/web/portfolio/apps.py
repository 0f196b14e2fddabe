from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "jixiao.web.portfolio"
    label = "portfolio"
    verbose_name = "财政总览"
