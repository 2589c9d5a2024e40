"""Two servers on one PostgreSQL: residents' forms and e-mail under load, nothing lost, nothing doubled.

Targets: 0 errors; every accepted submission stored exactly once (none lost, none doubled, none
stored that was not accepted); every confirmation e-mail sent exactly once (0 doubled, 0 lost);
every `naast send-mail` run exits 0 and the outbox ends empty.

What it does, all on 127.0.0.1:
- creates a fresh PostgreSQL database (dropped again at the end), migrates it;
- starts a small SMTP server (aiosmtpd) that records every message it accepts;
- starts two gunicorn instances (two "servers", different ports, 2 sync workers each) with the
  same settings on that database, as two hosts behind a load balancer would run;
- for `--seconds`, `--residents` simulated residents fill in the public form "Hulp vragen"
  (/hulp-vragen/): GET the page on one instance (CSRF cookie and token, signed start time),
  POST it to the other one (so nothing may live in one server's memory), each with a unique
  marker in the question and in the e-mail address the confirmation goes to;
- meanwhile `naast send-mail` is started twice at once, again and again, as two servers' cron
  would (the web workers also send each confirmation right after their response, so the cron
  runs and the workers compete for the same messages);
- then counts: the database's requests per marker, the SMTP server's messages per recipient.

    .venv/bin/python bench/two_servers.py                               # 50 residents, 60 s
    .venv/bin/python bench/two_servers.py --seconds 5 --residents 4     # a quick run (CI)
    .venv/bin/python bench/two_servers.py --database postgres://postgres@127.0.0.1:5432/naast_bench_x

It runs on PostgreSQL only (two servers share one database; SQLite is for one server): --database
defaults to DATABASE_URL when that names a PostgreSQL database, else to naast_bench_two_servers on
127.0.0.1. Its files (static files, uploads) go to a folder under var/bench/.

The per-address and per-resident limits of the form and its time-to-submit check are off for
the run (NAAST_INTAKE_RATE_LIMIT_PER_HOUR=0, NAAST_INTAKE_ADDRESS_LIMIT_PER_HOUR=0,
NAAST_INTAKE_MIN_SECONDS=0): every simulated resident comes from 127.0.0.1 and types fast.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlparse

import _django

VENV_BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/naast_bench_two_servers"
MARKER_RE = re.compile(r"\[(m-[0-9a-f]{6}-\d+-\d+)\]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


# --- the database --------------------------------------------------------------------------------


def admin_url(url: str) -> tuple[str, str]:
    parsed = urlparse(url)
    return parsed._replace(path="/postgres").geturl(), parsed.path.lstrip("/")


def create_database(url: str) -> None:
    import psycopg

    admin, name = admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    admin, name = admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stored_markers(url: str) -> tuple[Counter, int, int]:
    """Web requests per marker; the outbox's messages left over (waiting, given up)."""
    import psycopg

    with psycopg.connect(url) as conn:
        questions = [row[0] for row in conn.execute("SELECT question FROM registry_helprequest WHERE channel = 'web'")]
        waiting = conn.execute("SELECT count(*) FROM core_outgoingmail WHERE failed_at IS NULL").fetchone()[0]
        given_up = conn.execute("SELECT count(*) FROM core_outgoingmail WHERE failed_at IS NOT NULL").fetchone()[0]
    markers = Counter()
    for question in questions:
        found = MARKER_RE.search(question)
        markers[found.group(1) if found else "(no marker)"] += 1
    return markers, waiting, given_up


# --- the SMTP server -----------------------------------------------------------------------------


class Sink:
    """Records each message it accepts: recipient and subject. While `refusing`, it answers every
    recipient with a temporary failure (451), as a mail server that is down for maintenance."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[str, str]] = []
        self.refusing = False
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refusing:
            with self.lock:
                self.refused += 1
            return "451 4.3.0 Mail server busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient.lower(), str(message.get("Subject", ""))))
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


# --- the servers ---------------------------------------------------------------------------------


def server_env(database_url: str, tmp: Path, smtp_port: int) -> dict:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "NAAST_TESTING": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # the same on both servers, as it must be
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "NAAST_DATA_DIR": str(tmp),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),  # shared storage: both servers use one folder
        "NAAST_INTAKE_RATE_LIMIT_PER_HOUR": "0",
        "NAAST_INTAKE_ADDRESS_LIMIT_PER_HOUR": "0",
        "NAAST_INTAKE_MIN_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
        "EMAIL_TIMEOUT": "30",
        "DEFAULT_FROM_EMAIL": "naast@bench.test",
        "LOG_LEVEL": "ERROR",  # not the outbox's "will retry" warnings of the planned outage
        "DATABASE_CONN_MAX_AGE": "60",
    })
    return env


class Browser:
    """One resident's browser: cookies per server (as a browser keeps them per host name behind
    a load balancer they are the same; here two ports), HTTP/1.1 with reconnects."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.conns: dict[int, http.client.HTTPConnection] = {}
        self.used: dict[int, float] = {}

    def request(self, port: int, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "http://127.0.0.1/hulp-vragen/"
            headers["Origin"] = "http://127.0.0.1"
        conn = self.conns.get(port)
        if conn is not None and time.monotonic() - self.used.get(port, 0.0) > 1.0:
            # Idle past a second: the server may be closing it (gunicorn's keep-alive is 2 s), and a
            # POST on a connection closed under it cannot be retried safely. A new one, as browsers do.
            conn.close()
            conn = None
        if conn is None:
            conn = self.conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            conn.close()
            del self.conns[port]
            if body is not None:
                raise  # never post twice: a lost answer to a POST counts as an error
            conn = self.conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        self.used[port] = time.monotonic()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            self.conns.pop(port, None)
        return response.status, data


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} stopped at start (exit {process.returncode})")
        try:
            if Browser().request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start")


# --- the residents -------------------------------------------------------------------------------


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted: list[str] = []  # markers of submissions answered with the thank-you redirect
        self.errors: Counter = Counter()
        self.latencies: list[float] = []
        self.requests = 0


def resident(number: int, ports: list[int], deadline: float, run_id: str, tally: Tally) -> None:
    browser = Browser()
    sequence = 0
    while time.monotonic() < deadline:
        sequence += 1
        marker = f"m-{run_id}-{number}-{sequence}"
        page_port, post_port = ports[(number + sequence) % 2], ports[(number + sequence + 1) % 2]
        try:
            started = time.perf_counter()
            status, html = browser.request(page_port, "GET", "/hulp-vragen/")
            latency_get = time.perf_counter() - started
            if status != 200:
                with tally.lock:
                    tally.errors[f"GET form {status}"] += 1
                    tally.requests += 1
                continue
            page = html.decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            start_value = re.search(r'name="started" value="([^"]+)"', page).group(1)
            body = urlencode({
                "csrfmiddlewaretoken": token, "started": start_value,
                "submission_key": f"{marker}-{secrets.token_hex(8)}",
                "question": f"Ik heb hulp nodig bij een brief van de gemeente [{marker}].",
                "urgency": "regular", "for_whom": "self", "name": "Bewoner",
                "contact_way": "email", "email": f"{marker}@bench.test",
                "preferred_language": "nl", "website": "",
            })
            started = time.perf_counter()
            status, _html = browser.request(post_port, "POST", "/hulp-vragen/", body)
            latency_post = time.perf_counter() - started
        except Exception as exc:  # a refused or lost connection, a page without its form
            with tally.lock:
                tally.errors[type(exc).__name__] += 1
                tally.requests += 1
            continue
        with tally.lock:
            tally.requests += 2
            tally.latencies += [latency_get, latency_post]
            if status == 302:
                tally.accepted.append(marker)
            else:
                tally.errors[f"POST form {status}"] += 1


# --- the cron runs -------------------------------------------------------------------------------


class CronTally:
    def __init__(self):
        self.pairs = 0
        self.runs_sending = 0
        self.stepped_aside = 0
        self.sent = 0
        self.failed_runs: list[str] = []


def send_mail_twice(env: dict, tally: CronTally) -> None:
    runs = [subprocess.Popen([str(VENV_BIN / "naast"), "send-mail"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    tally.pairs += 1
    for run in runs:
        out, err = run.communicate(timeout=300)
        line = out.strip()
        sent = re.match(r"(\d+) sent, (\d+) to try again later, (\d+) given up", line)
        if run.returncode != 0 or err.strip():
            tally.failed_runs.append(f"exit {run.returncode}: {(line + ' ' + err.strip())[:200]}")
        elif "already running elsewhere" in line:
            tally.stepped_aside += 1
        elif sent:
            tally.runs_sending += 1
            tally.sent += int(sent.group(1))
        else:
            tally.failed_runs.append(f"unexpected output: {line[:200]}")


def cron(env: dict, deadline: float, tally: CronTally) -> None:
    while time.monotonic() < deadline:
        send_mail_twice(env, tally)
        time.sleep(0.5)


def outage(sink: Sink, start: float, end: float) -> None:
    time.sleep(max(0.0, start - time.monotonic()))
    sink.refusing = True
    time.sleep(max(0.0, end - time.monotonic()))
    sink.refusing = False


# --- the run -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    environment = os.environ.get("DATABASE_URL", "")
    parser.add_argument("--database", default=environment if _django.is_postgres(environment) else DEFAULT_DATABASE,
                        help=f"a PostgreSQL database URL; created afresh and dropped at the end (default: DATABASE_URL when PostgreSQL, else {DEFAULT_DATABASE})")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=0,
                        help="threaded workers (gunicorn -k gthread) with this many threads each, and Django's "
                        "connection pool of that size per worker (DATABASE_POOL_MAX_SIZE); default: sync workers "
                        "with persistent connections")
    parser.add_argument("--outage", action=argparse.BooleanOptionalAction, default=None,
                        help="the mail server refuses every message from 20%% to 40%% of the run, so the "
                        "outbox keeps them and the cron runs send them a minute later (default: on for "
                        "runs of 30 s or more; it adds that minute)")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    if not args.database.startswith(("postgres://", "postgresql://")):
        parser.error("--database must be a PostgreSQL URL: two servers share one PostgreSQL database")

    from aiosmtpd.controller import Controller

    tmp = _django.data_dir("two-servers")
    sink = Sink()
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    servers: list[subprocess.Popen] = []
    create_database(args.database)
    try:
        smtp.start()
        env = server_env(args.database, tmp, smtp_port)
        server_args = ["--log-level", "warning", "--graceful-timeout", "30"]
        if args.threads:
            server_env_extra = {"DATABASE_POOL_MAX_SIZE": str(args.threads), "DATABASE_CONN_MAX_AGE": "0"}
            server_args += ["-k", "gthread", "--threads", str(args.threads)]
            kind = f"{args.workers} threaded workers × {args.threads} threads, a pool of {args.threads} connections each"
        else:
            server_env_extra = {}
            kind = f"{args.workers} sync workers each"
        naast = str(VENV_BIN / "naast")
        subprocess.run([naast, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([naast, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
        ports = [free_port(), free_port()]
        for port in ports:
            servers.append(subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "naast.conf.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
                 *server_args], env={**env, **server_env_extra}))
        for port, process in zip(ports, servers, strict=True):
            wait_until_up(port, process)

        print(f"Two servers on one PostgreSQL: gunicorn on ports {ports[0]} and {ports[1]} "
              f"({kind}), {args.residents} residents for {args.seconds:g} s, "
              f"`naast send-mail` twice at once repeatedly; {os.cpu_count()} CPU cores, "
              f"load average {load_average()} before the run")
        with_outage = args.outage if args.outage is not None else args.seconds >= 30
        print("mail server outage: " + (f"from {0.2 * args.seconds:g} s to {0.4 * args.seconds:g} s (451 to every "
              "message; the outbox tries again after a minute)" if with_outage else "none"))
        run_id = secrets.token_hex(3)
        tally, cron_tally = Tally(), CronTally()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [threading.Thread(target=resident, args=(n, ports, deadline, run_id, tally))
                   for n in range(args.residents)]
        threads.append(threading.Thread(target=cron, args=(env, deadline, cron_tally)))
        if with_outage:
            threads.append(threading.Thread(target=outage, args=(
                sink, started + 0.2 * args.seconds, started + 0.4 * args.seconds)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        load_at_end = load_average()

        # After the load: the cron runs go on until the outbox is empty (the web workers send
        # their last confirmations right after their responses; a refused one waits a minute for cron).
        settle = time.monotonic() + 100
        while time.monotonic() < settle:
            send_mail_twice(env, cron_tally)
            _markers, waiting, _given_up = stored_markers(args.database)
            if not waiting:
                break
            time.sleep(2)
        time.sleep(1)  # a worker may still be writing its last message to the SMTP server
    finally:
        for process in servers:
            process.send_signal(signal.SIGTERM)
        for process in servers:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()

    try:
        markers, waiting, given_up = stored_markers(args.database)
    finally:
        if not args.keep_database:
            drop_database(args.database)
        shutil.rmtree(tmp, ignore_errors=True)

    accepted = Counter(tally.accepted)
    expected_mail = {f"{marker}@bench.test" for marker in accepted}
    received = Counter(recipient for recipient, _subject in sink.received)
    stored_once = sum(1 for marker in accepted if markers.get(marker) == 1)
    lost = sum(1 for marker in accepted if markers.get(marker, 0) == 0)
    doubled_rows = sum(count - 1 for count in markers.values() if count > 1)
    unexpected_rows = sum(count for marker, count in markers.items() if marker not in accepted)
    mail_once = sum(1 for address in expected_mail if received.get(address) == 1)
    mail_lost = sum(1 for address in expected_mail if received.get(address, 0) == 0)
    mail_doubled = sum(count - 1 for count in received.values() if count > 1)
    mail_unexpected = sum(count for address, count in received.items() if address not in expected_mail)
    errors = sum(tally.errors.values())
    ordered = sorted(tally.latencies) or [0.0]
    p95 = ordered[int(0.95 * (len(ordered) - 1))]

    print(f"submissions accepted  {len(accepted):>7}  ({len(accepted) / elapsed:.1f}/s; "
          f"{tally.requests} HTTP requests, {tally.requests / elapsed:.1f}/s, "
          f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms)")
    print(f"errors                {errors:>7}  {dict(tally.errors) or ''}")
    print(f"stored exactly once   {stored_once:>7}  of {len(accepted)} accepted; lost {lost}, "
          f"doubled {doubled_rows}, stored without being accepted {unexpected_rows}")
    print(f"e-mails sent once     {mail_once:>7}  of {len(expected_mail)} expected; lost {mail_lost}, "
          f"doubled {mail_doubled}, unexpected {mail_unexpected} ({len(sink.received)} received in all; "
          f"{sink.refused} attempts refused during the outage)")
    print(f"send-mail runs        {2 * cron_tally.pairs:>7}  in {cron_tally.pairs} pairs started at once: "
          f"{cron_tally.runs_sending} ran ({cron_tally.sent} e-mails sent by cron, the rest by the web "
          f"workers after their response), {cron_tally.stepped_aside} stepped aside "
          f"(already running elsewhere), {len(cron_tally.failed_runs)} failed")
    for failure in cron_tally.failed_runs[:5]:
        print(f"    {failure}")
    print(f"outbox at the end     {waiting:>7}  waiting, {given_up} given up")
    print(f"machine               {os.cpu_count()} CPU cores, load average {load_at_end} at the end of the load")

    targets = [
        ("0 errors", errors == 0),
        ("at least one submission accepted", len(accepted) > 0),
        ("every accepted submission stored exactly once, nothing else stored",
         stored_once == len(accepted) and doubled_rows == 0 and unexpected_rows == 0),
        ("every e-mail sent exactly once (0 doubled, 0 lost)",
         mail_once == len(expected_mail) and mail_doubled == 0 and mail_unexpected == 0),
        ("every send-mail run exits 0", not cron_tally.failed_runs),
        ("the outbox ends empty", waiting == 0 and given_up == 0),
    ]
    print("targets:")
    for label, ok in targets:
        print(f"  {'OK  ' if ok else 'FAIL'} {label}")
    return 0 if all(ok for _label, ok in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
