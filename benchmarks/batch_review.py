"""Batch review on the PostgreSQL queue against ``jixiao check DIR`` on the same files.

    python scripts/with_postgres.py .venv/bin/python benchmarks/batch_review.py --files 200
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/jx_bench \\
        .venv/bin/python benchmarks/batch_review.py [--files 1000] [--workers 1,2] [--repeat 1] [--corpus DIR]

Generates N published reports of mixed formats (TXT, Markdown, HTML, DOCX, XLSX, PDF and
project files; a few corrupt ones) from synthetic projects with the publishers, keeps them in
``--corpus`` for the next run, then measures in the same run:

- the baseline: ``jixiao check DIR`` (every core) and ``jixiao check -j 1 DIR``, plus a one-file
  run of each so their start-up can be told apart from their per-file cost;
- for each worker count: ``jixiao worker`` processes already started and waiting, the files
  stored and queued as one batch, the time until every file has its result recorded.

It prints files/s and the ratio of batch time to ``jixiao check DIR`` (goal ≤ 1.2 at 2 workers)
in wall time, and in CPU time, which the other work on a shared machine does not inflate:
the workers' CPU during the batch (read from /proc, so their start-up is not counted, as a
long-running worker pays it once) and the PostgreSQL server's (its processes, found from the
benchmark's own backend), against the CLI's CPU net of its start-up. The per-file overhead of
the queue is given both ways: wall time per file with one worker minus the job's own
read+score+check, and worker (+ server) CPU per file minus ``check -j 1``'s.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FORMATS = [("txt", 25), ("md", 10), ("html", 20), ("docx", 20), ("xlsx", 12), ("pdf", 5), ("yaml", 7),
           ("broken", 1)]
DEPARTMENTS = ["某市教育局", "某市卫生健康委员会", "某市民政局", "某市交通运输局", "某市农业农村局",
               "某市生态环境局", "某市文化广电旅游局", "某市住房和城乡建设局"]


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    os.environ.setdefault("JIXIAO_DATA_DIR", str(Path("/tmp") / "jixiao-bench-batch"))
    import django
    django.setup()


def _kind(i: int) -> str:
    total = sum(w for _, w in FORMATS)
    slot = (i * 37) % total          # spread the formats through the file order
    for kind, weight in FORMATS:
        if slot < weight:
            return kind
        slot -= weight
    return "txt"


def _make(i: int, folder: str) -> str:
    """One report file (run in a pool: the PDFs take a second each)."""
    from jixiao import pipeline
    from jixiao.core.model import Record
    from jixiao.io.serialize import dump_yaml, project_to_dict
    from jixiao.publish import render
    from jixiao.web.demo import synthetic_project
    kind = _kind(i)
    rng = random.Random(i)
    dept = DEPARTMENTS[i % len(DEPARTMENTS)]
    project = synthetic_project(i, rng, dept).evolve(record=Record.PUBLISHED)
    path = Path(folder) / f"r{i:05d}.{'pdf' if kind == 'broken' else kind}"
    if kind == "broken":
        data = b"%PDF-1.4\n" + rng.randbytes(2000)
    elif kind == "yaml":
        data = dump_yaml(project_to_dict(project)).encode()
    else:
        card, _ = pipeline.check(project)
        fmt = "md" if kind == "txt" else kind
        data = render(project, card, fmt, **({} if fmt == "xlsx" else {"charts": False}))
    path.write_bytes(data)
    return path.name


def corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    missing = [i for i in range(n) if not any(folder.glob(f"r{i:05d}.*"))]
    if missing:
        print(f"generating {len(missing)} report files in {folder} …", flush=True)
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, initializer=_setup,
                                 initargs=(os.environ["DATABASE_URL"],)) as pool:
            list(pool.map(_make, missing, [str(folder)] * len(missing), chunksize=8))
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    files = sorted(p for p in folder.iterdir() if p.stem[1:].isdigit() and int(p.stem[1:]) < n)
    counts: dict[str, int] = {}
    for p in files:
        counts[p.suffix] = counts.get(p.suffix, 0) + 1
    print("formats: " + ", ".join(f"{k[1:]} {v}" for k, v in sorted(counts.items())))
    return files


def _child_cpu() -> float:
    """CPU seconds of finished child processes: a measure the other work on the machine does not inflate."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()       # fields from 3 (state) on


def proc_cpu(pid: int, children: bool = False) -> float:
    """CPU seconds of a live process (and of its children it has waited for), from /proc."""
    f = _stat(pid)
    if f is None:
        return 0.0
    ticks = int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if children else 0)
    return ticks / TICK


def server_cpu(own: bool = True) -> float | None:
    """CPU seconds of the PostgreSQL server so far: its postmaster with the children it reaped,
    and every live child (backends, WAL writer, ...); ``own=False`` leaves out the benchmark's
    own backend (while it only polls for progress, which is not the queue's cost). None when
    /proc cannot be read."""
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    mine = _stat(backend)
    if mine is None:
        return None
    postmaster = int(mine[1])
    total = proc_cpu(postmaster, children=True) - (0.0 if own else proc_cpu(backend))
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            f = _stat(int(entry.name))
            if f is not None and int(f[1]) == postmaster:
                total += proc_cpu(int(entry.name))
    return total


def cli_check(folder: Path, jobs: int | None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``jixiao check DIR``."""
    cmd = [sys.executable, "-m", "jixiao.cli.main", "check", str(folder)] + (["-j", str(jobs)] if jobs else [])
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    started, cpu = time.perf_counter(), _child_cpu()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - started, _child_cpu() - cpu


def _prepare_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0)


def _user() -> Any:
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Department, Profile
    for name in DEPARTMENTS:
        Department.objects.get_or_create(name=name)
    user, _ = get_user_model().objects.get_or_create(username="bench-finance")
    Profile.objects.get_or_create(user=user, defaults={"role": "finance"})
    return user


def _start_workers(k: int) -> list[subprocess.Popen[bytes]]:
    procs = [subprocess.Popen([sys.executable, "-m", "jixiao.cli.main", "worker", "--name", f"bench{i}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(k)]
    from django.db import connection
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:           # wait until every worker has registered
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_workers "
                           "WHERE last_heartbeat > now() - interval '20 seconds'")
            if cursor.fetchone()[0] >= k:
                return procs
        time.sleep(0.2)
    raise SystemExit("workers did not start")


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()


def queued(files: list[Path], k: int, user: Any) -> dict[str, float]:
    from django.db.models import Avg, Count, Q

    from jixiao.web.batches import service
    from jixiao.web.batches.models import Batch, Result
    from jixiao.web.projects.models import ProjectRecord
    Batch.objects.all().delete()
    ProjectRecord.objects.all().delete()
    uploads = [(p.name, p.read_bytes()) for p in files]
    procs = _start_workers(k)
    try:
        idle = sum(proc_cpu(p.pid) for p in procs)            # start-up, paid once per worker
        server0 = server_cpu()
        started = time.perf_counter()
        batch = service.create(f"基准 {k} 个工作进程", user)
        taken = service.add_files(batch, uploads, user)
        stored = time.perf_counter() - started
        server_stored = server_cpu()
        polling_from = server_cpu(own=False)          # from here on the benchmark's backend only polls
        while Result.objects.filter(run__batch=batch).count() < len(taken.files):
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        busy = sum(proc_cpu(p.pid) for p in procs) - idle
        server1 = server_cpu(own=False)
    finally:
        _stop(procs)
    stats = Result.objects.filter(run__batch=batch).aggregate(
        seconds=Avg("seconds"), n=Count("id"), unreadable=Count("id", filter=Q(state="unreadable")))
    return {"elapsed": elapsed, "stored": stored, "check": stats["seconds"] or 0.0, "n": stats["n"],
            "cpu": busy, "startup": idle / k,
            "server": (server1 - polling_from) if polling_from is not None and server1 is not None
            else float("nan"),
            "server_store": (server_stored - server0) if server0 is not None and server_stored is not None
            else float("nan"),
            "unreadable": stats["unreadable"], "refused": len(taken.refused)}


def best(rounds: list[dict[str, float]]) -> dict[str, float]:
    """Each measure's smallest value over the rounds: contention only ever adds time."""
    return {key: min(r[key] for r in rounds) for key in rounds[0]}


def _ms(seconds: float, n: int) -> str:
    return f"{seconds / n * 1000:.1f} ms/file"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--chunk", type=int, default=0, help="files per job (default: the queue's own)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds; the best of each is shown")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/jixiao-bench-batch/reports"))
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("set DATABASE_URL=postgresql://… (the queue needs PostgreSQL)")
    _setup(url)
    files = corpus(args.corpus, args.files)
    folder = args.corpus.parent / f"run-{args.files}"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for p in files:                                # exactly these files for the CLI too
        (folder / p.name).symlink_to(p)
    _prepare_database(url)
    user = _user()
    from jixiao.web.batches import jobs
    jobs.CHUNK = args.chunk or jobs.CHUNK
    n = len(files)
    # one file of each format: the CLI's start-up with every reader loaded, to tell from its per-file cost
    firsts = list({p.suffix: p for p in reversed(files)}.values())
    single = args.corpus.parent / "run-formats"
    single.mkdir(exist_ok=True)
    for old in single.iterdir():
        old.unlink()
    for p in firsts:
        (single / p.name).symlink_to(p)
    workers = [int(x) for x in args.workers.split(",")]
    cli_rounds: list[dict[str, float]] = []
    queue_rounds: dict[int, list[dict[str, float]]] = {k: [] for k in workers}
    for _ in range(args.repeat):          # interleaved, so a change of load falls on both sides
        (a, a_cpu), (o, o_cpu) = cli_check(folder, None), cli_check(folder, 1)
        (_, a_start), (_, o_start) = cli_check(single, None), cli_check(single, 1)
        cli_rounds.append({"all": a, "all_cpu": a_cpu, "one": o, "one_cpu": o_cpu, "all_start": a_start,
                           "one_start": o_start})
        for k in workers:
            queue_rounds[k].append(queued(files, k, user))
    c = best(cli_rounds)
    cli_all, all_cpu, cli_one, one_cpu = c["all"], c["all_cpu"], c["one"], c["one_cpu"]
    all_start, one_start = c["all_start"], c["one_start"]
    # per-file CPU net of start-up, counted over the files beyond the start-up run's
    all_net = max(all_cpu - all_start, 1e-9) * n / (n - len(firsts))
    one_net = max(one_cpu - one_start, 1e-9) * n / (n - len(firsts))
    print(f"\nfiles: {n}; {jobs.CHUNK} per job; cores: {os.cpu_count()}; best of {args.repeat} interleaved "
          f"round(s) each; load average now: {os.getloadavg()[0]:.1f} (other work on the machine slows the "
          "wall times below, and the CPU times less)")
    print(f"jixiao check DIR        {cli_all:7.1f} s  {n / cli_all:6.1f} files/s   (baseline); "
          f"CPU {_ms(all_cpu, n)}, {_ms(all_net, n)} net of start-up "
          f"({all_start:.1f} s for {len(firsts)} files, one per format)")
    print(f"jixiao check -j 1 DIR   {cli_one:7.1f} s  {n / cli_one:6.1f} files/s; "
          f"CPU {_ms(one_cpu, n)}, {_ms(one_net, n)} net of start-up ({one_start:.1f} s)")
    one: dict[str, float] | None = None
    for k in workers:
        r = best(queue_rounds[k])
        one = r if k == 1 else one
        goal = "  (goal ≤ 1.2)" if k == 2 else ""
        both = r["cpu"] + r["server"]
        print(f"queue, {k} worker(s)     {r['elapsed']:7.1f} s  {r['n'] / r['elapsed']:6.1f} files/s   "
              f"wall ratio to check DIR {r['elapsed'] / cli_all:.2f}{goal}; stored+queued in {r['stored']:.1f} s; "
              f"{r['unreadable']} unreadable, {r['refused']} refused")
        print(f"    CPU: workers {_ms(r['cpu'], r['n'])} (start-up {r['startup']:.1f} s each, not counted), "
              f"PostgreSQL server {_ms(r['server'], r['n'])} (+ {_ms(r['server_store'], r['n'])} storing the "
              f"uploads, as the web request does, not counted below); CPU ratio to check DIR (net of start-up): "
              f"workers {r['cpu'] / all_net:.2f}, workers + server {both / all_net:.2f}{goal}")
    if one is not None:
        m = one["n"]
        per_file = one["elapsed"] / m
        print(f"\nper file, 1 worker: {per_file * 1000:.1f} ms wall; of which the job's read+score+check "
              f"{one['check'] * 1000:.1f} ms")
        print(f"queue overhead per file, wall: {(per_file - one['check']) * 1000:.1f} ms over the job's own "
              f"read+score+check (records, results, job fetch/finish), {(per_file - cli_one / n) * 1000:.1f} ms "
              "over `check -j 1`")
        print(f"queue overhead per file, CPU: workers {(one['cpu'] / m - one_net / n) * 1000:.1f} ms over "
              f"`check -j 1` (net of start-up), workers + server "
              f"{((one['cpu'] + one['server']) / m - one_net / n) * 1000:.1f} ms")

if __name__ == "__main__":
    main()
