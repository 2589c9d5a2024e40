"""HSDS import at scale: writes an HSDS 3.0 JSON file of N services (default 10,000; each with an
organisation, a location with address, a phone, two opening periods and a service area) and
imports it with `naast import-hsds`'s code; prints time and peak memory. Then imports it again
(the idempotent update path). Target: each import under 3 s per 1,000 services, at least 5 s (so
a regional map of 10,000 services loads within half a minute); printed with the machine's load
average (a missed speed target is printed, not an error: the figure depends on the machine).

    .venv/bin/python bench/hsds_import.py [--services 10000]      # SQLite, or DATABASE_URL's database
"""

import argparse
import json
import resource
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

import _django


def build_file(n: int, path: Path) -> None:
    orgs = [{"id": str(uuid.uuid4()), "name": f"Stichting Voorbeeld {i}", "description": "Welzijnsorganisatie"} for i in range(200)]
    services = []
    for i in range(n):
        org = orgs[i % len(orgs)]
        loc_id = str(uuid.uuid4())
        services.append({
            "id": str(uuid.uuid4()), "name": f"Buurtcoach {i}", "status": "active",
            "description": "Een buurtcoach helpt u met vragen over geld, wonen, zorg en contact met anderen.",
            "eligibility_description": "Voor alle inwoners.", "minimum_age": 18,
            "organization": org,
            "phones": [{"id": str(uuid.uuid4()), "number": f"0522 {100 + i % 900} {100 + i % 877}", "type": "voice"}],
            "schedules": [
                {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "MO,WE,FR", "opens_at": "09:00:00", "closes_at": "12:00:00"},
                {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "TU", "opens_at": "13:00:00", "closes_at": "17:00:00"},
            ],
            "service_areas": [{"id": str(uuid.uuid4()), "name": "Westerveld"}],
            "service_at_locations": [{
                "id": str(uuid.uuid4()),
                "location": {"id": loc_id, "location_type": "physical", "name": f"Buurthuis {i}", "latitude": 52.85,
                             "longitude": 6.31, "addresses": [{"id": str(uuid.uuid4()), "address_1": f"Brink {i % 90 + 1}",
                                                                "city": "Diever", "state_province": "Drenthe",
                                                                "postal_code": "7981 AA", "country": "NL",
                                                                "address_type": "physical"}]},
            }],
        })
    path.write_text(json.dumps(services), encoding="utf-8")


TARGET_SECONDS_PER_THOUSAND = 3.0
TARGET_MINIMUM_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    args = parser.parse_args()
    database = _django.setup()
    from naast.socialmap.hsds.write import import_path
    from naast.socialmap.models import Service

    path = _django.data_dir("hsds") / "services.json"
    build_file(args.services, path)
    size_mb = path.stat().st_size / 1e6
    target = max(TARGET_SECONDS_PER_THOUSAND * args.services / 1000, TARGET_MINIMUM_SECONDS)
    for label in ("first import", "re-import (updates)"):
        tracemalloc.start()
        start = time.perf_counter()
        report = import_path(path)
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows = sum(report.counts.values())
        print(f"{label}: {args.services} services ({rows} records, {size_mb:.1f} MB JSON) in {elapsed:.1f} s "
              f"(target < {target:.1f} s: {'met' if elapsed < target else 'NOT met'}); "
              f"peak Python memory {peak / 1e6:.0f} MB; {_django.load_average()}")
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {database}; services in map: {Service.objects.count()}; process peak RSS {maxrss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
