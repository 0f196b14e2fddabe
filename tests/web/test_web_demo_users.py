"""The README lists every demo user `jixiao serve --demo` creates, with the one password."""

from __future__ import annotations

import re

from testdata import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_every_demo_user_is_listed() -> None:
    from jixiao.web.demo import DEMO_PASSWORD, DEMO_USERS
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", README, flags=re.M))
    assert listed == {u.username for u in DEMO_USERS}
    assert f"`{DEMO_PASSWORD}`" in README
