"""Which 主管部门 a report belongs to, from the name read in it: exact, then unambiguous containment.

A wrong department would show a report to the wrong people, so anything short of one clear
candidate is "not matched" and goes to the manual correction step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..accounts.models import Department

_NOISE = re.compile(r"[\s（）()【】\[\]「」:：,，。·]+")


def normalise(name: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


def match(read: Iterable[str], departments: Iterable[Department]) -> Department | None:
    """The one department the read names point at, or None (none, or more than one, fit)."""
    known = [(normalise(d.name), d) for d in departments]
    for name in read:
        key = normalise(name)
        if len(key) < 2:
            continue
        exact = [d for n, d in known if n == key]
        if len(exact) == 1:
            return exact[0]
        around = {d.pk: d for n, d in known if len(n) >= 2 and (n in key or key in n)}
        if len(around) == 1:
            return next(iter(around.values()))
        if around:
            return None          # ambiguous: a person decides
    return None
