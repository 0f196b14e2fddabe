"""Dated events tied to a document: '2012年6月14日收到…〔2022〕…号', read with the claims.

``Claims.dated_documents`` holds each (sentence, date as printed, its year, the 文号 year as
printed, that year), so the rule comparing the two never scans prose. Pure string work over
folded sentences (``core.claims.fold``); template prompts are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .reasons import INSTRUCTION

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年\d{1,2}月(?:\d{1,2}日)?")
_YEAR = re.compile(r"(?:19|20)\d{2}年")
_RECEIVED = re.compile(r"收到|印发|下发|下达|转发|出台|制定|发布")
_DOC_YEAR = re.compile(r"[〔\[【(](?P<y>(?:19|20)\d{2})[〕\]】)]")
_CLAUSE = re.compile(r"[^;]+")

DatedDocument = tuple[int, str, int, str, int]   # (sentence, date, year, 文号 year as printed, that year)


def dated_documents(sentences: tuple[str, ...] | list[str]) -> Iterator[DatedDocument]:
    """A date followed, within a few characters, by 收到/印发/下达… and a document's year in brackets.

    Another year or date before the verb or the document means the document belongs to a later
    event, and the pair is not taken.
    """
    for k, s in enumerate(sentences):
        if "年" not in s or INSTRUCTION.search(s):
            continue
        for clause in _CLAUSE.finditer(s):
            text = clause.group()
            for date in _DATE.finditer(text):
                rest = text[date.end():date.end() + 120]
                verb = _RECEIVED.search(rest)
                if verb is None or verb.start() > 20:
                    continue
                doc = _DOC_YEAR.search(rest, verb.end())
                if doc is None or _YEAR.search(rest, 0, verb.start()) or _DATE.search(rest, 0, doc.start()):
                    continue
                yield k, date.group(), int(date.group("y")), doc.group(), int(doc.group("y"))
