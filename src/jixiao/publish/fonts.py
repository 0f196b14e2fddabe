"""Fonts: the GB/T 9704 faces a Chinese office expects, and the installed faces we draw with.

A DOCX names the official faces (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体) so Word
and WPS on a government PC use them. Whatever *we* draw (the PDF, the charts) needs a face
that is installed here: each role has a documented list of freely licensed substitutes,
found through fontconfig (``fc-list :lang=zh``) plus the TeX Live Fandol folder, which
fontconfig does not scan. With no CJK face at all we stop before drawing with a bilingual
message naming the package, instead of writing a document of empty boxes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LATIN_FONT = "Times New Roman"


@dataclass(frozen=True, slots=True)
class Face:
    """One typographic role: the official name, its Windows alias, and Linux substitutes in order."""

    role: str
    label: str                       # 仿宋 / 楷体 / 黑体 / 小标宋
    official: str                    # written into the DOCX (w:eastAsia)
    windows: str                     # altName: what Windows 10+ ships when the _GB2312 face is absent
    substitutes: tuple[str, ...]     # fontconfig family names, best first
    bold_substitute: bool = False    # a Song substitute stands in for 小标宋 only when bold
    package: str = ""                # the Debian package that provides the first free substitute


FACES: dict[str, Face] = {
    "title": Face("title", "小标宋", "方正小标宋简体", "宋体",
                  ("FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC", "FandolSong",
                   "AR PL SungtiL GB"), bold_substitute=True, package="fonts-noto-cjk"),
    "heading1": Face("heading1", "黑体", "黑体", "SimHei",
                     ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "FandolHei"),
                     package="fonts-noto-cjk"),
    "heading2": Face("heading2", "楷体", "楷体_GB2312", "楷体",
                     ("KaiTi", "FandolKai", "AR PL KaitiM GB", "LXGW WenKai", "AR PL UKai CN",
                      "Noto Serif CJK SC"), package="fonts-arphic-gkai00mp"),
    "body": Face("body", "仿宋", "仿宋_GB2312", "仿宋",
                 ("FangSong", "FandolFang", "Noto Serif CJK SC", "Source Han Serif SC"),
                 package="texlive-lang-chinese"),
}
TITLE_FONT = FACES["title"].official
HEADING1_FONT = FACES["heading1"].official
HEADING2_FONT = FACES["heading2"].official
BODY_FONT = FACES["body"].official

# Fandol (GPL with font exception) ships with TeX Live but outside fontconfig's folders
EXTRA_DIRS = (Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
              Path("/usr/local/texlive/texmf-dist/fonts/opentype/public/fandol"))
_NOTO_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"),
              Path("/usr/share/fonts/google-noto-cjk"))

INSTALL_HINT_ZH = ("未找到任何中文字体，生成的PDF和图表会全部显示为方框。请先安装中文字体："
                   "Debian/Ubuntu 执行 apt-get install fonts-noto-cjk，Fedora 执行 dnf install "
                   "google-noto-serif-cjk-fonts google-noto-sans-cjk-fonts，然后重试。")
INSTALL_HINT_EN = ("no Chinese (CJK) font is installed, so the PDF and the charts would show empty boxes; "
                   "install one first (Debian/Ubuntu: apt-get install fonts-noto-cjk; Fedora: dnf install "
                   "google-noto-serif-cjk-fonts google-noto-sans-cjk-fonts) and retry")


@dataclass(frozen=True, slots=True)
class Installed:
    family: str
    file: Path
    bold: bool = False


def _fc_list() -> list[Installed]:
    """CJK faces fontconfig knows, one row per family name (a face has several)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, ":lang=zh", "family", "style", "file"], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        path, _, rest = line.partition(": ")
        families, _, style = rest.partition(":style=")
        bold = "Bold" in style.split(",")[0]
        for family in families.split(","):
            if family.strip():
                found.append(Installed(family.strip(), Path(path), bold))
    return found


def _extra() -> list[Installed]:
    """Fandol faces by file name (FandolFang-Regular.otf → FandolFang), from folders fontconfig skips."""
    found = []
    for folder in EXTRA_DIRS:
        if folder.is_dir():
            for path in sorted(folder.glob("Fandol*-*.otf")):
                family, _, style = path.stem.partition("-")
                found.append(Installed(family, path, style == "Bold"))
    return found


@lru_cache(maxsize=1)
def installed() -> tuple[Installed, ...]:
    """Every CJK face found on this machine (cached: fc-list costs ~50 ms)."""
    rows = list(_fc_list_cached())
    if not rows:   # no fontconfig tools: look where the distributions put Noto CJK
        for folder in _NOTO_DIRS:
            for path in sorted(folder.glob("Noto*CJK*-*.tt[cf]")) if folder.is_dir() else ():
                sans = "Sans" in path.name
                rows.append(Installed("Noto Sans CJK SC" if sans else "Noto Serif CJK SC", path,
                                      "Bold" in path.name))
    known = {r.family for r in rows}
    return tuple(rows + [r for r in _extra() if r.family not in known])


@dataclass(frozen=True, slots=True)
class Choice:
    """The face drawn for a role here: a family fontconfig resolves, or a file it cannot see."""

    face: Face
    family: str
    file: Path
    via_file: bool      # not visible to fontconfig: the PDF loads it through @font-face
    bold: bool


def choose(role: str) -> Choice | None:
    face = FACES[role]
    rows = installed()
    fc_visible = {r.family for r in _fc_list_cached()}
    for family in face.substitutes:
        matches = [r for r in rows if r.family == family]
        if not matches:
            continue
        want_bold = face.bold_substitute and any(r.bold for r in matches)
        row = next((r for r in matches if r.bold == want_bold), matches[0])
        return Choice(face, family, row.file, family not in fc_visible, want_bold)
    if rows:   # any CJK face beats boxes
        row = rows[0]
        return Choice(face, row.family, row.file, row.family not in fc_visible, False)
    return None


@lru_cache(maxsize=1)
def _fc_list_cached() -> tuple[Installed, ...]:
    return tuple(_fc_list())


def have_cjk() -> bool:
    return bool(installed())


class MissingFonts(ValueError):
    """No CJK face: raised before anything is drawn; carries the bilingual install hint."""

    def __init__(self) -> None:
        super().__init__(f"{INSTALL_HINT_ZH} / {INSTALL_HINT_EN}")
        self.zh, self.en = INSTALL_HINT_ZH, INSTALL_HINT_EN


def require_cjk() -> None:
    if not have_cjk():
        raise MissingFonts


def css_font_faces() -> str:
    """@font-face rules for the chosen faces fontconfig cannot see (Fandol from TeX Live)."""
    rules = []
    for role in FACES:
        choice = choose(role)
        if choice is not None and choice.via_file:
            rules.append(f"@font-face {{ font-family: '{choice.family}'; src: url('{choice.file.as_uri()}'); }}")
    return "\n".join(rules)


def css_stack(role: str) -> str:
    """The official name first (a reader's own machine may have it), then what we draw with here."""
    face, choice = FACES[role], choose(role)
    names = [face.official, face.windows]
    if choice is not None:
        names.append(choice.family)
    names += ["Noto Serif CJK SC", "serif"] if role != "heading1" else ["Noto Sans CJK SC", "sans-serif"]
    return ", ".join(dict.fromkeys(f"'{n}'" if n not in ("serif", "sans-serif") else n for n in names))


def css_weight(role: str) -> str:
    choice = choose(role)
    return "bold" if choice is not None and choice.bold else "normal"


def fontconfig_conf() -> str:
    """A fonts.conf that maps the official names to the substitutes (for LibreOffice viewing a DOCX).

    ``FONTCONFIG_FILE=that-file soffice --convert-to pdf`` renders the DOCX with 仿宋/楷体 faces
    instead of whatever fontconfig's default for an unknown name is; see docs/publishing.md.
    """
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>",
             "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"]
    lines += [f"  <dir>{d}</dir>" for d in EXTRA_DIRS if d.is_dir()]
    for face in FACES.values():
        prefer = "".join(f"<family>{f}</family>" for f in face.substitutes)
        for name in dict.fromkeys((face.official, face.windows)):
            lines.append(f'  <alias binding="strong"><family>{name}</family><prefer>{prefer}</prefer></alias>')
        if face.bold_substitute:   # 小标宋 is heavy: its Song stand-in is drawn bold
            lines.append(f'  <match target="pattern"><test name="family"><string>{face.official}</string></test>'
                         '<edit name="weight" mode="assign"><const>bold</const></edit></match>')
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def report() -> list[tuple[bool, str]]:
    """What ``jixiao doctor`` prints: per role the face drawn here (or the package to install)."""
    if not have_cjk():
        return [(False, f"{INSTALL_HINT_ZH} / {INSTALL_HINT_EN}")]
    out = []
    for role, face in FACES.items():
        choice = choose(role)
        assert choice is not None
        preferred = choice.family in face.substitutes[:2] or (role == "title" and choice.bold)
        hint = "" if preferred or role == "title" else f"（可安装 {face.package} 获得更合适的{face.label}字形）"
        out.append((True, f"{face.label}（{face.official}）→ {choice.family}{'（粗体）' if choice.bold else ''}"
                          f"{hint}"))
    return out


@lru_cache(maxsize=1)
def cjk_font_file() -> Path | None:
    """The 黑体 substitute's file, for matplotlib (charts are drawn in a sans face)."""
    choice = choose("heading1")
    return choice.file if choice is not None else None


@lru_cache(maxsize=1)
def matplotlib_family() -> str | None:
    """Register the CJK file with matplotlib's font manager and return its family name."""
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


def environ_with_fonts(conf: Path) -> dict[str, str]:
    """The environment for a LibreOffice subprocess that should use ``fontconfig_conf``."""
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}
