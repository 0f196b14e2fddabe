"""Helpers for the security tests: read a page's form as a browser would post it."""

from __future__ import annotations

import re
from html import unescape
from typing import Any


def form_fields(html: str, form_id: str | None = None) -> dict[str, str]:
    """Named inputs, selects and textareas (of one form when ``form_id`` is given), values unescaped."""
    if form_id is not None:
        m = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', html, re.S)
        assert m, f"no form #{form_id}"
        html = m.group(1)
    data: dict[str, str] = {}
    for m in re.finditer(r"<input([^>]*)>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" in attrs and attrs.get("type") not in ("checkbox", "file", "radio"):
            data[attrs["name"]] = unescape(attrs.get("value", ""))
    for m in re.finditer(r'<select name="([^"]+)">(.*?)</select>', html, re.S):
        chosen = re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)<', m.group(2))
        data[m.group(1)] = unescape((chosen.group(1) if chosen.group(1) is not None else chosen.group(2))
                                    if chosen else "")
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[m.group(1)] = unescape(m.group(2))
    data.pop("csrfmiddlewaretoken", None)
    return data


def edit_form(client: Any, pk: int) -> dict[str, str]:
    response = client.get(f"/projects/{pk}/edit/")
    assert response.status_code == 200, response.status_code
    return form_fields(response.content.decode(), "edit-form")


def target_row(form: dict[str, str], target_id: str) -> str:
    return next(k[: -len("id")] for k, v in form.items() if k.endswith("-id") and k.startswith("t-") and v == target_id)
