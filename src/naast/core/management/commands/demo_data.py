"""naast demo-data: a realistic, fictional client-support service. Deterministic (seeded)."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from naast.core.demodata import DemoContext
from naast.core.extensions import app_modules
from naast.core.progress import Progress

LARGE = 200_000


class Command(BaseCommand):
    help = "Create demo data: organisations, municipalities, users for every role, help requests, ..."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=400, help="Number of help requests to generate.")
        parser.add_argument("--years", type=int, help="Years of help requests (default 2; 10 from 200,000 requests).")
        parser.add_argument("--municipalities", type=int,
                            help="Municipalities (default 3; 20 from 200,000 requests).")
        parser.add_argument("--organisations", type=int,
                            help="Member organisations (default 2; 4 from 200,000 requests).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database has users.")
        parser.add_argument("--quiet", action="store_true", help="Print nothing but the logins (no progress either).")

    def handle(self, *args, **options):
        if options["if_empty"] and get_user_model().objects.exists():
            self.stdout.write("The database already holds data; demo data not loaded again.")
            self.print_logins()
            return
        large = options["requests"] >= LARGE  # a benchmark-sized service unless told otherwise
        quiet = options["quiet"] or options["verbosity"] == 0
        progress = Progress("demo-data", stream=self.stderr, quiet=quiet)
        ctx = DemoContext(
            seed=options["seed"], requests=options["requests"], verbose=not quiet,
            years=options["years"] or (10 if large else 2),
            municipalities=options["municipalities"] or (20 if large else 3),
            organisations=options["organisations"] or (4 if large else 2),
            progress=progress,
        )
        try:
            for module in app_modules("demo"):
                progress.stage(module.__name__.removeprefix("naast.").removesuffix(".demo"))
                started = time.perf_counter()
                with transaction.atomic():
                    module.build(ctx)
                ctx.log(f"  {module.__name__}: {time.perf_counter() - started:.1f}s")
            # A bulk load leaves the query planner without statistics (SQLite has none until
            # ANALYZE; PostgreSQL's autovacuum comes later): the queue and the reports would start on
            # slow plans.
            progress.stage("planner statistics")
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            ctx.log(f"  planner statistics: {time.perf_counter() - started:.1f}s")
        except BaseException:
            progress.close()
            raise
        progress.done(f"{ctx.requests:,} help requests and the rest of the demo service")
        self.print_logins()

    def print_logins(self) -> None:
        logins = [row for module in app_modules("demo") if hasattr(module, "logins") for row in module.logins()]
        if not logins:
            return
        password = settings.NAAST["DEMO_PASSWORD"]
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {password}):"))
        width = max(len(role) for role, _u, _n in logins) + 2
        for role, username, note in logins:
            self.stdout.write(f"  {role:<{width}} {username:<14} {note}")
