"""Grade bands as data. The default is 财预〔2020〕10号: ≥90 优, ≥80 良, ≥60 中, else 差.

Bands are half-open on the final 2-place total, so a total such as 89.5 falls in 良 and no
total falls between bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class GradeBand:
    minimum: Decimal
    label: str


DEFAULT_BANDS: tuple[GradeBand, ...] = (
    GradeBand(Decimal(90), "优"),
    GradeBand(Decimal(80), "良"),
    GradeBand(Decimal(60), "中"),
    GradeBand(Decimal(0), "差"),
)

GRADE_ALIASES = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "较差": "差", "不合格": "差"}


def grade_for(total: Decimal, bands: Sequence[GradeBand] = DEFAULT_BANDS) -> str:
    """The label of the highest band whose minimum the total reaches (lowest band below all)."""
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    for band in ordered:
        if total >= band.minimum:
            return band.label
    return ordered[-1].label


def normalise_grade(text: str | None) -> str | None:
    """Map printed variants (优秀, 良好 …) onto the band labels; None stays None."""
    if text is None:
        return None
    text = text.strip()
    return GRADE_ALIASES.get(text, text) or None


def band_range(label: str, bands: Sequence[GradeBand] = DEFAULT_BANDS) -> tuple[Decimal, Decimal | None]:
    """[minimum, next minimum) of a label, for messages such as '98 分应评为优（≥90）'."""
    ordered = sorted(bands, key=lambda b: b.minimum)
    for i, band in enumerate(ordered):
        if band.label == label:
            upper = ordered[i + 1].minimum if i + 1 < len(ordered) else None
            return band.minimum, upper
    raise KeyError(label)
