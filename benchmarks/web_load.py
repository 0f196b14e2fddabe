"""Load test: portfolio and project pages over 10,000 projects in PostgreSQL, 20 concurrent clients.

Seeds a dedicated database (``jixiao_bench`` on the server named by ``--database-url``),
starts gunicorn on 127.0.0.1, logs in as a 财政 user and measures, phase by phase, a
trivial baseline endpoint (/healthz), the portfolio page and project pages. Every phase is
bounded by a request count and a time limit. Prints p50/p95 and the ratio to the baseline.

    .venv/bin/python benchmarks/web_load.py                      # 10,000 projects, 20 clients
    .venv/bin/python benchmarks/web_load.py --projects 2000 --requests 200 --seconds 20
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 300.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_database(admin_url: str, name: str) -> str:
    import psycopg
    parts = urlsplit(admin_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def _seed(count: int) -> None:
    """Migrate and top the database up to ``count`` projects (in this process, via Django)."""
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from jixiao.web.accounts.models import Department, Profile
    from jixiao.web.demo import DEPARTMENTS, bulk_synthetic
    from jixiao.web.projects.models import ProjectRecord

    call_command("migrate", interactive=False, verbosity=0)
    user, created = get_user_model().objects.get_or_create(username="bench-finance")
    if created or not user.check_password("bench-pass"):
        user.set_password("bench-pass")
        user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": "finance", "department": None})
    names = [*DEPARTMENTS, *(f"深圳市坪山区第{i}局" for i in range(1, 17))]
    departments = [Department.objects.get_or_create(name=n)[0] for n in names]
    have = ProjectRecord.objects.count()
    if have < count:
        started = time.perf_counter()
        bulk_synthetic(count - have, departments, user, variants=300, seed=have)
        print(f"seeded {count - have} projects in {time.perf_counter() - started:.1f}s")
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Client:
    """One keep-alive-free HTTP client holding the session cookie (gunicorn sync workers close anyway)."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port, self.cookie = port, cookie

    def request(self, method: str, path: str, body: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Cookie": self.cookie, **(headers or {})}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        hdrs = {k.lower(): v for k, v in response.getheaders() if k.lower() != "set-cookie"}
        cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
        if cookies:
            jar = dict(c.split("=", 1) for c in self.cookie.split("; ") if "=" in c)
            jar.update(dict(c.split("=", 1) for c in cookies))
            self.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        conn.close()
        return response.status, hdrs, data


def _login(port: int) -> str:
    client = Client(port)
    _, _, page = client.request("GET", "/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    body = urlencode({"username": "bench-finance", "password": "bench-pass",
                      "csrfmiddlewaretoken": token.group(1).decode()})
    status, _, _ = client.request("POST", "/login/", body,
                                  {"Content-Type": "application/x-www-form-urlencoded",
                                   "Referer": f"http://127.0.0.1:{port}/login/"})
    assert status == 302, f"login failed ({status})"
    return client.cookie


def _phase(port: int, cookie: str, paths: list[str], clients: int, max_requests: int,
           max_seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    counter = iter(range(max_requests))

    def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        client = Client(port, cookie)
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
            path = rng.choice(paths)
            started = time.perf_counter()
            status, _, _ = client.request("GET", quote(path, safe="/?=&"))
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += status != 200

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"n": len(latencies), "errors": errors, "p50": q[49], "p95": q[94],
            "mean": statistics.fmean(latencies), "rps": len(latencies) / wall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL",
                                                                 "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--db-name", default="jixiao_bench")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600, help="per phase")
    parser.add_argument("--seconds", type=float, default=45.0, help="per phase")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()

    url = _ensure_database(args.database_url, args.db_name)
    data_dir = tempfile.mkdtemp(prefix="jixiao-bench-")
    env = {**os.environ, "DATABASE_URL": url, "JIXIAO_DATA_DIR": data_dir,
           "DJANGO_SETTINGS_MODULE": "jixiao.web.settings"}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "JIXIAO_DATA_DIR", "DJANGO_SETTINGS_MODULE")})
    _seed(args.projects)
    from jixiao.web.projects.models import ProjectRecord
    ids = list(ProjectRecord.objects.values_list("id", flat=True).order_by("?")[:500])

    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "jixiao.web.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(args.workers), "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        cookie = _login(port)
        for path in ("/portfolio/", f"/projects/{ids[0]}/"):      # warm every worker a little
            for _ in range(args.workers * 2):
                Client(port, cookie).request("GET", path)
        phases = {
            "baseline /healthz": ["/healthz"],
            "portfolio page": ["/portfolio/", "/portfolio/?page=7", "/portfolio/?grade=良",
                               "/portfolio/?year=2023&status=approved"],
            "project page": [f"/projects/{i}/" for i in ids],
        }
        print(f"{args.projects} projects in PostgreSQL, {args.clients} concurrent clients, gunicorn "
              f"{args.workers} workers on 127.0.0.1, ≤{args.requests} requests / ≤{args.seconds:.0f}s per phase")
        results = {}
        for name, paths in phases.items():
            results[name] = r = _phase(port, cookie, paths, args.clients, args.requests, args.seconds)
            print(f"{name:<20} n={r['n']:<5} errors={r['errors']:<3} p50={r['p50']:7.1f} ms  "
                  f"p95={r['p95']:7.1f} ms  mean={r['mean']:7.1f} ms  {r['rps']:6.1f} req/s")
        base = results["baseline /healthz"]
        for name in ("portfolio page", "project page"):
            r = results[name]
            verdict = "ok" if r["p95"] < GOAL_MS else f"over the {GOAL_MS:.0f} ms goal"
            print(f"{name:<20} p50 ×{r['p50'] / base['p50']:.1f} and p95 ×{r['p95'] / base['p95']:.1f} "
                  f"the baseline; p95 {verdict}")
    finally:
        server.terminate()
        server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
