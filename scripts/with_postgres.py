"""Run a command (the PostgreSQL pass of ``make test``) with ``DATABASE_URL`` pointing at PostgreSQL.

    python scripts/with_postgres.py pytest -n 2 -q tests/web -m "not browser"

- ``DATABASE_URL`` set: that server is used (after one connection check, so a wrong URL is one
  clear line, not hundreds of test errors).
- otherwise: a throwaway server is created with ``initdb`` in a temporary directory, started with
  ``pg_ctl`` on a free port of 127.0.0.1, and removed afterwards. PostgreSQL refuses to run as
  root, so as root it runs as the ``postgres`` account (made by Debian's package) or ``nobody``.
- no PostgreSQL server binaries: one line says so and the pass is skipped (exit 0); the SQLite
  pass has already run every test.

Standard library only, so it works before the virtualenv has anything in it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

UNPRIVILEGED = "nobody"


def server_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin (newest)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.parent.name)) or (0,)
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=version, reverse=True)
    for initdb in candidates:
        if (initdb.parent / "pg_ctl").exists():
            return initdb.parent
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def unprivileged_user() -> str:
    """The account the server runs as under root: Debian's ``postgres`` if the package made it, else nobody."""
    import pwd
    for name in ("postgres", UNPRIVILEGED):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise SystemExit("PostgreSQL pass: running as root and there is neither a 'postgres' nor a 'nobody' "
                     "account to run the throwaway server as")


def as_user(user: str) -> list[str]:
    """The command prefix that drops root for the server (PostgreSQL will not run as root)."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser") or shutil.which("setpriv")
    if runuser is None:
        raise SystemExit("PostgreSQL pass: running as root and neither runuser nor setpriv is available "
                         "to start the throwaway server as an unprivileged user")
    if runuser.endswith("setpriv"):
        import pwd
        entry = pwd.getpwnam(user)
        return [runuser, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", "--"]
    return [runuser, "-u", user, "--"]


def reachable(url: str) -> str | None:
    """None if ``url`` accepts a connection, else the reason (psycopg, which the web app uses)."""
    try:
        import psycopg
    except ImportError:
        return None             # cannot check here; the tests will say
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except Exception as exc:     # any failure to connect is reported in one line
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def run_with(url: str, command: list[str]) -> int:
    return subprocess.call(command, env={**os.environ, "DATABASE_URL": url})


def throwaway(bindir: Path, command: list[str]) -> int:
    user = unprivileged_user() if os.geteuid() == 0 else ""
    prefix = as_user(user)
    root = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
    try:
        if prefix:
            shutil.chown(root, user=user)
        data, log = root / "data", root / "server.log"
        init = subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                               "-E", "UTF8", "--no-locale", "--no-sync"], capture_output=True, text=True,
                              check=False, cwd=root)
        if init.returncode != 0:
            print(f"PostgreSQL pass: initdb failed: {init.stderr.strip()[-500:]}", file=sys.stderr)
            return 1
        port = free_port()
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        start = subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                                "-o", options, "start"], capture_output=True, text=True, check=False, cwd=root)
        if start.returncode != 0:
            tail = log.read_text(errors="replace")[-800:] if log.exists() else start.stderr
            print(f"PostgreSQL pass: the throwaway server did not start:\n{tail}", file=sys.stderr)
            return 1
        version = subprocess.run([str(bindir / "pg_ctl"), "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
        print(f"PostgreSQL pass on a throwaway server ({version}, 127.0.0.1:{port}, {root})", flush=True)
        try:
            return run_with(f"postgresql://postgres@127.0.0.1:{port}/postgres", command)
        finally:
            subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, check=False, cwd=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    url = os.environ.get("DATABASE_URL")
    if url:
        problem = reachable(url)
        if problem:
            print(f"PostgreSQL pass: DATABASE_URL does not answer ({problem}); unset it to use a "
                  "throwaway server", file=sys.stderr)
            return 1
        print("PostgreSQL pass on DATABASE_URL", flush=True)
        return run_with(url, argv)
    bindir = server_binaries()
    if bindir is None:
        print("PostgreSQL pass skipped: no PostgreSQL server binaries (initdb, pg_ctl); install the "
              "'postgresql' package (make test does when run as root) or set DATABASE_URL", flush=True)
        return 0
    return throwaway(bindir, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
