"""Entry point. Commands are imported only when called, so ``jixiao --help`` stays instant."""

from __future__ import annotations

import importlib

import click

from .. import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, help shown in the list)
    "score": ("jixiao.cli.score", "计分：按指标体系计算得分、等级和执行率 / score a project"),
    "check": ("jixiao.cli.check", "复核：找出报告中的问题 / check reports for defects"),
    "read": ("jixiao.cli.read", "读取已发布报告为项目文件 / read a published report"),
    "report": ("jixiao.cli.report", "生成自评报告和自评表 / publish DOCX, PDF, HTML, XLSX"),
    "init": ("jixiao.cli.init", "生成带注释的项目文件模板 / write a project template"),
    "frameworks": ("jixiao.cli.frameworks", "列出内置指标体系 / list indicator frameworks"),
    "rules": ("jixiao.cli.rules", "列出复核规则 / list checker rules"),
    "schema": ("jixiao.cli.schema", "输出项目文件的 JSON Schema / print the project-file schema"),
    "serve": ("jixiao.cli.serve", "启动网页应用 / run the web application"),
    "worker": ("jixiao.cli.worker", "批量复核的后台工作进程 / run a batch-review worker"),
    "doctor": ("jixiao.cli.doctor", "检查本机环境并给出解决办法 / check this machine's setup"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = importlib.import_module(COMMANDS[cmd_name][0]).command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jixiao")
def main() -> None:
    """jixiao（绩效）：预算绩效自评的计分、复核、读取与出具报告。"""


if __name__ == "__main__":
    main()
