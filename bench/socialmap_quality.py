"""Search quality of the social map: hit@5 and MRR per language on two maps.

- the demo map (`naast demo-data`'s social map) with the Dutch resident-phrased queries of
  socialmap_queries.json, and
- both the demo map and an independently written HSDS 3.0 map of Westerveld
  (hsds_map_westerveld.json, 53 services, imported as any HSDS map is) with the queries of
  socialmap_queries_multilingual.json: the same needs in Dutch, English, Arabic, Turkish, Polish
  and Ukrainian.

A query is a hit when one of the first 5 results is a service a supporter would expect (matched
on the start of the service's name). Targets: hit@5 >= 0.95 for Dutch and >= 0.85 for each other
language, on both maps.

    .venv/bin/python bench/socialmap_quality.py [--show-misses]
"""

import argparse
import json
import os
from collections import defaultdict
from pathlib import Path

import _django

HERE = Path(__file__).parent
TARGET = {"nl": 0.95}
OTHER_TARGET = 0.85


def evaluate(cases, search, map_name, misses):
    """(language -> [hits, reciprocal rank sum, n]) for the cases with expectations on this map."""
    per_language = defaultdict(lambda: [0, 0.0, 0])
    for case in cases:
        expected = case["expected"][map_name] if isinstance(case["expected"], dict) else case["expected"]
        if not expected:
            continue
        names = [s.name for s in search(case["query"], per_page=20).services]
        ranks = [i for i, name in enumerate(names, 1) if any(name.startswith(e) for e in expected)]
        first = ranks[0] if ranks else None
        row = per_language[case.get("lang", "nl")]
        row[2] += 1
        if first and first <= 5:
            row[0] += 1
        else:
            misses.append((map_name, case["query"], names[:5]))
        row[1] += 1 / first if first else 0
    return per_language


def report(map_name, per_language) -> bool:
    ok = True
    for lang in ("nl", "en", "ar", "tr", "pl", "uk"):
        if lang not in per_language:
            continue
        hits, reciprocal, n = per_language[lang]
        target = TARGET.get(lang, OTHER_TARGET)
        passed = hits / n >= target
        ok &= passed
        print(f"  {map_name:<10} {lang}  n={n:<3} hit@5 {hits / n:.3f}  MRR {reciprocal / n:.3f}  "
              f"(target hit@5 >= {target:.2f}) {'ok' if passed else 'BELOW TARGET'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    database = _django.setup()
    from django.db import connection

    from naast.core.demodata import DemoContext
    from naast.organisations import demo as organisations_demo
    from naast.socialmap import demo as socialmap_demo
    from naast.socialmap.hsds.write import import_path
    from naast.socialmap.models import Service
    from naast.socialmap.search import search_services
    from naast.socialmap.search.index import reindex

    dutch = json.loads((HERE / "socialmap_queries.json").read_text(encoding="utf-8"))
    multilingual = json.loads((HERE / "socialmap_queries_multilingual.json").read_text(encoding="utf-8"))
    misses: list = []

    ctx = DemoContext(verbose=False)
    organisations_demo.build(ctx)
    socialmap_demo.build(ctx)
    demo_count = Service.objects.count()
    demo = evaluate(dutch + multilingual, search_services, "demo", misses)

    # The second map on its own: the demo's services are taken off the map first.
    Service.objects.update(status="defunct")
    import_path(HERE / "hsds_map_westerveld.json")
    reindex()
    westerveld_count = Service.objects.exclude(status="defunct").count()
    westerveld = evaluate(multilingual, search_services, "westerveld", misses)

    print(f"database: {database}; demo map: {demo_count} services, {len(dutch)} + "
          f"{sum(1 for c in multilingual if c['expected']['demo'])} queries; Westerveld map (HSDS import): "
          f"{westerveld_count} services, {sum(1 for c in multilingual if c['expected']['westerveld'])} queries")
    ok = report("demo", demo) & report("westerveld", westerveld)
    print("all targets met" if ok else "some targets not met")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    if args.show_misses:
        for map_name, query, top in misses:
            print(f"  miss ({map_name}): {query!r} -> {top}")
    connection.close()


if __name__ == "__main__":
    main()
