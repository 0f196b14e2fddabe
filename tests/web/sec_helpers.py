"""Helpers for the security tests: read a page's form as a browser would post it."""

from __future__ import annotations

import re
from typing import Any


def form_fields(html: str, form_id: str | None = None) -> dict[str, Any]:
    """Named controls (of one form when ``form_id`` is given) as the test client posts them.

    Grid rows post each column repeatedly (``r-g``, ``r-n``…): those names map to lists, in
    page order; every other name to its value. Parsing is ``webform.controls``'s.
    """
    from webform import controls
    if form_id is not None:
        m = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', html, re.S)
        assert m, f"no form #{form_id}"
        html = m.group(1)
    data: dict[str, Any] = {}
    for name, value in controls(html):
        if name.startswith("r-"):
            data.setdefault(name, []).append(value)
        else:
            data[name] = value
    return data


def edit_form(client: Any, pk: int) -> dict[str, str]:
    response = client.get(f"/projects/{pk}/edit/")
    assert response.status_code == 200, response.status_code
    return form_fields(response.content.decode(), "edit-form")


def target_row(form: dict[str, str], target_id: str) -> str:
    return next(k[: -len("id")] for k, v in form.items() if k.endswith("-id") and k.startswith("t-") and v == target_id)
