"""Search quality on the demo social map: recall@5 and MRR over resident-phrased queries.

A query counts as found when one of the first 5 results is a service a supporter would expect
(matched on the start of the service's name, see socialmap_queries.json). Target recall@5 >= 0.9.

    .venv/bin/python bench/socialmap_quality.py [--show-misses]
"""

import argparse
import json
from pathlib import Path

import _django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    database = _django.setup()
    from naast.core.demodata import DemoContext
    from naast.organisations import demo as organisations_demo
    from naast.socialmap import demo as socialmap_demo
    from naast.socialmap.search import search_services

    ctx = DemoContext(verbose=False)
    organisations_demo.build(ctx)
    socialmap_demo.build(ctx)
    cases = json.loads((Path(__file__).parent / "socialmap_queries.json").read_text(encoding="utf-8"))
    hits, reciprocal = 0, 0.0
    misses = []
    for case in cases:
        names = [s.name for s in search_services(case["query"], per_page=20).services]
        ranks = [i for i, name in enumerate(names, 1) if any(name.startswith(e) for e in case["expected"])]
        first = ranks[0] if ranks else None
        if first and first <= 5:
            hits += 1
        else:
            misses.append((case["query"], names[:5]))
        reciprocal += 1 / first if first else 0
    n = len(cases)
    print(f"database: {database}; demo map: {len(ctx.objects['socialmap_services'])} services; {n} queries")
    print(f"recall@5 {hits / n:.3f}  MRR {reciprocal / n:.3f}  (target recall@5 >= 0.9)")
    if args.show_misses:
        for query, top in misses:
            print(f"  miss: {query!r} -> {top}")


if __name__ == "__main__":
    main()
