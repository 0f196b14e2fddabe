"""Besides the shipped frameworks, the web app uses only those an administrator registered in the database."""

from __future__ import annotations

from importlib import resources

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.accounts.models import RegisteredFramework
from jixiao.web.audit.models import AuditEvent
from jixiao.web.projects.models import ProjectRecord


def _shipped_text(new_name: str) -> bytes:
    text = resources.files("jixiao.frameworks").joinpath("mof-2020-selfeval.yaml").read_text("utf-8")
    lines = [f"name: {new_name}" if line.startswith("name:") else line for line in text.splitlines()]
    return ("\n".join(lines) + "\n").encode()


def _register(client, name: str, data: bytes):
    return client.post("/users/", {"action": "framework", "name": name,
                                   "file": SimpleUploadedFile(f"{name}.yaml", data)}, follow=True)


def test_admin_registers_a_framework_and_projects_score_on_it(world) -> None:
    response = _register(world.client("adm"), "province-2024", _shipped_text("province-2024"))
    assert "已登记指标体系" in response.content.decode()
    assert RegisteredFramework.objects.filter(name="province-2024").exists()
    assert AuditEvent.objects.filter(kind="framework_register", username="adm").exists()
    prep = world.client("prep_a")
    project = ("jixiao: 1\nframework: province-2024\nproject:\n  name: 登记体系项目\n  year: 2024\n"
               "funding:\n  adjusted: 100\n  actual: 90\n").encode()
    assert prep.post("/projects/upload/", {"file": SimpleUploadedFile("p.yaml", project)}).status_code == 302
    rec = ProjectRecord.objects.get(name="登记体系项目")
    score = prep.get(f"/api/projects/{rec.pk}/score").json()
    assert score["framework"] == "province-2024"
    assert "province-2024" in prep.get("/").content.decode()          # offered when creating a project


def test_only_admins_register_and_bad_yaml_or_names_are_refused(world) -> None:
    assert world.client("fin").post("/users/", {"action": "framework", "name": "x"}).status_code == 403
    adm = world.client("adm")
    assert "无效" in _register(adm, "/etc/passwd", _shipped_text("a")).content.decode()
    assert "无效" in _register(adm, "mof-2020-selfeval", _shipped_text("a")).content.decode()
    broken = _register(adm, "broken", b"name: broken\nindicators: [[[\n").content.decode()
    assert "语法错误" in broken or "指标体系" in broken
    bomb = b"name: bomb\nindicators:\n" + b"".join(b"- &a%d [*a%d, *a%d]\n" % (i, i - 1, i - 1) for i in range(1, 40))
    assert "已登记" not in _register(adm, "bomb", bomb).content.decode()
    assert not RegisteredFramework.objects.exists()


def test_batch_uploads_outside_a_request_use_registered_frameworks(world) -> None:
    """pipeline.run on uploaded bytes (the batch worker's path) sees the database's frameworks, never paths."""
    from jixiao import pipeline
    _register(world.client("adm"), "province-2024", _shipped_text("province-2024"))
    project = ("jixiao: 1\nframework: province-2024\nproject:\n  name: 批量项目\n  year: 2024\n"
               "funding:\n  adjusted: 100\n  actual: 90\n").encode()
    result = pipeline.run(pipeline.Upload(project, "p.yaml"))
    assert result.cards and result.cards[0].framework.name == "province-2024"
