"""The desk's look-up at scale (issue: "the look-up scans the whole client table: 0.25–0.45 s exact,
0.5–0.9 s for similar names at 800,000 clients"). Names, phone numbers, e-mail addresses and
postcodes are found through normalised keys with an index on SQLite and PostgreSQL alike; the keys
follow every change of the details they come from. Speed itself is printed by
bench/client_lookup.py at 1,000,000 clients."""

import dataclasses
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naast.accounts.roles import Role
from naast.intake import selectors
from naast.privacy.retention import anonymise
from naast.registry.corrections import RequestFacts, correct_request
from naast.registry.models import Client, ClientNameWord

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(f, org):
    return f.user(Role.DESK, org=org)


@pytest.mark.parametrize("typed", ["+31 6 12345678", "0031612345678", "06 1234 5678", "(06) 12-34-56-78", "612345678"])
def test_a_phone_number_typed_in_any_form_finds_the_resident(typed, f, desk):
    anna = f.client("Anna B.", phone="06-12345678")
    f.client("Bert", phone="06-12345679")
    assert selectors.find_clients(desk, typed) == [anna]


def test_e_mail_postcode_and_the_beginnings_of_name_words_find_the_resident(f, desk):
    ayse = f.client("Ayşe Y.", full_name="Ayşe Yılmaz", email="Ayse.Yilmaz@Example.org", postcode="7991 ab")
    f.client("Anna B.", full_name="Anna Bakker", email="anna@example.org", postcode="7941BB")
    assert selectors.find_clients(desk, "ayse.yilmaz@example.ORG") == [ayse]
    assert selectors.find_clients(desk, "7991AB") == [ayse] == selectors.find_clients(desk, "7991 ab")
    # Case and accents do not matter, nor the order of the words; each typed word begins a name word.
    for typed in ("ayse yilmaz", "YILMAZ", "yil ay", "Ayşe Y"):
        assert selectors.find_clients(desk, typed) == [ayse], typed
    assert selectors.find_clients(desk, "ayse bakker") == []


def test_the_keys_follow_a_correction_an_erasure_and_a_bulk_import(f, org, muni):
    coordinator = f.user(Role.COORDINATOR, org=org)
    client = f.client("Noor H.", full_name="Noor Haddou", phone="0612345678", email="noor@example.org")
    hr = f.help_request(org=org, client=client, municipality=muni)
    facts = dataclasses.replace(RequestFacts.of(hr), display_name="Noor Bakkali", phone="0687654321",
                                email="noor.b@example.org")
    correct_request(hr, facts, by=coordinator, reason="Getrouwd, nieuw nummer.")
    assert selectors.find_clients(coordinator, "0612345678") == []
    assert selectors.find_clients(coordinator, "06 87 65 43 21") == [client]
    assert selectors.find_clients(coordinator, "noor.b@example.org") == [client]
    assert selectors.find_clients(coordinator, "Bakkali") == [client]
    assert selectors.find_clients(coordinator, "noor@example.org") == []
    # Full name kept, display name changed: the old display name's word is gone, the full name's stays.
    assert selectors.find_clients(coordinator, "Haddou") == [client]
    # Anonymised (retention or erasure): no name, number or address finds the record any more.
    anonymise([hr.pk], [client.pk])
    for typed in ("Noor", "Haddou", "0687654321", "noor.b@example.org"):
        assert selectors.find_clients(coordinator, typed) == [], typed
    assert not ClientNameWord.objects.filter(client=client).exists()
    assert Client.objects.filter(pk=client.pk, phone_key="", email_key="", postcode_key="").exists()
    # Clients written in bulk (imports, demo data) are found like any other.
    made = Client.objects.bulk_create([Client(display_name="Émile H.", phone="0655555555", postcode="7991AA")])
    assert selectors.find_clients(coordinator, "emile") == made == selectors.find_clients(coordinator, "+31655555555")
    assert selectors.similar_clients(coordinator, "Emiel") == made


def _plans(function) -> list[str]:
    """The query plans of every query `function` makes (PostgreSQL: with sequential scans made as
    expensive as possible, so that a plan shows one only where no index can serve the query)."""
    with CaptureQueriesContext(connection) as captured:
        function()
    plans = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            cursor.execute(prefix + sql)
            plans.append("\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall()))
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
    return plans


def _scans_a_table(plan: str) -> bool:
    """Whether a plan reads a whole table, not a range of an index (a scan of rows the query made
    itself, such as a subquery's, is fine)."""
    if connection.vendor == "postgresql":
        return "Seq Scan" in plan
    tables = set(connection.introspection.table_names())
    details = [row.split(" ", 3)[-1] for row in plan.splitlines()]
    scanned = [detail.split(" ")[1] for detail in details if detail.startswith("SCAN ")]
    return any(name in tables or re.fullmatch(r"[UT]\d+", name) for name in scanned)


@pytest.mark.parametrize("query", ["Anna Bakker", "bakk", "06-12345678", "anna@example.org", "7991 AB"])
def test_every_look_up_reads_an_index_not_the_whole_client_table(query, f, desk):
    for i in range(30):
        f.client(f"Client {i}", full_name=f"Client Nummer{i}", phone=f"06-{20000000 + i}", email=f"c{i}@example.org",
                 postcode=f"{7000 + i}AB")
    f.client("Anna B.", full_name="Anna Bakker", phone="06-12345678", email="anna@example.org", postcode="7991AB")
    plans = _plans(lambda: selectors.find_clients(desk, query)) + _plans(lambda: selectors.similar_clients(desk, query))
    assert plans
    for plan in plans:
        assert not _scans_a_table(plan), plan


def test_the_duplicate_finder_groups_by_the_phone_key(f, org, muni):
    from naast.intake import merging

    a = f.client("Jan J.", phone="06-12345678")
    b = f.client("J. Jansen", phone="+31 6 1234 5678")
    c = f.client("Piet P.", phone="06-87654321")
    for x in (a, b, c):
        f.help_request(org=org, client=x, municipality=muni)
    pairs = merging.likely_pairs(f.user(Role.COORDINATOR, org=org))
    assert [(p.first, p.second, p.why) for p in pairs] == [(a, b, "zelfde telefoonnummer")]


def test_a_name_in_cyrillic_or_arabic_script_is_found_in_its_script_and_in_latin_letters(f, desk):
    # A resident who wrote their name on the Ukrainian or Arabic form must be found at the desk.
    olena = f.client("Олена К.", full_name="Олена Коваль")
    ahmad = f.client("أحمد", full_name="أحمد الحسن")
    f.client("Anna B.", full_name="Anna Bakker")
    assert selectors.find_clients(desk, "Олена") == [olena]
    assert selectors.find_clients(desk, "olena koval") == [olena]
    assert selectors.find_clients(desk, "أحمد") == [ahmad]


def test_a_likely_duplicate_with_a_postcode_from_abroad_is_offered(f, desk):
    # A resident who lives just over the border: the same name and the same (Belgian) postcode.
    jan = f.client("Jan Peeters", postcode="B-2000")
    assert selectors.likely_duplicates(desk, display_name="jan peeters", postcode="b-2000") == [jan]
