"""Benchmark public pages against a bare Flask page, in the same run, on loopback.

    make bench                      # or: .venv/bin/python bench/run.py [--seconds 10]

Starts gunicorn twice with the same settings (the portal on a seeded SQLite database with
jobs in-process, and bench/bare.py), runs wrk against each page and prints requests per
second, p50 and p99 latency, and the ratio to the bare page. Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/en/", "/cy/roles/", "/en/sign-in", "/en/accessibility", "/cy/roles/?area=powys",
         "/en/roles/{role}", "/en/roles/feed.atom", "/en/embed/roles", "/en/roles/{role}/poster"]
GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "1",
            "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port}")


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url: str, seconds: int) -> dict:
    subprocess.run(["wrk", "-t1", "-c2", "-d1s", url], capture_output=True, check=True)  # warm-up
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": int(non2xx.group(1)) if non2xx else 0}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    instance = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_DIR": str(instance),
           "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "false"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "portal"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "seed", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    import sqlite3

    with sqlite3.connect(instance / "portal.sqlite3") as con:  # a published demo role
        role = con.execute("SELECT min(id) FROM recruitment WHERE stage = 'published'").fetchone()[0]

    portal_port, bare_port = free_port(), free_port()
    servers = [
        subprocess.Popen([*GUNICORN, "--bind", f"127.0.0.1:{portal_port}", "portal:create_app()"],
                         cwd=ROOT, env=env),
        subprocess.Popen([*GUNICORN, "--bind", f"127.0.0.1:{bare_port}", "bench.bare:app"],
                         cwd=ROOT, env=env),
    ]
    try:
        wait_for(portal_port)
        wait_for(bare_port)
        bare = wrk(f"http://127.0.0.1:{bare_port}/", args.seconds)
        print(f"{'page':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× bare req/s':>14}")
        print(f"{'bare Flask page':<26}{bare['rps']:>9.0f}{bare['p50']:>9.2f}{bare['p99']:>9.2f}"
              f"{1:>14.2f}")
        for page in (p.format(role=role) for p in PAGES):
            result = wrk(f"http://127.0.0.1:{portal_port}{page}", args.seconds)
            assert result["errors"] == 0, f"{page}: {result['errors']} error responses"
            print(f"{page:<26}{result['rps']:>9.0f}{result['p50']:>9.2f}{result['p99']:>9.2f}"
                  f"{result['rps'] / bare['rps']:>14.2f}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
