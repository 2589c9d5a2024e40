"""Case-file page render time: a help request with 200 contacts, 10 ZRM assessments and 20
referrals. Prints p50/p95/max over N renders and the number of queries per render.

    .venv/bin/python bench/casefile_page.py [--renders 60]

Uses a throw-away SQLite database (or DATABASE_URL's server with a test database) through
Django's test runner machinery, so it never touches real data. Target: p95 < 150 ms.
Prints the machine's load average with the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta

import _django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=60)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print where the render time goes (cProfile)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naast.conf.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    if connection.vendor == "postgresql" and os.environ.get("NAAST_BENCH_TEMPLATE"):
        # run_small.py's migrated database: the test database starts as a copy of it.
        connection.settings_dict["TEST"]["TEMPLATE"] = os.environ["NAAST_BENCH_TEMPLATE"]
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client

        from naast.accounts.models import User
        from naast.accounts.services import grant_role
        from naast.casework import services
        from naast.casework.choices import ZrmDomain
        from naast.organisations.models import MemberOrganisation
        from naast.registry import lifecycle
        from naast.registry.models import Assignment, HelpRequest
        from naast.registry.models import Client as Resident
        from naast.socialmap.models import Organization, Service

        org = MemberOrganisation.objects.create(name="MEE Bench", kind="client_support")
        supporter = User.objects.create_user("bench", password="x-Bench-12345", organisation=org, first_name="Bea")
        grant_role(supporter, "supporter")
        resident = Resident.objects.create(display_name="Anna B.", email="anna@example.org")
        start = timezone.now() - timedelta(days=300)
        # Received the day before the first of its contacts: nothing in a file predates the request.
        with lifecycle.arbitrary_state():
            hr = HelpRequest.objects.create(client=resident, organisation=org, channel="phone",
                                            question="Ik begrijp de brief niet.", status="assigned",
                                            received_at=start - timedelta(days=1))
            for _ in range(3):
                HelpRequest.objects.create(client=resident, organisation=org, channel="web", status="closed")
        Assignment.objects.create(help_request=hr, supporter=supporter)
        profile = __import__("naast.organisations.models", fromlist=["ServiceProfile"]).ServiceProfile.get()
        profile.guideline_hours = 500
        profile.save()
        for i in range(args.contacts):
            services.log_contact(hr, by=supporter, kind="phone", minutes=20, occurred_at=start + timedelta(days=i),
                                 note=f"Gesprek {i}: brief doorgenomen en vervolgstappen afgesproken.")
        domains = ZrmDomain.values
        for n in range(10):
            services.record_assessment(hr, by=supporter, levels={d: 1 + (n + i) % 5 for i, d in enumerate(domains)},
                                       assessed_on=(start + timedelta(days=30 * n)).date())
        organization = Organization.objects.create(name="Zorg Bench", description="")
        for i in range(20):
            service = Service.objects.create(name=f"Dienst {i}", organization=organization)
            services.refer(hr, by=supporter, service=service, kind="information", shares_personal_data=False)
        client = Client()
        client.force_login(supporter)
        url = f"/staff/dossier/{hr.reference}/"
        assert client.get(url).status_code == 200
        # Wall time depends on what else runs on the machine; CPU time of this process (SQLite runs
        # in-process) is what one render costs on an idle core. Both are printed.
        timings, cpu, queries = [], [], 0
        for _ in range(args.renders):
            with CaptureQueriesContext(connection) as captured:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200
            queries = len(captured)
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(10):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        timings.sort()
        cpu.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        cpu_p95 = cpu[max(0, round(0.95 * len(cpu)) - 1)]
        print(f"case-file page: {args.contacts} contacts, 10 ZRM assessments, 20 referrals; "
              f"{connection.vendor}; {os.cpu_count()} CPU cores")
        print(f"renders {len(timings)}  p50 {statistics.median(timings):.1f} ms  p95 {p95:.1f} ms  "
              f"max {timings[-1]:.1f} ms  queries/render {queries}  page {len(response.content) // 1024} KiB")
        print(f"cpu time per render: p50 {statistics.median(cpu):.1f} ms  p95 {cpu_p95:.1f} ms")
        print(f"{_django.load_average()} at the end of the run")
        print("target p95 < 150 ms (wall):", "met" if p95 < 150 else "NOT met")
        return 0
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
