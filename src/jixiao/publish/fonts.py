"""Fonts: the GB/T 9704 names a Chinese office expects, and the CJK files we can actually render with.

Word and WPS on the user's machine pick 仿宋_GB2312 / 黑体 / 楷体_GB2312 / 方正小标宋简体 from
the names we write; on Linux (LibreOffice, WeasyPrint, matplotlib) those are absent and we
fall back to Noto CJK, located by file path so the choice never depends on fontconfig luck.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# GB/T 9704-2012 党政机关公文格式: names as installed with Windows / WPS
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"

# CSS stacks: the official name first, then what a Linux renderer has
CSS_TITLE = f"'{TITLE_FONT}', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', 'Source Han Serif SC', serif"
CSS_HEI = f"'{HEADING1_FONT}', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"
CSS_KAI = f"'{HEADING2_FONT}', 'KaiTi', 'STKaiti', 'Noto Serif CJK SC', serif"
CSS_BODY = f"'{BODY_FONT}', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', serif"

_SEARCH = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/usr/share/fonts"),
)
_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSerifCJK-Regular.ttc")


@lru_cache(maxsize=1)
def cjk_font_file() -> Path | None:
    """A CJK font file on this machine (Noto Sans CJK preferred), or None."""
    for folder in _SEARCH:
        for name in _FILES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    for folder in _SEARCH:
        if folder.is_dir():
            found = next(iter(sorted(folder.rglob("*CJK*Regular*"))), None)
            if found is not None:
                return found
    return None


@lru_cache(maxsize=1)
def matplotlib_family() -> str | None:
    """Register the CJK file with matplotlib's font manager and return its SC family name."""
    path = cjk_font_file()
    if path is None:
        return None
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    names = {f.name for f in font_manager.fontManager.ttflist if f.fname == str(path)}
    for preferred in ("Noto Sans CJK SC", "Noto Serif CJK SC"):
        if preferred in names:
            return preferred
    return font_manager.FontProperties(fname=str(path)).get_name()
