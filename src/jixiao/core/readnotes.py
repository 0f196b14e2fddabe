"""Names of the read notes (``Project.read_notes``) that readers write and the checker reads.

They live in core because both sides need them and neither may import the other: a reader
marks what it could read only in part, the checker weighs its findings on that part.
"""

from __future__ import annotations

SCRAMBLED_TABLE = "read.scrambled_table"
TRUNCATED_TABLE = "read.truncated_table"
NO_WEIGHT_COLUMN = "read.no_weight_column"

ZERO_TOTAL_ROW = "read.zero_total_row"
"""Set at a 年度资金总额 row printed as zeros above non-zero source rows; ``Funding.total`` then
holds the sum of the sources (what the table means)."""

PARTIAL_TABLES = frozenset({SCRAMBLED_TABLE, TRUNCATED_TABLE, NO_WEIGHT_COLUMN})
"""Notes saying the scoring table's weights cannot be trusted (weight sums become information)."""
