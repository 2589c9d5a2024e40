"""Coordinator's queue page with 100,000 open requests (targets: p95 render < 300 ms; constant queries).

Builds a database with N open help requests (default 100,000; about a third overdue, some due
today, all in the shared front-door queue, one or two life domains each), then renders
/staff/queue/ as a coordinator through Django's full request stack (middleware, policy, audit
rows, template) with production settings: first page, deeper pages and filtered views.
Prints p50/p95 render time and the number of SQL queries per page for pages of 50 and of
fewer rows, to show it does not grow with the rows shown. Every figure is printed with the
machine's load average: other work on the machine skews it.

    .venv/bin/python bench/queue_page.py                                  # SQLite (a file under var/bench/)
    .venv/bin/python bench/queue_page.py --database postgres://postgres@127.0.0.1:5432/naast_queue_bench
    .venv/bin/python bench/queue_page.py --reuse                          # keep the data between runs

--database defaults to DATABASE_URL. The PostgreSQL database is dropped and created afresh, unless
--reuse is given: then it (or, on SQLite, var/bench/queue/bench.sqlite3 in the working tree) is
kept, migrated, and filled only when it does not hold the requests yet. After filling, the planner's statistics are brought up to date
as a deployment would: ANALYZE on PostgreSQL (autovacuum does it there), and on SQLite
`naast send-reminders`, which runs `PRAGMA optimize` after reading the queue's table.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from datetime import timedelta

import _django
from _django import load_average


def prepare_database(url: str, tmp, reuse: bool) -> str:
    if not url and reuse:  # one SQLite file kept in the working tree between runs
        reused = _django.bench_dir() / "queue"
        reused.mkdir(exist_ok=True)
        return f"sqlite:///{reused / 'bench.sqlite3'}"
    return _django.prepare_database(_django.database_url(tmp, url), reuse=reuse)


def build_requests(total: int, rng: random.Random, municipalities: list, domains: list) -> None:
    from django.db import connection
    from django.utils import timezone

    from naast.registry import lifecycle
    from naast.registry.models import Client as Resident
    from naast.registry.models import HelpRequest, new_reference

    started = time.perf_counter()
    now = timezone.now()
    through = HelpRequest.life_domains.through
    batch = 5000
    for offset in range(0, total, batch):
        size = min(batch, total - offset)
        residents = Resident.objects.bulk_create([Resident(display_name=f"Inwoner {offset + i}") for i in range(size)])
        rows = []
        for i in range(size):
            received = now - timedelta(days=rng.uniform(0, 30))
            urgent = rng.random() < 0.15
            life = lifecycle.replay(lifecycle.History(received, "urgent" if urgent else "regular"))
            rows.append(HelpRequest(
                reference=new_reference(rng), client=residents[i], channel=rng.choice(["web", "phone", "email", "partner"]),
                municipality=rng.choice(municipalities), received_at=received, question="Bench", **life,
            ))
        with lifecycle.arbitrary_state():  # rows written in bulk, their life replayed by the live rules above
            HelpRequest.objects.bulk_create(rows)
        through.objects.bulk_create([
            through(helprequest_id=hr.pk, lifedomain_id=d.pk) for hr in rows for d in rng.sample(domains, rng.choice([1, 2]))
        ])
    print(f"Built {total:,} open help requests in {time.perf_counter() - started:.0f} s ({connection.vendor})")


def refresh_statistics() -> None:
    """After a bulk load, as a deployment would: ANALYZE on PostgreSQL (what autovacuum does
    soon after); on SQLite the hourly `naast send-reminders`, which ends with `PRAGMA optimize`."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        call_command("send-reminders", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Planner statistics refreshed in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""),
                        help="postgres://... (dropped and created); default: DATABASE_URL, else a new SQLite file")
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database between runs; build the requests only when they are not there yet")
    args = parser.parse_args()

    tmp = _django.data_dir("queue")
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "naast.conf.settings",
        "DATABASE_URL": prepare_database(args.database, tmp, args.reuse),
        "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "NAAST_DATA_DIR": str(tmp), "STATIC_ROOT": str(tmp / "static"), "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    })
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from naast.accounts.models import User
    from naast.accounts.services import grant_role
    from naast.organisations.models import MemberOrganisation, Municipality
    from naast.registry.models import HelpRequest
    from naast.taxonomies.models import LifeDomain

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    rng = random.Random(4)
    org, _created = MemberOrganisation.objects.get_or_create(name="MEE Bench", defaults={"kind": "client_support"})
    municipalities = [
        Municipality.objects.get_or_create(code=f"GM{1700 + i:04d}", defaults={"name": f"Gemeente {i}"})[0]
        for i in range(5)
    ]
    domains = list(LifeDomain.objects.order_by("pk"))
    coordinator = User.objects.filter(username="bench-coordinator").first()
    if coordinator is None:
        coordinator = User.objects.create_user("bench-coordinator", password=secrets.token_urlsafe(), organisation=org)
        grant_role(coordinator, "coordinator")
    existing = HelpRequest.objects.open().count()
    if args.reuse and existing == args.requests:
        print(f"Reusing {existing:,} open help requests ({connection.vendor})")
    elif existing:
        raise SystemExit(f"The database holds {existing:,} open requests, not {args.requests:,}.")
    else:
        build_requests(args.requests, rng, municipalities, domains)
        refresh_statistics()

    client = Client()
    client.force_login(coordinator)
    housing = LifeDomain.objects.get(code="housing")
    urls = ["/staff/queue/", "/staff/queue/?page=2", "/staff/queue/?page=500", "/staff/queue/?urgency=urgent",
            f"/staff/queue/?life_domain={housing.pk}", f"/staff/queue/?municipality={municipalities[0].pk}&channel=web"]
    client.get(urls[0])  # warm-up: templates, translations, content types
    times: list[float] = []
    per_url: dict[str, list[float]] = {url: [] for url in urls}
    for i in range(args.renders):
        url = urls[i % len(urls)]
        t0 = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        per_url[url].append(elapsed)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"queue page, {args.requests:,} open requests on {connection.vendor}: {len(times)} renders over "
          f"{len(urls)} views, p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
          f"(target < 300 ms); {load_average()}")
    for url, spent in per_url.items():
        if spent:  # fewer renders than views leaves some views unmeasured
            print(f"  worst {max(spent) * 1000:5.0f} ms  {url}")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response.content.decode().count('href="/staff/queue/HV-')

    # The last page holds fewer rows than a full page; a narrow filter fewer still.
    total_pages = (args.requests + 49) // 50
    for url in [urls[0], f"/staff/queue/?page={total_pages}", f"/staff/queue/?municipality={municipalities[0].pk}&urgency=urgent&channel=web&life_domain={housing.pk}&page=9999"]:
        count, rows = queries(url)
        print(f"  {count} queries for {rows} rows: {url}")
    return 0 if p95 < 0.3 else _django.SPEED_MISSED


if __name__ == "__main__":
    sys.exit(main())
