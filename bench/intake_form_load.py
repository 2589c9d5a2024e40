"""Public request form under load (targets: ratio to /healthz >= 0.5; exactly N new requests).

Serves Naast with gunicorn (2 sync workers, production settings) on a fresh database, then
50 concurrent clients submit 10,000 'Hulp vragen' forms. In the same run the same clients hit
/healthz as often, for the baseline. Prints throughput, p50/p95 latency, the ratio, and checks
that the database holds exactly 10,000 new web requests: none lost, none doubled.

    .venv/bin/python bench/intake_form_load.py                       # SQLite (a file under var/bench/)
    .venv/bin/python bench/intake_form_load.py --database postgres://postgres@127.0.0.1:5432/naast_form_bench

--database defaults to DATABASE_URL. The PostgreSQL database is dropped and created afresh. Each client fetches the form once (CSRF
cookie and token, signed start time) and then posts it repeatedly with a new submission key, as
many residents behind one address would; the per-address rate limit and the time-to-submit
check are switched off for the run (NAAST_INTAKE_RATE_LIMIT_PER_HOUR=0, NAAST_INTAKE_MIN_SECONDS=0).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import _django
from _django import load_average

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, tmp: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "NAAST_DATA_DIR": str(tmp),
        "STATIC_ROOT": str(tmp / "static"),
        "NAAST_INTAKE_RATE_LIMIT_PER_HOUR": "0",
        "NAAST_INTAKE_MIN_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "60",
    })
    return env


def count_web_requests(env: dict) -> int:
    out = subprocess.run(
        [str(VENV_BIN / "naast"), "shell", "-c",
         "from naast.registry.models import HelpRequest; print(HelpRequest.objects.filter(channel='web').count())"],
        env=env, capture_output=True, text=True, check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


class Client:
    """One resident's browser: keeps cookies, sends requests over keep-alive HTTP/1.1."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = None

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/hulp-vragen/"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, data


def load(port: int, clients: int, total: int, work, setup=None) -> tuple[float, list[float], int]:
    """Run `work(client, i)` `total` times spread over `clients` threads; (seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(total))

    def worker(state):
        local, failed = [], 0
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            started = time.perf_counter()
            try:
                ok = work(state, i)
            except Exception:
                ok = False
            local.append(time.perf_counter() - started)
            failed += not ok
        with lock:
            latencies.extend(local)
            errors[0] += failed

    states = [Client(port) for _ in range(clients)]
    for state in states:
        if setup:
            setup(state)
    threads = [threading.Thread(target=worker, args=(state,)) for state in states]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors[0]


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by one process, read from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU used so far by this load client, by the gunicorn master and its workers, and by
    PostgreSQL's processes (0 on SQLite): where each request's cost goes."""
    workers = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    children = [int(p) for p in workers.read_text().split()] if workers.exists() else []
    database = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    database += _process_cpu(int(entry.name))
            except OSError:
                pass
    return {
        "client": time.process_time(),
        "server": _process_cpu(server_pid) + sum(_process_cpu(pid) for pid in children),
        "database": database,
    }


def cpu_per_request(before: dict, after: dict, requests: int) -> str:
    return "CPU per request: " + ", ".join(
        f"{key} {(after[key] - before[key]) / requests * 1000:.2f} ms" for key in before
    )


def figures(label: str, seconds: float, latencies: list[float], errors: int) -> float:
    throughput = len(latencies) / seconds
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{label:<10} {len(latencies):>6} requests in {seconds:6.1f} s  {throughput:7.1f}/s  "
          f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  errors {errors}  "
          f"({load_average()})")
    return throughput


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""),
                        help="postgres://... (dropped and created); default: DATABASE_URL, else a new SQLite file")
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = _django.data_dir("form")
    database_url = _django.prepare_database(_django.database_url(tmp, args.database))
    env = server_env(database_url, tmp)
    subprocess.run([str(VENV_BIN / "naast"), "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([str(VENV_BIN / "naast"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    before = count_web_requests(env)
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "naast.conf.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--keep-alive", "5"],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        print(f"Naast public form under load: {engine}, gunicorn {args.workers} sync workers, "
              f"{args.clients} concurrent clients, {os.cpu_count()} CPU cores, {load_average()} before the run")

        def health(state, _i):
            return state.request("GET", "/healthz")[0] == 200

        cpu = cpu_seconds(server.pid)
        seconds, latencies, errors = load(port, args.clients, args.submissions, health)
        health_rate = figures("/healthz", seconds, latencies, errors)
        print("           " + cpu_per_request(cpu, cpu_seconds(server.pid), len(latencies)))

        def open_form(state):
            status, html = state.request("GET", "/hulp-vragen/")
            assert status == 200, status
            page = html.decode()
            state.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            state.started = re.search(r'name="started" value="([^"]+)"', page).group(1)

        def submit(state, i):
            body = urlencode({
                "csrfmiddlewaretoken": state.token, "started": state.started,
                "submission_key": f"bench-{i:08d}-{secrets.token_hex(8)}",
                "question": f"Ik heb hulp nodig bij een brief (test {i}).", "urgency": "regular",
                "for_whom": "self", "name": "Bench", "contact_way": "phone", "phone": "06 12345678",
                "preferred_language": "nl", "website": "",
            })
            status, _body = state.request("POST", "/hulp-vragen/", body)
            return status == 302

        cpu = cpu_seconds(server.pid)
        seconds, latencies, errors = load(port, args.clients, args.submissions, submit, setup=open_form)
        form_rate = figures("form POST", seconds, latencies, errors)
        print("           " + cpu_per_request(cpu, cpu_seconds(server.pid), len(latencies)))
        print(f"ratio form/healthz throughput: {form_rate / health_rate:.2f} (target >= 0.5)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    created = count_web_requests(env) - before
    verdict = "OK" if created == args.submissions else "MISMATCH"
    print(f"new web requests in the database: {created} of {args.submissions} submitted ({verdict})")
    return 0 if created == args.submissions else 1


if __name__ == "__main__":
    sys.exit(main())
