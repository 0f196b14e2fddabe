"""Legacy and WPS office files (.doc, .wps, .et, old .xls, .rtf) through LibreOffice headless.

The file is copied into a fresh temporary directory with its own LibreOffice profile,
converted there (``soffice --convert-to docx|xlsx``) under a time limit, and the result is
read by the normal DOCX/XLSX readers. Nothing outside that directory is read or written on
the user's behalf, and the directory is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = float(os.environ.get("JIXIAO_CONVERT_TIMEOUT", "90"))
TARGET = {"doc": "docx", "wps": "docx", "rtf": "docx", "xls": "xlsx", "et": "xlsx"}


class ConvertError(Exception):
    """Conversion failed; carries a bilingual message."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def soffice() -> str | None:
    """The LibreOffice executable, or None (``JIXIAO_SOFFICE`` may name one)."""
    named = os.environ.get("JIXIAO_SOFFICE")
    if named:
        return named if Path(named).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(data: bytes, kind: str) -> bytes:
    """``data`` (a file of ``kind``: doc, wps, rtf, xls, et) converted to DOCX or XLSX bytes."""
    exe = soffice()
    target = TARGET[kind]
    if exe is None:
        raise ConvertError(f"读取 .{kind} 文件需要 LibreOffice（soffice），但未安装；请安装 LibreOffice 或另存为 {target.upper()}",
                           f"reading .{kind} files needs LibreOffice (soffice), which is not installed; "
                           f"install it or save the file as {target.upper()}")
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input.{ {'wps': 'doc', 'et': 'xls'}.get(kind, kind)}"
        source.write_bytes(data)
        out = work / "out"
        out.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        env["HOME"] = str(work)
        command = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}", "--convert-to", target,
                   "--outdir", str(out), str(source)]
        try:
            done = subprocess.run(command, cwd=work, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ConvertError(f"LibreOffice 转换 .{kind} 超过{TIMEOUT:.0f}秒，已中止",
                               f"LibreOffice took longer than {TIMEOUT:.0f} s to convert the .{kind} file; "
                               "stopped") from exc
        except OSError as exc:
            raise ConvertError(f"无法启动 LibreOffice：{exc}", f"cannot start LibreOffice: {exc}") from exc
        result = out / f"input.{target}"
        if not result.is_file():
            detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip()[:200]
            raise ConvertError(f"LibreOffice 无法转换此 .{kind} 文件（文件可能已损坏）{('：' + detail) if detail else ''}",
                               f"LibreOffice could not convert this .{kind} file (damaged?)"
                               f"{(': ' + detail) if detail else ''}")
        return result.read_bytes()
