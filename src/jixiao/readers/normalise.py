"""Text as the extractors expect it, with every position kept: ``normalise(text)`` and its offset map.

Published reports reach us traditional (mirror sites convert them), with pinyin inserted
after characters (``預(yù)算數(shù)``), full-width digits, thousands separators and OCR
look-alikes inside numbers (``1O0`` for 100). All of it is undone here, once, before any
extractor runs, so one vocabulary in simplified characters reads every variant. Each output
character remembers the input offset it came from (``Normalised.origin``), so a value read
from normalised text is still located in the original file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..core.vocabulary import SPACED_LABELS
from .layout import Document, Line, split_cells

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# a pinyin syllable in brackets right after a CJK character, with at least one tone mark
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
_WIDE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0b\uff0d\uff0e\uff1c-\uff1e]")
# 1,234,567.89 / 12,345 元: a comma is a thousands separator only in a well-formed group
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?![\d,，])")
_LOOKALIKE = re.compile(r"(?<=\d)[OoIl](?=\d)|(?<=\d)[Oo](?=[.%])|(?<=\d\.)[Oo](?=\d|%)")
_LOOKALIKE_MAP = str.maketrans("OoIl", "0011")
# a short label letter-spaced to line up with longer ones ('合　　计'): its characters rejoined
_SPACED = re.compile("(?<![\u4e00-\u9fff])(?:" + "|".join("[ \u3000]+".join(map(re.escape, w)) for w in SPACED_LABELS)
                     + ")(?![\u4e00-\u9fff])")
_QUICK = re.compile(rf"[(（][a-zü{_TONED}]{{1,7}}[)）]|[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0b\uff0d\uff0e"
                    r"\uff1c-\uff1e]|\d[,，]\d{3}|[\d.][OoIl]|" + _SPACED.pattern)     # anything a step below changes


@functools.lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    """OpenCC traditional -> simplified (character and phrase tables; Apache-2.0)."""
    try:
        import opencc
    except ImportError:          # the reader still works on simplified text without it
        return lambda text: text
    convert: Callable[[str], str] = opencc.OpenCC("t2s").convert
    return convert


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    origin: tuple[int, ...] | None = None    # input offset of each output character; None: identity

    def position(self, offset: int) -> int:
        """The input offset of output offset ``offset`` (clamped; the end maps to the end)."""
        if self.origin is None:
            return offset
        if not self.origin:
            return 0
        if offset >= len(self.origin):
            return self.origin[-1] + 1 + offset - len(self.origin)
        return self.origin[max(offset, 0)]


def to_simplified(text: str) -> str:
    """Traditional -> simplified; only when the conversion keeps the length (else per character)."""
    out = _converter()(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(s := _converter()(c)) != 1 else s for c in text)


def _sub(text: str, origin: list[int], pattern: re.Pattern[str],
         repl: Callable[[re.Match[str]], str]) -> tuple[str, list[int]]:
    """``pattern.sub`` that keeps the offset map: replaced text maps to its match's first offsets."""
    parts: list[str] = []
    where: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        parts.append(text[last:m.start()])
        where.extend(origin[last:m.start()])
        new = repl(m)
        parts.append(new)
        span = origin[m.start():m.end()] or [origin[m.start() - 1] + 1 if m.start() else 0]
        where.extend(span[min(k, len(span) - 1)] for k in range(len(new)))
        last = m.end()
    parts.append(text[last:])
    where.extend(origin[last:])
    return "".join(parts), where


def _wide(m: re.Match[str]) -> str:
    return chr(ord(m.group()) - 0xFEE0)       # U+3000 stays: space-aligned tables count it two columns


def _thousands(m: re.Match[str]) -> str:
    return m.group().replace(",", "").replace("，", "")


def _lookalike(m: re.Match[str]) -> str:
    return m.group().translate(_LOOKALIKE_MAP)


_STEPS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_PINYIN, lambda m: ""),
    (_SPACED, lambda m: "".join(m.group().split())),
    (_WIDE, _wide),
    (_LOOKALIKE, _lookalike),
    (_THOUSANDS, _thousands),
)


def normalise(text: str, simplified: str | None = None) -> Normalised:
    """The text with traditional characters, pinyin, full-width forms, separators and look-alikes undone.

    ``simplified`` is ``to_simplified(text)`` when the caller converted a whole document at once.
    """
    simple = to_simplified(text) if simplified is None else simplified
    if not _QUICK.search(simple):
        return Normalised(simple)
    out = simple
    origin = list(range(len(simple)))
    for pattern, repl in _STEPS:
        if pattern.search(out):
            out, origin = _sub(out, origin, pattern, repl)
    return Normalised(out, tuple(origin) if len(out) != len(simple) else None)


def normalise_document(doc: Document) -> Document:
    """Every line normalised; a document that needs nothing (the usual case) is returned as is.

    Grid rows keep their column indices (each cell normalised on its own); text lines are
    normalised whole, split into cells again, and keep ``origin`` so sources point into the file.
    """
    texts = [line.text for line in doc.lines]
    joined = "\n".join(texts)
    simple = to_simplified(joined)
    if simple == joined and not _QUICK.search(joined):
        return doc
    simple_lines = simple.split("\n") if len(simple) == len(joined) else []
    if len(simple_lines) != len(texts):
        simple_lines = [to_simplified(t) for t in texts]
    out: list[Line] = []
    for line, simp in zip(doc.lines, simple_lines, strict=True):
        if simp == line.text and not _QUICK.search(line.text):
            out.append(line)
        elif line.grid or split_cells(line.text) != (line.cells, line.exact):
            cells = tuple(replace(c, text=normalise(c.text).text) for c in line.cells)
            text = "\t".join(c.text for c in cells) if line.grid else normalise(line.text, simp).text
            out.append(replace(line, text=text, cells=cells, origin=None, original=line.text))
        else:
            n = normalise(line.text, simp)
            cells, exact = split_cells(n.text)
            out.append(replace(line, text=n.text, cells=cells, exact=exact, origin=n.origin, original=line.text))
    return replace(doc, lines=out)
