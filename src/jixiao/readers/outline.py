"""The report's outline: numbered headings (一、 / （一） / 1. / （1） / ①) and the prose under each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Paragraph

_LEVELS = [
    re.compile(r"^\s*第[一二三四五六七八九十]+(?:部分|章)\s*[、.．:：]?\s*"),
    re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*"),
    re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*"),
    re.compile(r"^\s*\d{1,2}\s*[.、．](?!\d)\s*"),
    re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]\s*"),
    re.compile(r"^\s*[①-⑳]\s*"),
]


@dataclass
class Block:
    """A numbered heading, its title, and the paragraphs up to the next heading at any level."""

    level: int
    title: str
    para: Paragraph
    body: list[Paragraph] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    inline: str = ""     # text on the heading line after the title ('（一）加强指导。在项目…')

    @property
    def text(self) -> str:
        """Everything under the heading, sub-headings included, one paragraph a line."""
        parts = [self.inline] if self.inline else []
        parts += [p.text for p in self.body]
        for child in self.children:
            parts.append(child.para.text)
            parts.append(child.text_below())
        return "\n".join(p for p in parts if p)

    def text_below(self) -> str:
        parts = [p.text for p in self.body]
        for child in self.children:
            parts.append(child.para.text)
            parts.append(child.text_below())
        return "\n".join(p for p in parts if p)

    def walk(self) -> list[Block]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


_TITLE_END = re.compile(r"[。：:]")
_ANY = re.compile("|".join(f"(?:{p.pattern[1:]})" for p in _LEVELS))


def heading_level(text: str) -> tuple[int, str] | None:
    if not _ANY.match(text):
        return None
    for level, pattern in enumerate(_LEVELS):
        m = pattern.match(text)
        if m:
            return level, text[m.end():]
    return None


def outline(paras: list[Paragraph]) -> list[Block]:
    """Top-level blocks; paragraphs before the first heading are ignored (the header)."""
    roots: list[Block] = []
    stack: list[Block] = []
    for para in paras:
        if para.line.is_row:
            continue
        found = heading_level(para.text)
        if found is None or len(para.text) > 400:
            if stack:
                stack[-1].body.append(para)
            continue
        level, rest = found
        title, inline = rest, ""
        cut = _TITLE_END.search(rest)
        if cut and cut.end() < len(rest):
            title, inline = rest[:cut.start()], rest[cut.end():].strip()
        block = Block(level, title.strip().rstrip("。.，,"), para, inline=inline)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(block)
        stack.append(block)
    return roots
