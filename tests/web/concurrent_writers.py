"""Twenty writers save one project at the same moment (run in its own process by test_sec_concurrency).

Each writer opens the edit page, waits until all have opened it, changes its own field and
saves; on a 409 it first presses 保存 again with the same stale form (which must be refused
again), then merges through the conflict page, as a person would, until the save is
acknowledged (a 409 page that offers a plain edit form instead is saved again, as a person
would press 保存 on it: that is how updates were lost before the merge page). Prints a JSON summary: which acknowledged values survive in the final document.

Usage: python concurrent_writers.py  (settings from the environment: JIXIAO_DATA_DIR, DATABASE_URL)
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
os.environ["JIXIAO_FAST_HASHER"] = "1"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from sec_helpers import edit_form, form_fields  # noqa: E402

WRITERS = 20


Field = tuple[str, int | None]      # a form field, and the grid row index for row columns


def _fields(form: dict[str, Any]) -> list[Field]:
    """Twenty text fields of the edit form, each writer owning one (a plain field or one row's cell)."""
    plain = ["implementing_unit", "preparer", "phone", "low_execution_reason", "stated.grade", "n.goal",
             "n.achievement", "n.background", "n.conclusion", "n.measures", "n.suggestions"]
    fields: list[Field] = [(f, None) for f in plain if f in form]
    rows = len(form.get("r-g", []))
    fields += [(column, i) for i in range(rows) for column in ("r-r", "r-u")]
    assert len(fields) >= WRITERS, fields
    return fields[:WRITERS]


def _get(form: dict[str, Any], field: Field) -> Any:
    name, index = field
    return form.get(name) if index is None else form[name][index]


def _set(form: dict[str, Any], field: Field, value: str) -> None:
    name, index = field
    if index is None:
        form[name] = value
    else:
        form[name] = [value if i == index else v for i, v in enumerate(form[name])]


def main() -> dict[str, Any]:
    import random

    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Department, Profile
    from jixiao.web.demo import synthetic_project
    from jixiao.web.projects.models import ProjectRecord
    from jixiao.web.projects.workflow import create_project

    call_command("migrate", verbosity=0)
    dept = Department.objects.create(name="并发测试部门")
    user = get_user_model().objects.create_user("writer", password="x-long-password-1")
    Profile.objects.create(user=user, role="preparer", department=dept)
    rec = create_project(synthetic_project(1, random.Random(7), dept.name), dept, user)
    clients = []
    for _ in range(WRITERS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    fields = _fields(edit_form(clients[0], rec.pk))
    barrier = threading.Barrier(WRITERS)
    results: list[dict[str, Any]] = [{} for _ in range(WRITERS)]

    def write(i: int) -> None:
        client, field, value = clients[i], fields[i], f"写入者{i:02d}的修改"
        out = results[i]
        out.update(field=list(field), value=value, conflicts=0, stale_overwrites=0, acknowledged=False)
        try:
            form = edit_form(client, rec.pk)
            _set(form, field, value)
            barrier.wait(timeout=60)
            response = client.post(f"/projects/{rec.pk}/edit/", form)
            for _attempt in range(100):
                if response.status_code != 409:
                    break
                out["conflicts"] += 1
                if out["conflicts"] == 1 and client.post(f"/projects/{rec.pk}/edit/", form).status_code != 409:
                    out["stale_overwrites"] += 1       # 保存 pressed again on the stale form was accepted
                html = response.content.decode()
                if 'id="merge-form"' not in html:         # a page offering to save again: press 保存
                    response = client.post(f"/projects/{rec.pk}/edit/", form_fields(html, "edit-form"))
                    continue
                merge = form_fields(html, "merge-form")
                for index in set(re.findall(r'name="c-(\d+)"', html)):
                    merge[f"c-{index}"] = "yours"          # an explicit choice, counted below
                    out["explicit"] = out.get("explicit", 0) + 1
                response = client.post(f"/projects/{rec.pk}/merge/", merge)
            out["status"] = response.status_code
            out["acknowledged"] = response.status_code == 302
        except Exception as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    final = ProjectRecord.objects.get(pk=rec.pk)
    shown = edit_form(clients[0], rec.pk)
    for out in results:
        out["survived"] = _get(shown, (out["field"][0], out["field"][1])) == out["value"]
    return {"vendor": connection.vendor, "revision": final.revision,
            "revisions": final.revisions.count(), "writers": results}


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
