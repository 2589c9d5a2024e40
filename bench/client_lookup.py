"""The desk's client look-up at 1,000,000 clients (targets: p95 < 50 ms exact, < 150 ms similar names).

Fills a database with N clients (default 1,000,000: Dutch and other names, about 10,000 different
surnames, a phone number, an e-mail address and a postcode each; three in four with a full name)
in bulk, then times, as a desk user who may look up every resident:

- exact look-ups (`naast.intake.selectors.find_clients`) by a name as the desk types it (first
  name and surname, lower case), a phone number in another form than stored, an e-mail address in
  capitals and a postcode with a space;
- similar-name look-ups (`similar_clients`) for a name with a typo (two letters swapped) or
  without its accents.

It prints p50/p95 per kind (wall clock, and the CPU time of this process: on SQLite that is all the
work, so it shows the cost when other work on the machine stretches the wall clock), how often the
client the query was made from was among the results, the data size and the load average.

    nice .venv/bin/python bench/client_lookup.py                     # SQLite in var/bench-client-lookup/
    nice .venv/bin/python bench/client_lookup.py --data /tmp/lookup  # SQLite elsewhere
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/naast_lookup nice .venv/bin/python bench/client_lookup.py

The data is kept: a second run with the same --clients only times the look-ups (--fresh fills it
again). After filling, the planner's statistics are brought up to date (VACUUM ANALYZE on
PostgreSQL, ANALYZE on SQLite), as autovacuum and `PRAGMA optimize` do in a deployment.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST_NAMES = (
    "Anna Emma Sophie Julia Lotte Sanne Fleur Noor Eva Lisa Sara Fenna Nina Tess Lieke Iris Maud Roos Femke Esmee "
    "Jan Piet Kees Henk Gert Bram Daan Sem Lucas Finn Levi Thijs Ruben Jesse Bas Tim Niels Joost Wouter Marco "
    "Mohammed Ahmed Youssef Fatima Khadija Amina Yasmina Hamza Bilal Ilias Mustafa Ayşe Zeynep Elif Emine Şükrü "
    "Mehmet Hüseyin Çiğdem İsmail Özlem Łukasz Małgorzata Agnieszka Krzysztof Piotr Tomasz Katarzyna Olena "
    "Oleksandr Iryna Andriy Tetiana Dmytro Émile Zoë Chloé Noël Hélène José Ana-María Jürgen Björn Ørjan "
    "Gerrit Hendrik Willem Johannes Cornelis Maria Johanna Geertje Aaltje Jantje Albert Harm Roelof Jacob"
).split()
STEMS = (
    "bak jans hof vis smit meu kuip ooster wester hoog laag groot klein brug berg dijk veen holt haar lind mol ros "
    "wit zwart bos bloem kok bruin dek goed hout meer broek vos wolf beek kamp zand steen molen brink hen dam "
    "ter ver post bouw vaart heer stok kort lang rijn maas eem vecht hunz drent tuin akker weide heide koster "
    "boer mulder bakker visser de jong jager dekker brouwer koning leeuw schuur kap lam prins rook snel stam "
    "veld wal wijn zwaan haan kraai valk mees spreeuw huis kerk water leen geer ebbing tolk sprok"
).split()
SUFFIXES = (
    "er ink man sma stra ing hof veld berg dijk kamp huis meer broek horst land werf holt ema ens inga ga "
    "ring es sen ssen kes mans ker ders huizen beek bos donk rade loo lo camp wijk zijl"
).split()
SURNAMES_ABROAD = (
    "Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Arslan Doğan Koç El Amrani Bakkali Benali Ouali Haddou "
    "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Żak Kamiński Lewandowski Shevchenko Bondarenko Kovalenko "
    "Tkachenko Kravchenko Oliynyk Ødegård Núñez García Müller Schäfer"
).split()
PARTICLES = ["", "", "", "", "", "van ", "de ", "van der ", "van den ", "ter "]
DOMAINS = ["example.org", "example.net", "voorbeeld.nl", "mail.example"]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def surnames(rng: random.Random) -> list[str]:
    made = {f"{stem}{suffix}".capitalize() for stem in STEMS for suffix in SUFFIXES}
    return sorted(made) + SURNAMES_ABROAD


def person(i: int, rng: random.Random, family: list[str]) -> dict:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(family)
    particle = rng.choice(PARTICLES)
    full = f"{first} {particle}{last}" if rng.random() < 0.75 else ""
    return {
        "display_name": f"{first} {last[0]}." if rng.random() < 0.8 else first,
        "full_name": full,
        "phone": f"06-{10000000 + i * 7 % 89999999:08d}",
        "email": f"{first.lower()}.{i}@{DOMAINS[i % len(DOMAINS)]}" if rng.random() < 0.7 else "",
        "postcode": f"{1000 + rng.randrange(9000)}{chr(65 + rng.randrange(20))}{chr(65 + rng.randrange(20))}",
        "birth_year": rng.randrange(1930, 2008) if rng.random() < 0.6 else None,
        "last": last,
        "first": first,
    }


def fill(total: int, rng: random.Random) -> None:
    """Clients and their name words, in bulk (COPY on PostgreSQL), the keys from the project's own
    functions (`naast.registry.models.LOOKUP_KEYS`, `name_words`)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from naast.registry.models import Client, ClientNameWord, email_key, name_words, phone_key, postcode_key

    started = time.perf_counter()
    family = surnames(rng)
    now = timezone.now()
    first_id = (Client.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    have = Client.objects.count()
    client_table, word_table = Client._meta.db_table, ClientNameWord._meta.db_table
    client_cols = ["id", "display_name", "full_name", "phone", "email", "postcode", "birth_year", "preferred_language",
                   "external_key_hash", "created_at", "phone_key", "email_key", "postcode_key"]
    batch = 20000
    for offset in range(have, total, batch):
        clients, words = [], []
        for n in range(offset, min(total, offset + batch)):
            p = person(n, rng, family)
            pk = first_id + n - have
            created = now - timedelta(minutes=(total - n) * 3)
            clients.append((pk, p["display_name"], p["full_name"], p["phone"], p["email"], p["postcode"], p["birth_year"],
                            "nl", "", created, phone_key(p["phone"]), email_key(p["email"]), postcode_key(p["postcode"])))
            words += [(pk, word) for word in name_words(p["display_name"], p["full_name"])]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {client_table} ({', '.join(client_cols)}) FROM STDIN") as copy:
                    for row in clients:
                        copy.write_row(row)
                with cursor.cursor.copy(f"COPY {word_table} (client_id, word) FROM STDIN") as copy:
                    for row in words:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(client_cols))
                cursor.executemany(f"INSERT INTO {client_table} ({', '.join(client_cols)}) VALUES ({marks})", clients)
                cursor.executemany(f"INSERT INTO {word_table} (client_id, word) VALUES (%s, %s)", words)
        done = min(total, offset + batch)
        if done % 200000 == 0 or done == total:
            print(f"  {done:,} clients ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{client_table}', 'id'), "
                           f"(SELECT MAX(id) FROM {client_table}))")
            cursor.execute(f"VACUUM ANALYZE {client_table}")
            cursor.execute(f"VACUUM ANALYZE {word_table}")
        else:
            cursor.execute("ANALYZE")
    print(f"filled {total - have:,} clients in {time.perf_counter() - started:.0f} s", flush=True)


def data_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        else:
            size = sum(Path(f).stat().st_size for f in Path(connection.settings_dict["NAME"]).parent.glob(
                Path(connection.settings_dict["NAME"]).name + "*"))
    return f"{size / 1e6:,.0f} MB"


def typo(word: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped, after the first: 'Bakker' -> 'Bakkre'."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def plain(text: str) -> str:
    from naast.core.names import words

    return " ".join(words(text))


def timed(function, queries) -> tuple[list[float], list[float], int]:
    """Wall-clock times, this process's CPU times (ms) and how often the client was found."""
    times, cpu, hits = [], [], 0
    for query, pk in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        found = function(query)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        hits += any(c.pk == pk for c in found)
    return times, cpu, hits


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="look-ups of each kind")
    parser.add_argument("--data", help="folder for the SQLite database (default var/bench-client-lookup)")
    parser.add_argument("--fresh", action="store_true", help="empty the clients first")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        data = Path(args.data or Path(os.environ.get("NAAST_DATA_DIR", ROOT / "var")) / "bench-client-lookup")
        data.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{data / 'naast.sqlite3'}"
    sys.path.insert(0, str(ROOT / "bench"))
    import _django

    database = _django.setup()

    from naast.accounts.models import User
    from naast.accounts.roles import Role
    from naast.accounts.services import grant_role
    from naast.intake import selectors
    from naast.registry.models import Client, ClientNameWord

    if args.fresh:
        ClientNameWord.objects.all().delete()
        Client.objects.all().delete()
    rng = random.Random(19)
    if Client.objects.count() < args.clients:
        fill(args.clients, rng)
    desk, created = User.objects.get_or_create(username="bench-desk")
    if created:
        grant_role(desk, Role.DESK)
    desk = User.objects.get(pk=desk.pk)
    total = Client.objects.count()

    ids = list(Client.objects.order_by("pk").values_list("pk", flat=True)[:1]) + list(
        Client.objects.order_by("-pk").values_list("pk", flat=True)[:1])
    sample_ids = [rng.randint(ids[0], ids[1]) for _ in range(args.queries * 3)]
    sample = [c for c in Client.objects.in_bulk(sample_ids).values() if c.full_name][: args.queries]
    with_email = [c for c in Client.objects.in_bulk(sample_ids).values() if c.email][: args.queries]
    kinds = {
        "exact: name": [(plain(f"{c.full_name.split()[0]} {c.full_name.split()[-1]}"), c.pk) for c in sample],
        "exact: phone": [("+31 6 " + c.phone[3:], c.pk) for c in sample],
        "exact: e-mail": [(c.email.upper(), c.pk) for c in with_email],
        "exact: postcode": [(f"{c.postcode[:4]} {c.postcode[4:].lower()}", c.pk) for c in sample],
    }
    similar = {
        "similar: typo": [(f"{c.full_name.split()[0]} {typo(c.full_name.split()[-1], rng)}", c.pk) for c in sample],
        "similar: no accents": [(plain(c.full_name), c.pk) for c in sample if plain(c.full_name) != c.full_name.lower()],
    }
    print(f"client look-up on {database}: {total:,} clients, {ClientNameWord.objects.count():,} name words, "
          f"data {data_size()}; {load_average()}")
    failed = False
    for label, queries in {**kinds, **similar}.items():
        function = selectors.find_clients if label.startswith("exact") else selectors.similar_clients
        timed(lambda q, function=function: function(desk, q), queries[:5])  # warm up
        times, cpu, hits = timed(lambda q, function=function: function(desk, q), queries)
        if not times:
            continue
        target = 50 if label.startswith("exact") else 150
        ok = "ok" if p95(times) < target else "OVER TARGET"
        print(f"{label:20} n={len(times):3}  p50 {statistics.median(times):6.1f} ms  p95 {p95(times):6.1f} ms "
              f"(target p95 < {target} ms: {ok}; CPU here p50 {statistics.median(cpu):5.1f} p95 {p95(cpu):5.1f} ms)  "
              f"client found {hits}/{len(times)}")
        # A phone number or e-mail address names one client: the look-up must find it.
        if label in ("exact: phone", "exact: e-mail") and hits != len(times):
            failed = True
    print(f"done; {load_average()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
