"""Prose facts, read once from a document: its sentences, located, turned into ``Project.claims``.

The readers split the prose paragraphs (and the prose cells of table rows) into sentences with
their source, note the header labels and table rows printed empty, and let
``jixiao.core.claims.build_claims`` read the figures and claims, the same builder the checker
uses for a project file's narrative. See ``jixiao.core.claims`` for what is read.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import fields, replace
from typing import Any

from ..core.claims import CJK, SENTENCE, build_claims, fold
from ..core.findings import Source
from ..core.model import Claims
from ..core.vocabulary import HEADER_LABELS
from .layout import Document, Line, Paragraph

MAX_SENTENCES = 5000        # a pathological document stops contributing claims, it never slows the read


_FUNDS_ROW = re.compile(r"资金|结转|拨款|财政|合计|小计|指标|完成值|目标值|得分|分值|序号|名称|、")   # not a row to fill


_HEADER_LABELS = frozenset(HEADER_LABELS)
_TWO_CJK = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]")    # CJK.findall(...) >= 2, no list


def read_claims(doc: Document, paras: list[Paragraph]) -> tuple[Claims, dict[str, Source]]:
    """Every claim of the prose paragraphs (table rows are the table readers' business)."""
    sentences: list[str] = []
    sources: dict[str, Source] = {}
    starts: list[int] = []           # index of the first sentence of each paragraph
    blanks: list[str] = []
    for para in paras:
        if len(sentences) >= MAX_SENTENCES:
            break
        if para.line.is_row:
            texts = [fold(c.text) for c in para.line.cells]      # each cell folded once
            for label in _blank_labels(texts):
                sources[f"claims.blanks[{len(blanks)}]"] = doc.source(para.line, 1)
                blanks.append(label)
            for cell, text in zip(para.line.cells, texts, strict=True):   # prose in a cell ('已完工,剩余X%尾款未付…')
                if _TWO_CJK.search(cell.text):
                    sources[f"claims.sentences[{len(sentences)}]"] = doc.source(para.line, cell.column, cell)
                    starts.append(len(sentences))
                    sentences.append(text)
            continue
        if "|" in para.line.text and (label := fold(para.text).strip("|:")) in _HEADER_LABELS:
            sources[f"claims.blanks[{len(blanks)}]"] = doc.source(para.line, 1)
            blanks.append(label)        # '单位 | | |': a label cell, the rest of its row empty
            continue
        starts.append(len(sentences))
        for m in SENTENCE.finditer(para.text):
            raw = m.group()
            if not (text := fold(raw)):
                continue
            line, col = para.locate(m.start() + len(raw) - len(raw.lstrip()))
            sources[f"claims.sentences[{len(sentences)}]"] = doc.source(line, col)
            sentences.append(text)
    for line, label in _blank_rows(doc):
        sources[f"claims.blanks[{len(blanks)}]"] = doc.source(line, 1)
        blanks.append(label)
    claims = build_claims(sentences, starts, tuple(blanks))
    return claims, sources


class ProseClaims:
    """``read_claims`` of one document, run on first use and kept: only the checker needs the claims.

    ``read`` and ``score`` never look at them, so a read pays for them only when it is checked.
    The document and its paragraphs are held until then (a snapshot of the line list: nothing
    after ``assemble`` changes them, but the list is copied so nothing can).
    """

    __slots__ = ("_doc", "_done", "_lock", "_paras")

    def __init__(self, doc: Document, paras: list[Paragraph]) -> None:
        self._doc: Document | None = replace(doc, lines=list(doc.lines), cuts=list(doc.cuts),
                                             confidence=dict(doc.confidence))
        self._paras: tuple[Paragraph, ...] = tuple(paras)
        self._done: tuple[Claims, dict[str, Source]] | None = None
        self._lock = threading.Lock()

    def get(self) -> tuple[Claims, dict[str, Source]]:
        done = self._done
        if done is not None:
            return done
        with self._lock:        # two threads checking one cached read build the claims once
            if self._done is None:
                assert self._doc is not None
                self._done = read_claims(self._doc, list(self._paras))
                self._doc, self._paras = None, ()       # the layout is no longer needed
            return self._done


_CLAIM_FIELDS = tuple(f.name for f in fields(Claims))


class DeferredClaims(Claims):
    """``Project.claims`` of a read document, built on first access to any field (``ProseClaims``).

    Its slots (those of ``Claims``) stay empty until then; ``__getattr__`` runs only for an empty
    slot, fills them all and answers, so every later access is a plain slot read. It equals,
    hashes, prints, copies and pickles as the ``Claims`` it stands for (a copy is a plain one).
    """

    __slots__ = ("_source",)

    def __getattr__(self, name: str) -> Any:
        if name not in _CLAIM_FIELDS:
            raise AttributeError(name)
        got = object.__getattribute__(self, "_source").get()[0]
        for f in _CLAIM_FIELDS:
            object.__setattr__(self, f, getattr(got, f))
        return getattr(got, name)

    def _plain(self) -> Claims:
        return Claims(*(getattr(self, f) for f in _CLAIM_FIELDS))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Claims) and all(getattr(self, f) == getattr(other, f) for f in _CLAIM_FIELDS)

    def __hash__(self) -> int:
        return hash(self._plain())

    def __reduce__(self) -> tuple[Any, ...]:
        return Claims, tuple(getattr(self, f) for f in _CLAIM_FIELDS)


def deferred_claims(source: ProseClaims) -> DeferredClaims:
    claims = object.__new__(DeferredClaims)
    object.__setattr__(claims, "_source", source)
    return claims


class DeferredSources(Mapping[str, Source]):
    """``Project.sources`` of a read document: the reader's sources, with the claims' own
    (``claims.*``) added where ``assemble`` once inserted them, when first asked for.

    A lookup of any other path (``source_of`` in scoring) is answered from the reader's sources
    without building the claims; iterating, counting or asking for a ``claims.*`` path builds them,
    and the order of the keys is then the order they always had.
    """

    __slots__ = ("_at", "_eager", "_full", "_source")

    def __init__(self, eager: dict[str, Source], at: int, source: ProseClaims) -> None:
        self._eager, self._at, self._source = eager, at, source
        self._full: dict[str, Source] | None = None

    def _all(self) -> dict[str, Source]:
        full = self._full
        if full is None:
            items = list(self._eager.items())
            full = dict(items[:self._at])
            full.update(self._source.get()[1])
            full.update(items[self._at:])
            self._full = full
        return full

    def __getitem__(self, key: str) -> Source:
        full = self._full
        if full is not None:
            return full[key]
        return self._all()[key] if key.startswith("claims.") else self._eager[key]

    def get(self, key: str, default: Any = None) -> Any:
        full = self._full
        if full is not None:
            return full.get(key, default)
        return self._all().get(key, default) if key.startswith("claims.") else self._eager.get(key, default)

    def __contains__(self, key: object) -> bool:
        if self._full is None and isinstance(key, str) and not key.startswith("claims."):
            return key in self._eager
        return key in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def _blank_labels(texts: list[str]) -> Iterator[str]:
    """Header labels ('单位', '主管部门') whose value cell is empty (``texts``: the row's cells, folded)."""
    for i, text in enumerate(texts):
        if text.rstrip(":") in _HEADER_LABELS and not any(texts[i + 1:]):
            yield text.rstrip(":")


def _label_only(text: str) -> str | None:
    label = text.strip("|:")
    return label if ("|" in text and 2 <= len(label) <= 12 and CJK.match(label) and label not in _HEADER_LABELS
                     and not _FUNDS_ROW.search(label) and not any(c.isdigit() or c in "|()" for c in label)) else None


def _blank_rows(doc: Document) -> Iterator[tuple[Line, str]]:
    """'档案管理 | | |' between rows that do say something ('会议组织 | 按计划召开…'): a row left empty.

    Stacked column headers ('一级 指标 |', '二级 指标 |') have no such neighbours and pass; a funding
    row without money ('其他资金 | |') is an answer (none), not a blank.
    """
    lines = doc.lines
    folded: dict[int, str] = {}     # only lines with a '|' (NFKC: '|' or '｜') can be either, folded once

    def text(j: int) -> str:
        if j not in folded:
            raw = lines[j].text
            folded[j] = fold(raw) if "|" in raw or "｜" in raw else ""
        return folded[j]

    def filled(j: int) -> bool:
        head, _, rest = text(j).partition("|") if 0 <= j < len(lines) else ("", "", "")
        return bool(head) and len(CJK.findall(rest)) >= 6

    for i, line in enumerate(lines):
        if not (t := text(i)):
            continue
        label = _label_only(t)
        if label is not None and (filled(i - 1) or filled(i + 1)):
            yield line, label
