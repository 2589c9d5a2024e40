"""Coordinator's queue page with 100,000 open requests (targets: p95 render < 300 ms; constant queries).

Builds a fresh database with N open help requests (default 100,000; about a third overdue, some
due today, all in the shared front-door queue, one or two life domains each), then renders
/staff/queue/ as a coordinator through Django's full request stack (middleware, policy, audit
rows, template) with production settings: first page, deeper pages and filtered views.
Prints p50/p95 render time and the number of SQL queries per page for pages of 50 and of
fewer rows, to show it does not grow with the rows shown.

    .venv/bin/python bench/queue_page.py                                  # SQLite (a temporary file)
    .venv/bin/python bench/queue_page.py --database postgres://postgres@127.0.0.1:5432/naast_bench_queue

The PostgreSQL database is dropped and created afresh.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse


def prepare_database(url: str | None, tmp: Path) -> str:
    if not url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="postgres://... (dropped and created); default: a temporary SQLite file")
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--renders", type=int, default=40)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="naast-bench-queue-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "naast.conf.settings",
        "DATABASE_URL": prepare_database(args.database, tmp),
        "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "NAAST_DATA_DIR": str(tmp), "STATIC_ROOT": str(tmp / "static"), "LOG_LEVEL": "WARNING",
    })
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from naast.accounts.models import User
    from naast.accounts.services import grant_role
    from naast.organisations.models import MemberOrganisation, Municipality
    from naast.registry.models import Client as Resident
    from naast.registry.models import HelpRequest, new_reference
    from naast.taxonomies.models import LifeDomain

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    rng = random.Random(4)
    org = MemberOrganisation.objects.create(name="MEE Bench", kind="client_support")
    municipalities = [Municipality.objects.create(code=f"GM{1700 + i:04d}", name=f"Gemeente {i}") for i in range(5)]
    domains = list(LifeDomain.objects.all())
    coordinator = User.objects.create_user("bench-coordinator", password=secrets.token_urlsafe(), organisation=org)
    grant_role(coordinator, "coordinator")

    started = time.perf_counter()
    now = timezone.now()
    through = HelpRequest.life_domains.through
    batch = 5000
    for offset in range(0, args.requests, batch):
        size = min(batch, args.requests - offset)
        residents = Resident.objects.bulk_create([Resident(display_name=f"Inwoner {offset + i}") for i in range(size)])
        rows = []
        for i in range(size):
            received = now - timedelta(days=rng.uniform(0, 30))
            urgent = rng.random() < 0.15
            rows.append(HelpRequest(
                reference=new_reference(rng), client=residents[i], channel=rng.choice(["web", "phone", "email", "partner"]),
                municipality=rng.choice(municipalities), urgency="urgent" if urgent else "regular",
                received_at=received, first_contact_due=received + timedelta(days=3 if urgent else 14),
                question="Bench",
            ))
        HelpRequest.objects.bulk_create(rows)
        through.objects.bulk_create([
            through(helprequest_id=hr.pk, lifedomain_id=d.pk) for hr in rows for d in rng.sample(domains, rng.choice([1, 2]))
        ])
    print(f"Built {args.requests:,} open help requests in {time.perf_counter() - started:.0f} s "
          f"({connection.vendor}, {os.cpu_count()} CPU cores)")

    client = Client()
    client.force_login(coordinator)
    housing = LifeDomain.objects.get(code="housing")
    urls = ["/staff/queue/", "/staff/queue/?page=2", "/staff/queue/?page=500", "/staff/queue/?urgency=urgent",
            f"/staff/queue/?life_domain={housing.pk}", f"/staff/queue/?municipality={municipalities[0].pk}&channel=web"]
    client.get(urls[0])  # warm-up: templates, translations, content types
    times: list[float] = []
    for i in range(args.renders):
        url = urls[i % len(urls)]
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"queue page: {len(times)} renders over {len(urls)} views, p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms (target < 300 ms)")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response.content.decode().count('href="/staff/queue/HV-')

    # The last page holds fewer rows than a full page; a narrow filter fewer still.
    total_pages = (args.requests + 49) // 50
    for url in [urls[0], f"/staff/queue/?page={total_pages}", f"/staff/queue/?municipality={municipalities[0].pk}&urgency=urgent&channel=web&life_domain={housing.pk}&page=9999"]:
        count, rows = queries(url)
        print(f"  {count} queries for {rows} rows: {url}")
    if not args.database:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if p95 < 0.3 else 1


if __name__ == "__main__":
    sys.exit(main())
