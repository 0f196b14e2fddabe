"""Demo users, the shipped examples and synthetic projects (for ``serve --demo`` and the load benchmark).

Synthetic projects are real projects: built as core objects under the 财预〔2020〕10号
self-evaluation framework and scored by the pipeline, so the portfolio shows honest figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from ..core.model import Amounts, Comparator, Funding, Indicator, Project, Stated, Target
from ..core.money import q2
from ..io.loading import load_project_file
from .accounts.models import Department, Profile, Role
from .engine import evaluate_project, summary, to_document
from .projects.models import ProjectRecord, Revision
from .projects.workflow import create_project

DEMO_PASSWORD = "jixiao-demo"
DEPARTMENTS = ["深圳市坪山区投资推广服务署", "深圳市坪山区教育局", "深圳市坪山区卫生健康局", "深圳市坪山区城市管理和综合执法局"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"   # shipped in the package (examples/ links here)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    department: str | None


# A Role member is a str; without Django stubs mypy reads it as its declared (value, label) tuple.
DEMO_USERS = [
    DemoUser("tianbao", "王美娴", Role.PREPARER, DEPARTMENTS[0]),  # type: ignore[arg-type]
    DemoUser("shenhe", "刘海兰", Role.REVIEWER, DEPARTMENTS[0]),  # type: ignore[arg-type]
    DemoUser("jiaoyu", "陈晓东", Role.PREPARER, DEPARTMENTS[1]),  # type: ignore[arg-type]
    DemoUser("jiaoyu-shenhe", "赵敏", Role.REVIEWER, DEPARTMENTS[1]),  # type: ignore[arg-type]
    DemoUser("caizheng", "李财政", Role.FINANCE, None),  # type: ignore[arg-type]
    DemoUser("admin", "系统管理员", Role.ADMIN, None),  # type: ignore[arg-type]
]


def ensure_user(spec: DemoUser, password: str = DEMO_PASSWORD) -> Any:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=spec.username)
    if created:
        user.first_name = spec.full_name
        user.set_password(password)
        user.is_superuser = user.is_staff = spec.role == Role.ADMIN
        user.save()
    dept = Department.objects.get_or_create(name=spec.department)[0] if spec.department else None
    Profile.objects.update_or_create(user=user, defaults={"role": spec.role, "department": dept})
    return user


def load_demo(stdout: Any = None) -> list[DemoUser]:
    """Create departments, demo users, the shipped examples and a few synthetic projects (idempotent)."""
    with transaction.atomic():
        for name in DEPARTMENTS:
            Department.objects.get_or_create(name=name)
        users = {spec.username: ensure_user(spec) for spec in DEMO_USERS}
        if ProjectRecord.objects.exists():
            return DEMO_USERS
        for path in sorted(EXAMPLES.glob("*.yaml")) if EXAMPLES.is_dir() else []:
            loaded = load_project_file(path)
            for project in loaded.projects:
                dept = Department.objects.get_or_create(name=project.department or DEPARTMENTS[0])[0]
                create_project(project, dept, _author(users, dept.name), note=f"示例 {path.name}")
        rng = random.Random(2026)
        for i in range(24):
            dept = Department.objects.get(name=DEPARTMENTS[i % len(DEPARTMENTS)])
            project = synthetic_project(i, rng, dept.name)
            rec = create_project(project, dept, _author(users, dept.name), note="演示数据")
            if i % 3:
                status = "approved" if i % 3 == 2 else "submitted"
                review = rec.self_score - Decimal(rng.randint(0, 12)) if rec.self_score is not None else None
                ProjectRecord.objects.filter(pk=rec.pk).update(status=status, submitted_count=1, review_score=review)
    return DEMO_USERS


def _author(users: dict[str, Any], department: str) -> Any:
    """The department's demo preparer, else the administrator."""
    return next((users[u.username] for u in DEMO_USERS if u.department == department and u.role == Role.PREPARER),
                users["admin"])


def synthetic_project(i: int, rng: random.Random, department: str, year: int | None = None) -> Project:
    """A plausible 项目支出 under mof-2020-selfeval, with targets, actuals and funding that vary."""
    adjusted = Decimal(rng.randint(50, 5000))
    spent = q2(adjusted * Decimal(rng.randint(55, 100)) / 100)
    specs = [("数量指标", "产出", "数量", "完成培训人次", Comparator.GE, 1000, "人次", Decimal(20)),
             ("质量指标", "产出", "质量", "验收合格率", Comparator.GE, 95, "%", Decimal(15)),
             ("时效指标", "产出", "时效", "按期完成率", Comparator.GE, 98, "%", Decimal(15)),
             ("社会效益指标", "效益", "社会效益", "惠及群众人数", Comparator.GE, 5000, "人", Decimal(30)),
             ("服务对象满意度指标", "满意度", "服务对象满意度", "服务对象满意度", Comparator.GE, 90, "%", Decimal(10))]
    targets, groups = [], {}
    for k, (group, cat, sub, name, comp, value, unit, weight) in enumerate(specs):
        actual = q2(Decimal(value) * Decimal(rng.randint(60, 110)) / 100)
        targets.append(Target(f"t{k + 1}", name, cat, sub, comp, Decimal(value), unit=unit, actual=actual,
                              deviation_reason="受疫情影响部分活动延期" if actual < value else ""))
        groups[group] = Indicator(group, children=(Indicator(name, weight=weight, target=f"t{k + 1}"),))
    tree = (Indicator("产出指标", children=(groups["数量指标"], groups["质量指标"], groups["时效指标"])),
            Indicator("效益指标", children=(groups["社会效益指标"],)),
            Indicator("满意度指标", children=(groups["服务对象满意度指标"],)))
    project = Project(name=f"{department[6:10]}专项{i + 1:05d}", year=year or 2022 + i % 4, department=department,
                      framework="mof-2020-selfeval", targets=tuple(targets), indicators=tree,
                      funding=Funding(total=Amounts(adjusted, adjusted, spent)))
    card = evaluate_project(project).card
    bias = Decimal(rng.randint(0, 8)) if i % 2 else Decimal(0)
    stated_total = min(Decimal(100), card.total + bias) if card else None
    return project.evolve(stated=Stated(total=stated_total))


def bulk_synthetic(count: int, departments: list[Department], user: Any, variants: int = 200,
                   seed: int = 7) -> int:
    """Insert ``count`` scored projects fast: score ``variants`` distinct ones, replicate with new names."""
    rng = random.Random(seed)
    prepared = []
    for v in range(variants):
        project = synthetic_project(v, rng, departments[v % len(departments)].name)
        evaluation = evaluate_project(project)
        prepared.append((to_document(project), summary(evaluation)))
    statuses = ["draft", "submitted", "approved", "returned", "approved", "submitted"]
    batch: list[ProjectRecord] = []
    made = 0
    for n in range(count):
        document, cols = prepared[n % variants]
        dept = departments[n % len(departments)]
        name = f"{dept.name[6:10]}项目{n + 1:05d}"
        doc = {**document, "project": {**document["project"], "name": name, "department": dept.name}}
        status = statuses[n % len(statuses)]
        review = None
        if status in ("submitted", "approved") and cols["self_score"] is not None:
            review = max(Decimal(0), cols["self_score"] - Decimal(rng.randint(0, 10)))
        batch.append(ProjectRecord(department=dept, document=doc, created_by=user, status=status,
                                   review_score=review, submitted_count=1 if status != "draft" else 0,
                                   **{**cols, "name": name, "year": 2021 + n % 5}))
        if len(batch) == 1000:
            made += _flush(batch, user)
    return made + _flush(batch, user)


def _flush(batch: list[ProjectRecord], user: Any) -> int:
    with transaction.atomic():
        created = ProjectRecord.objects.bulk_create(batch)
        Revision.objects.bulk_create([Revision(project=r, number=1, author=user, status=r.status, note="批量生成",
                                               document=r.document) for r in created])
    n = len(batch)
    batch.clear()
    return n
