"""Search latency of the social map at scale: generates N services (default 100,000) on one of two
maps and times mixed resident queries with and without filters and one-word queries; prints
p50/p95 in milliseconds against the target p95 < 20 ms, and on PostgreSQL, in the same run,
PostgreSQL's own full-text search (GIN index, 'dutch' configuration) for the one-word queries
(target: our one-word p50 at most that).

    .venv/bin/python bench/socialmap_search.py [--services 100000] [--map realistic|simple|both]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/naast_bench .venv/bin/python bench/socialmap_search.py

Maps:
- `simple`: the demo's 30 service templates repeated (a few hundred distinct words);
- `realistic`: texts drawn from about 6,000 distinct Dutch words (roots, compounds of two roots
  with the linking s/en, plurals and diminutives) with a Zipf-like spread (a few words in almost
  every text, most in a handful), plus the service types and filters of the simple map.

Without DATABASE_URL each map is kept in its own SQLite file under `--data` (default: the data
directory, `var/`), and `--reuse` times an existing file again without generating it. With
DATABASE_URL the database's social map is replaced: use a benchmark database (`--reuse` keeps it
when it holds the same map at the same size)."""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import _django

TARGET_P95_MS = 20.0

QUERIES = [
    "ik kan mijn huur niet betalen", "schulden", "schuldhulp verlening", "mantelzorg ondersteuning", "dementie",
    "demensie", "mijn moeder vergeet steeds dingen", "hulp bij formulieren", "eenzaam", "brief van de gemeente",
    "dagbesteding", "thuiszorg", "huishoudelijke hulp", "taalcafe", "computer les", "werk zoeken", "uitkering",
    "opvoeding puber", "somber", "rouw", "vervoer rolstoel", "juridisch advies bezwaar", "alcohol", "huiselijk geweld",
    "keukentafelgesprek", "valpreventie", "maatje", "klusjes", "budgetcoach", "woningaanpassing",
]
ONE_WORD_SIMPLE = ["schulden", "dementie", "eenzaam", "dagbesteding", "thuiszorg", "uitkering", "somber", "rouw",
                   "alcohol", "maatje", "klusjes", "budgetcoach", "woningaanpassing", "valpreventie", "formulieren",
                   "mantelzorg", "vrijwilliger", "opvoeding", "taalcafe", "administratie"]

# Dutch roots for the realistic map; compounds are made of two of them.
ROOTS = """schuld geld zorg hulp huis werk taal wijk buurt jeugd gezin ouder kind school brief post budget huur
woning water energie toeslag koffie maaltijd vervoer taxi rolstoel klus tuin boodschap zorgverzekering recht
advies plan kaart pas loket balie punt centrum huiskamer ontmoeting inloop spreekuur cursus les groep club
vereniging kerk moskee sport zwem fiets wandel muziek dans kunst boek bibliotheek computer telefoon internet
formulier belasting uitkering pensioen beslag deurwaarder incasso rekening bank spaar voedsel kleding meubel
speelgoed fietsen vakantie dag avond weekend nacht ochtend middag week maand jaar dementie geheugen rouw verlies
stress angst somberheid verslaving alcohol drugs gok rook slaap pijn dokter apotheek ziekenhuis tandarts
fysio therapie coach maatje mantel vrijwilliger vriend buur familie moeder vader oma opa baby peuter puber
student jongere oudere senior migrant statushouder nieuwkomer vrouw man stel weduwe alleen samen thuis
veilig geweld ruzie scheiding opvoeding ontwikkeling gedrag leer lees reken schrijf digi werkzoek sollicitatie
baan stage vak opleiding diploma inburgering participatie dagbesteding beweging gezondheid voeding diëtist
valpreventie hulpmiddel trap lift aanpassing verbouw verhuis dak isolatie schimmel lekkage buurtbus regiotaxi
rijbewijs auto brom scooter parkeer afval container groen speeltuin dorp stad gemeente provincie regio""".split()
LINK_S = set("arbeid gezondheid veiligheid opvoeding ontwikkeling beweging".split())
FILLER = ("de het een en van voor met bij in op aan om te door naar over ook u uw wij we onze samen kunt "
          "kan wordt worden zijn is heeft hebben graag welkom").split()


def realistic_words(rng: random.Random, wanted: int = 6000) -> list[str]:
    """About `wanted` distinct Dutch words, most frequent first: roots, then compounds of two
    roots (with the linking s or en now and then), plurals and diminutives, shuffled a little so
    that common roots and their compounds mix at the top."""
    roots = list(dict.fromkeys(ROOTS))
    words = list(roots)
    seen = set(words)
    while len(words) < wanted:
        left, right = rng.choice(roots), rng.choice(roots)
        if left == right:
            continue
        link = "s" if left in LINK_S else rng.choice(["", "", "", "s", "en"])
        word = left + link + right
        if rng.random() < 0.25:
            word += rng.choice(["en", "s", "je", "jes"])
        if len(word) <= 24 and word not in seen:
            seen.add(word)
            words.append(word)
    head, rest = words[:400], words[400:]
    rng.shuffle(head)
    return head + rest


class Zipf:
    """Draws words with probability falling as 1 / rank^s."""

    def __init__(self, words: list[str], rng: random.Random, s: float = 1.05):
        self.words, self.rng = words, rng
        total, self.cumulative = 0.0, []
        for rank in range(1, len(words) + 1):
            total += 1 / rank**s
            self.cumulative.append(total)

    def draw(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)


def generate(n: int, rng: random.Random, kind: str) -> list[str]:
    """The map, replacing any services there; returns the realistic map's words (most frequent first)."""
    from django.db import transaction

    from naast.organisations.models import Municipality
    from naast.socialmap.demo import ORGANISATIONS, TEMPLATES
    from naast.socialmap.models import Organization, Schedule, Service, ServiceArea, ServiceAttribute
    from naast.socialmap.seed import SERVICE_TYPES, service_type_id
    from naast.taxonomies.models import LifeDomain, TargetGroup

    Service.objects.all().delete()
    Organization.objects.filter(name__startswith="Bench ").delete()
    munis = [Municipality.objects.get_or_create(code=f"GM{9000 + i}", defaults={"name": f"Gemeente {i}"})[0] for i in range(40)]
    Organization.objects.create(name=f"Bench {kind} map", description="")
    orgs = [Organization.objects.create(name=f"{name} {i}", description=d) for i in range(20) for name, d in ORGANISATIONS.values()]
    domains = {d.code: d.pk for d in LifeDomain.objects.all()}
    groups = {g.code: g.pk for g in TargetGroup.objects.all()}
    places = ["Diever", "Havelte", "Ruinen", "Beilen", "Smilde", "Zuidwolde", "Vledder", "Westerbork", "Dwingeloo", "Borger"]
    extra = ["Ook in de avond.", "Kom gerust langs.", "Aanmelden kan telefonisch.", "Wij spreken ook Engels en Arabisch.",
             "Voor alle leeftijden.", "U kunt ook een vrijwilliger vragen.", "Kosteloos voor minima."]
    vocabulary = realistic_words(rng) if kind == "realistic" else []
    zipf = Zipf(vocabulary, rng) if vocabulary else None

    def sentence(k: int) -> str:
        drawn = zipf.draw(k)
        out = []
        for word in drawn:
            out.append(word)
            if rng.random() < 0.6:
                out.append(rng.choice(FILLER))
        return " ".join(out).capitalize() + "."

    batch = 5000
    with transaction.atomic():
        for start in range(0, n, batch):
            services, links_d, links_g, attributes, areas, schedules = [], [], [], [], [], []
            for i in range(start, min(n, start + batch)):
                t = TEMPLATES[i % len(TEMPLATES)]
                type_code, _org, pattern, description, group_codes, extra_domains, free, lo, hi, wait, _pd = t
                place = rng.choice(places)
                if zipf is None:
                    name = f"{pattern.format(m=place, d=place)} {i}"
                    text = f"{description} {rng.choice(extra)}"
                else:
                    name = f"{' '.join(w.capitalize() for w in zipf.draw(rng.randint(1, 3)))} {place} {i}"
                    text = " ".join(sentence(rng.randint(5, 12)) for _ in range(rng.randint(2, 4)))
                s = Service(id=uuid.uuid4(), organization=rng.choice(orgs), name=name, description=text,
                            free_of_charge=free, minimum_age=lo, maximum_age=hi, waiting_weeks=wait, status="active")
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
            # A few services residents must never see: archived or no longer running.
            for s in services[:: 50]:
                s.status = "inactive"
            Service.objects.bulk_create(services)
            Service.life_domains.through.objects.bulk_create(links_d)
            Service.target_groups.through.objects.bulk_create(links_g)
            ServiceAttribute.objects.bulk_create(attributes)
            ServiceArea.objects.bulk_create(areas)
            Schedule.objects.bulk_create(schedules)
    return vocabulary


def queries_for(kind: str, rng: random.Random) -> tuple[list[str], list[str]]:
    """(mixed queries, one-word queries) for the map."""
    if kind == "simple":
        return QUERIES, ONE_WORD_SIMPLE
    words = realistic_words(random.Random(7))  # the same list the map was drawn from
    zipf = Zipf(words, rng)
    one_word = zipf.draw(20) + rng.sample(words[1000:], 10)  # mostly common words, some rare
    mixed = list(QUERIES)
    for _ in range(30):
        mixed.append(" ".join(zipf.draw(rng.randint(2, 3))))
    for word in rng.sample(words[200:3000], 10):  # typos: one letter swapped
        i = rng.randint(1, len(word) - 2)
        mixed.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    rng.shuffle(mixed)
    return mixed, one_word


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def load() -> str:
    return f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"


def data_size(connection) -> str:
    from naast.socialmap.models import SearchPosting, SearchWord, Service

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        size = cursor.fetchone()[0]
    return (f"{Service.objects.count()} services, {SearchPosting.objects.count()} index rows, "
            f"{SearchWord.objects.count()} indexed words; database {size / 1e6:.0f} MB")


def postgres_fts(connection, words: list[str], repeat: int) -> list[float]:
    """PostgreSQL's own full-text search for the same one-word queries: the best 10 services by
    ts_rank through a GIN index on name and description ('dutch')."""
    document = "to_tsvector('dutch', name || ' ' || description)"
    times = []
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS bench_service_fts ON socialmap_service USING gin (({document}))")
        cursor.execute("ANALYZE socialmap_service")
        sql = (f"SELECT id FROM socialmap_service WHERE {document} @@ plainto_tsquery('dutch', %s) "
               f"ORDER BY ts_rank({document}, plainto_tsquery('dutch', %s)) DESC LIMIT 10")
        cursor.execute(sql, [words[0], words[0]])
        for _ in range(repeat):
            for word in words:
                start = time.perf_counter()
                cursor.execute(sql, [word, word])
                cursor.fetchall()
                times.append((time.perf_counter() - start) * 1000)
    return times


def run(kind: str, args, data: Path) -> bool:
    from django.db import connection, connections

    from naast.socialmap.models import Organization, Service

    if args.sqlite_per_map:
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = str(data / f"socialmap-search-{kind}.sqlite3")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    from naast.organisations.models import Municipality
    from naast.socialmap.search import SearchFilters, search_services
    from naast.socialmap.search.index import reindex
    from naast.socialmap.selectors import card_queryset

    rng = random.Random(7)
    reuse = (args.reuse and Service.objects.count() == args.services
             and Organization.objects.filter(name=f"Bench {kind} map").exists())
    print(f"== {kind} map, {connection.vendor} ({connection.settings_dict['NAME']}); load average {load()}")
    if reuse:
        print(f"reused the {args.services} services already there")
    else:
        t0 = time.perf_counter()
        generate(args.services, rng, kind)
        t1 = time.perf_counter()
        reindex()
        print(f"generated {args.services} services in {time.perf_counter() - t0:.1f} s "
              f"(search index {time.perf_counter() - t1:.1f} s)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # bulk writes leave dead rows; autovacuum would clear them later
    print(f"data: {data_size(connection)}")
    if args.prepare_only:
        return True
    rng = random.Random(11)
    mixed, one_word = queries_for(kind, rng)
    munis = list(Municipality.objects.values_list("code", flat=True))
    filter_sets = [SearchFilters(), SearchFilters(free=True), SearchFilters(municipality=rng.choice(munis)),
                   SearchFilters(life_domain="care", age=70), SearchFilters(open_now=True), SearchFilters(target_group="elderly")]
    timings: dict[str, list[float]] = {"with query, no filter": [], "with query and filters": [], "filters only": []}
    cpu: list[float] = []
    search_services("warm up")
    for i in range(args.queries):
        query = mixed[i % len(mixed)]
        kind_of_search = i % 4
        filters = filter_sets[0] if kind_of_search == 0 else rng.choice(filter_sets[1:])
        if kind_of_search == 3:
            query, label = "", "filters only"
        else:
            label = "with query, no filter" if kind_of_search == 0 else "with query and filters"
        start, cpu_start = time.perf_counter(), time.process_time()
        result = search_services(query, filters, base=card_queryset())
        [(s.organization, list(s.terms.all())) for s in result.services]  # what a card touches
        timings[label].append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        if args.verbose:
            print(f"  {timings[label][-1]:7.1f} ms  {label:<24} {query!r} {filters}")
    every = [t for values in timings.values() for t in values]
    print(f"mixed: {len(every)} searches  p50 {pct(every, 50):.1f} ms  p95 {pct(every, 95):.1f} ms  "
          f"max {max(every):.1f} ms  mean {statistics.mean(every):.1f} ms  (target p95 < {TARGET_P95_MS:.0f} ms)")
    for label, values in timings.items():
        if values:
            print(f"  {label:<24} n={len(values):<4} p50 {pct(values, 50):6.1f} ms  p95 {pct(values, 95):6.1f} ms")
    # Wall time depends on what else runs on the machine. CPU time of this process is what a
    # search costs on an idle core: all of it on SQLite (in-process), only Naast's own part on
    # PostgreSQL (the server's work is in another process).
    print(f"  cpu time of this process per search: p50 {pct(cpu, 50):.1f} ms, p95 {pct(cpu, 95):.1f} ms")
    ours = []
    for _ in range(args.repeat):
        for word in one_word:
            start = time.perf_counter()
            result = search_services(word, base=card_queryset())
            [(s.organization, list(s.terms.all())) for s in result.services]
            ours.append((time.perf_counter() - start) * 1000)
    met = pct(every, 95) < TARGET_P95_MS
    print(f"one word: {len(ours)} searches  p50 {pct(ours, 50):.1f} ms  p95 {pct(ours, 95):.1f} ms  "
          f"(target p95 < {TARGET_P95_MS:.0f} ms)")
    if connection.vendor == "postgresql":
        theirs = postgres_fts(connection, one_word, args.repeat)
        print(f"  PostgreSQL full-text search (GIN, 'dutch', best 10 by ts_rank): p50 {pct(theirs, 50):.1f} ms  "
              f"p95 {pct(theirs, 95):.1f} ms  (target: our one-word p50 at most this)")
        met = met and pct(ours, 50) <= pct(theirs, 50)
    met = met and pct(ours, 95) < TARGET_P95_MS
    print(f"targets {'met' if met else 'NOT met'}; load average {load()}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="mixed searches per map")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the one-word searches")
    parser.add_argument("--map", choices=["realistic", "simple", "both"], default="both")
    parser.add_argument("--data", type=Path, help="folder for the SQLite files (default: the data directory, var/)")
    parser.add_argument("--verbose", action="store_true", help="print every search's time")
    parser.add_argument("--reuse", action="store_true", help="time the map already there when it is the same map and size")
    parser.add_argument("--prepare-only", action="store_true", help="generate the map(s) and stop")
    args = parser.parse_args()
    args.sqlite_per_map = not os.environ.get("DATABASE_URL")
    data = (args.data or Path(os.environ.get("NAAST_DATA_DIR") or _django.ROOT / "var")).resolve()
    data.mkdir(parents=True, exist_ok=True)
    if args.sqlite_per_map:
        # One SQLite file per map in the data folder (kept for --reuse), not a temporary folder.
        os.environ["DATABASE_URL"] = f"sqlite:///{data / 'socialmap-search-simple.sqlite3'}"
    _django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no log of every query (the bench set-up needs DEBUG for its settings)
    kinds = ["simple", "realistic"] if args.map == "both" else [args.map]
    # Targets are printed; a missed speed target does not fail the run (it depends on the machine).
    for kind in kinds:
        run(kind, args, data)
    sys.exit(0)


if __name__ == "__main__":
    main()
