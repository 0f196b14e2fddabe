"""The rule catalogue lives in ``jixiao.core.registry`` (also used outside the checker); re-exported here."""

from ..registry import (
    BY_CODE,
    BY_SLUG,
    FAMILY_TITLES,
    PROFILES,
    RULES,
    Family,
    RuleInfo,
    in_profile,
    issue,
    rule,
)

__all__ = ["BY_CODE", "BY_SLUG", "FAMILY_TITLES", "PROFILES", "RULES", "Family", "RuleInfo", "in_profile",
           "issue", "rule"]
