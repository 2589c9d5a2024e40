"""Search latency of the social map at scale: generates N services (default 100,000) and times
200 mixed resident queries with and without filters; prints p50/p95 in milliseconds.

    .venv/bin/python bench/socialmap_search.py [--services 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/naast_bench .venv/bin/python bench/socialmap_search.py

Without DATABASE_URL it uses a fresh SQLite file in a temporary folder. With DATABASE_URL the
database's social map is emptied first: use a benchmark database."""

import argparse
import datetime as dt
import os
import random
import statistics
import time
import uuid

import _django

QUERIES = [
    "ik kan mijn huur niet betalen", "schulden", "schuldhulp verlening", "mantelzorg ondersteuning", "dementie",
    "demensie", "mijn moeder vergeet steeds dingen", "hulp bij formulieren", "eenzaam", "brief van de gemeente",
    "dagbesteding", "thuiszorg", "huishoudelijke hulp", "taalcafe", "computer les", "werk zoeken", "uitkering",
    "opvoeding puber", "somber", "rouw", "vervoer rolstoel", "juridisch advies bezwaar", "alcohol", "huiselijk geweld",
    "keukentafelgesprek", "valpreventie", "maatje", "klusjes", "budgetcoach", "woningaanpassing",
]


def generate(n: int, rng: random.Random) -> None:
    from django.db import transaction

    from naast.organisations.models import Municipality
    from naast.socialmap.demo import ORGANISATIONS, TEMPLATES
    from naast.socialmap.models import Organization, Schedule, Service, ServiceArea, ServiceAttribute
    from naast.socialmap.seed import SERVICE_TYPES, service_type_id
    from naast.taxonomies.models import LifeDomain, TargetGroup

    Service.objects.all().delete()
    munis = [Municipality.objects.get_or_create(code=f"GM{9000 + i}", defaults={"name": f"Gemeente {i}"})[0] for i in range(40)]
    orgs = [Organization.objects.create(name=f"{name} {i}", description=d) for i in range(20) for name, d in ORGANISATIONS.values()]
    domains = {d.code: d.pk for d in LifeDomain.objects.all()}
    groups = {g.code: g.pk for g in TargetGroup.objects.all()}
    places = ["Diever", "Havelte", "Ruinen", "Beilen", "Smilde", "Zuidwolde", "Vledder", "Westerbork", "Dwingeloo", "Borger"]
    extra = ["Ook in de avond.", "Kom gerust langs.", "Aanmelden kan telefonisch.", "Wij spreken ook Engels en Arabisch.",
             "Voor alle leeftijden.", "U kunt ook een vrijwilliger vragen.", "Kosteloos voor minima."]
    batch = 5000
    with transaction.atomic():
        for start in range(0, n, batch):
            services, links_d, links_g, attributes, areas, schedules = [], [], [], [], [], []
            for i in range(start, min(n, start + batch)):
                t = TEMPLATES[i % len(TEMPLATES)]
                type_code, _org, pattern, description, group_codes, extra_domains, free, lo, hi, wait, _pd = t
                place = rng.choice(places)
                s = Service(id=uuid.uuid4(), organization=rng.choice(orgs), name=f"{pattern.format(m=place, d=place)} {i}",
                            description=f"{description} {rng.choice(extra)}", free_of_charge=free, minimum_age=lo,
                            maximum_age=hi, waiting_weeks=wait, status="active")
                services.append(s)
                for code in [SERVICE_TYPES[type_code][2], *extra_domains]:
                    links_d.append(Service.life_domains.through(service_id=s.id, lifedomain_id=domains[code]))
                for code in group_codes:
                    links_g.append(Service.target_groups.through(service_id=s.id, targetgroup_id=groups[code]))
                attributes.append(ServiceAttribute(service_id=s.id, taxonomy_term_id=service_type_id(type_code)))
                areas.append(ServiceArea(service_id=s.id, municipality=rng.choice(munis)))
                # Opening hours as real services have them: most open on weekdays, some also in
                # the evening or on Saturday, a few closed for a while; a fifth publish no hours.
                if rng.random() < 0.8:
                    days = rng.choice(["MO,TU,WE,TH,FR", "MO,WE,FR", "TU,TH", "MO,TU,WE,TH,FR,SA"])
                    for opens, closes in rng.choice([[(dt.time(9), dt.time(12)), (dt.time(13), dt.time(17))],
                                                     [(dt.time(8, 30), dt.time(17))], [(dt.time(19), dt.time(21, 30))]]):
                        schedules.append(Schedule(id=uuid.uuid4(), service_id=s.id, freq="WEEKLY", byday=days,
                                                  opens_at=opens, closes_at=closes))
                    if rng.random() < 0.05:
                        start_day = dt.date.today() - dt.timedelta(days=rng.randint(0, 20))
                        schedules.append(Schedule(id=uuid.uuid4(), service_id=s.id, closed=True, valid_from=start_day,
                                                  valid_to=start_day + dt.timedelta(days=rng.randint(1, 30))))
            Service.objects.bulk_create(services)
            Service.life_domains.through.objects.bulk_create(links_d)
            Service.target_groups.through.objects.bulk_create(links_g)
            ServiceAttribute.objects.bulk_create(attributes)
            ServiceArea.objects.bulk_create(areas)
            Schedule.objects.bulk_create(schedules)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--verbose", action="store_true", help="print every query's time")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the services already in DATABASE_URL when there are as many as asked for")
    args = parser.parse_args()
    database = _django.setup()
    from django.db import connection

    from naast.organisations.models import Municipality
    from naast.socialmap.search import SearchFilters, search_services
    from naast.socialmap.search.index import reindex
    from naast.socialmap.selectors import card_queryset

    rng = random.Random(7)
    from naast.socialmap.models import Service

    t0 = time.perf_counter()
    reuse = args.reuse and Service.objects.count() == args.services
    if not reuse:
        generate(args.services, rng)
    t1 = time.perf_counter()
    if not reuse:
        reindex()
    t2 = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # bulk writes leave dead rows; autovacuum would clear them later
    print(f"database: {database}")
    if reuse:
        print(f"reused the {args.services} services already in the database")
    else:
        print(f"generated {args.services} services in {t1 - t0:.1f} s; search index built in {t2 - t1:.1f} s")
    munis = list(Municipality.objects.values_list("code", flat=True))
    filter_sets = [SearchFilters(), SearchFilters(free=True), SearchFilters(municipality=rng.choice(munis)),
                   SearchFilters(life_domain="care", age=70), SearchFilters(open_now=True), SearchFilters(target_group="elderly")]
    timings = {"with query, no filter": [], "with query and filters": [], "filters only": []}
    cpu: list[float] = []
    search_services("warm up")
    for i in range(args.queries):
        query = QUERIES[i % len(QUERIES)]
        kind = i % 4
        filters = filter_sets[0] if kind == 0 else rng.choice(filter_sets[1:])
        if kind == 3:
            query, label = "", "filters only"
        else:
            label = "with query, no filter" if kind == 0 else "with query and filters"
        start, cpu_start = time.perf_counter(), time.process_time()
        result = search_services(query, filters, base=card_queryset())
        [list(s.phones.all()) for s in result.services]  # what the result page touches
        timings[label].append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        if args.verbose:
            print(f"  {timings[label][-1]:7.1f} ms  {label:<24} {query!r} {filters}")
    every = sorted(t for values in timings.values() for t in values)

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    print(f"{len(every)} queries: p50 {pct(every, 50):.1f} ms, p95 {pct(every, 95):.1f} ms, max {every[-1]:.1f} ms")
    for label, values in timings.items():
        if values:
            print(f"  {label:<24} n={len(values):<4} p50 {pct(values, 50):6.1f} ms  p95 {pct(values, 95):6.1f} ms")
    print(f"mean {statistics.mean(every):.1f} ms (target p95 < 50 ms)")
    # Wall time depends on what else runs on the machine. CPU time of this process is what a
    # search costs on an idle core: all of it on SQLite (in-process), only Naast's own part on
    # PostgreSQL (the server's work is in another process).
    print(f"cpu time of this process per search: p50 {pct(cpu, 50):.1f} ms, p95 {pct(cpu, 95):.1f} ms")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
