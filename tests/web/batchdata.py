"""Report files for the batch tests: published project files with a known 主管部门, and ZIPs of them."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jixiao.core.model import Record
from jixiao.io.serialize import dump_yaml, project_to_dict
from jixiao.web.demo import synthetic_project


def report(i: int, department: str, stated: Decimal | None = None) -> bytes:
    """A published project file naming ``department`` as its 主管部门."""
    project = synthetic_project(i, random.Random(i), department).evolve(record=Record.PUBLISHED)
    data = project_to_dict(project)
    if stated is not None:
        data["stated"] = {**data.get("stated", {}), "total": str(stated)}
    return dump_yaml(data).encode("utf-8")


def zip_of(entries: Iterable[tuple[str, bytes]], utf8_names: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            # Windows zip tools write Chinese names as GBK bytes without the UTF-8 flag: write an
            # ASCII placeholder of the same length, then put the GBK bytes in its place
            z.writestr(name if utf8_names else "X" * len(name.encode("gbk")), data)
    out = buf.getvalue()
    if not utf8_names:
        for name, _ in entries:
            raw = name.encode("gbk")
            out = out.replace(b"X" * len(raw), raw)
    return out


def upload(client: Any, url: str, files: list[tuple[str, bytes]], **fields: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    return client.post(url, {**fields, "files": [SimpleUploadedFile(n, d) for n, d in files]}, follow=True)
