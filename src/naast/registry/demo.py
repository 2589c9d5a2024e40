"""Demo data: clients and help requests, in bulk (`naast demo-data --requests N`).

The default is two calendar years of requests (last year whole, this year so far) over the three
demo municipalities and two organisations: this year compares with a whole last year, and last
year with nothing (no growth shown) rather than with a few weeks.
`--years`, `--municipalities` and `--organisations` widen it (fictional extra municipalities and
organisations are added here); from 200,000 requests the command defaults to 10 years, 20
municipalities and 4 organisations, the benchmark's service. Rows are written with explicit ids
in plain multi-row INSERTs (SQLite) or COPY (PostgreSQL), so a million requests take minutes.
Volumes grow about 12 % a year; each municipality has its own size, and its own punctuality, so
that reports differ between places and targets are met in some and missed in others.
"""

from __future__ import annotations

import itertools
from datetime import UTC, timedelta

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from naast.core.demodata import DemoContext
from naast.organisations.models import District, MemberOrganisation, Municipality, ServiceProfile
from naast.taxonomies.models import LifeDomain, TargetGroup

from . import life_domains, lifecycle
from .choices import Channel, Outcome, Referrer, Urgency
from .models import (
    LIFECYCLE_FIELDS,
    Assignment,
    Client,
    ClientNameWord,
    HelpRequest,
    name_words,
    new_reference,
)

FIRST_NAMES = ["Anna", "Bram", "Cor", "Daan", "Els", "Femke", "Gerrit", "Hanneke", "Ilse", "Jos", "Karin", "Luuk",
               "Mila", "Noor", "Otto", "Pien", "Rik", "Sara", "Tijs", "Vera", "Wouter", "Yara", "Zeynep", "Said"]
QUESTIONS = [
    "Ik krijg brieven van de gemeente die ik niet begrijp.",
    "Mijn moeder vergeet steeds meer en ik weet niet waar ik hulp kan vragen.",
    "Ik heb een keukentafelgesprek en wil dat er iemand meegaat.",
    "Ik kan mijn huur niet meer betalen.",
    "Mijn zoon heeft autisme en loopt vast op school.",
    "Ik ben het niet eens met het besluit over mijn huishoudelijke hulp.",
    "Ik voel me eenzaam sinds mijn man overleden is.",
    "Ik zorg voor mijn vader en het wordt me te veel.",
    "Ik zoek werk maar weet niet hoe ik moet beginnen.",
    "We moeten verhuizen en ik heb een aangepaste woning nodig.",
]
CHANNEL_WEIGHTS = [(Channel.PHONE, 40), (Channel.WEB, 20), (Channel.EMAIL, 12), (Channel.DESK, 10),
                   (Channel.CONSULTATION_HOUR, 6), (Channel.OUTREACH, 4), (Channel.PARTNER, 8)]
REFERRER_WEIGHTS = [(Referrer.SELF, 40), (Referrer.FAMILY, 18), (Referrer.GP, 12), (Referrer.MUNICIPALITY, 14),
                    (Referrer.DISTRICT_NURSE, 5), (Referrer.SCHOOL, 3), (Referrer.SOCIAL_WORK, 6), (Referrer.OTHER, 2)]
OUTCOME_WEIGHTS = [(Outcome.ANSWERED, 55), (Outcome.REFERRED, 25), (Outcome.WITHDRAWN, 7), (Outcome.NO_CONTACT, 6),
                   (Outcome.MOVED, 3), (Outcome.OTHER, 4)]
# Life domains are not equally common; education and youth care stay rare, so some are seldom reached.
DOMAIN_WEIGHTS = {"social_support": 30, "care": 22, "wellbeing": 18, "housing": 14, "work_and_income": 14,
                  "preventive_care": 4, "youth_care": 2, "education": 1}
# Fictional places and organisations for services larger than the default demo.
EXTRA_MUNICIPALITIES = [
    ("GM9101", "Aaldonk"), ("GM9102", "Beekhuizen"), ("GM9103", "Dalwijk"), ("GM9104", "Eemsveen"),
    ("GM9105", "Feerwerd"), ("GM9106", "Gieterveld"), ("GM9107", "Hoogezand-Noord"), ("GM9108", "IJsselmond"),
    ("GM9109", "Kampenveen"), ("GM9110", "Lindewold"), ("GM9111", "Marum-Oost"), ("GM9112", "Noordwolde"),
    ("GM9113", "Oosterbroek"), ("GM9114", "Peizerdiep"), ("GM9115", "Roswinkel"), ("GM9116", "Schoonloo"),
    ("GM9117", "Tynaarlo-Zuid"), ("GM9118", "Uffelte"), ("GM9119", "Veenhuizen-Oost"), ("GM9120", "Wapserveen"),
]
DISTRICT_NAMES = ["Centrum", "Noord", "Zuid", "Buitengebied"]
EXTRA_ORGANISATIONS = [
    ("Stichting Sociaal Werk Oost", MemberOrganisation.Kind.WELFARE),
    ("Zorgbelang Noord", MemberOrganisation.Kind.CLIENT_INTEREST),
    ("MEE Noord-Oost", MemberOrganisation.Kind.CLIENT_SUPPORT),
    ("Humanitas Thuisadministratie", MemberOrganisation.Kind.INFORMAL),
]
BATCH = 20_000
# The life fields come from `lifecycle.replay`, in this column order.
LIFE_COLUMNS = sorted(LIFECYCLE_FIELDS)


def _office_time(rng, moment, not_before):
    """`moment` moved to office hours on its day (a weekend to the Monday after), never before
    `not_before`: supporters call, plan and meet during the working day."""
    local = timezone.localtime(moment)
    while True:
        while local.weekday() >= 5:
            local += timedelta(days=1)
        local = local.replace(hour=rng.randint(9, 16), minute=rng.choice([0, 15, 30, 45]), second=0, microsecond=0)
        if local >= not_before:
            return local
        local += timedelta(days=1)


def _demo_life(rng, history: lifecycle.History, lateness: float, now, age_days: float, profile) -> None:
    """What happened to an assigned request so far: the first contact (late in a share `lateness`
    of cases), an appointment made soon after it, the first conversation in person, and for most
    requests older than 45 days a closing. Moments after `now` have not happened yet."""
    received = history.received_at
    urgent = history.urgency == Urgency.URGENT

    def late(share: float = 1.0) -> bool:
        return rng.random() < lateness * share

    due = lifecycle.first_contact_due(received, history.urgency, profile)
    allowed = (due - received).total_seconds() / 86400
    # An urgent request is called back quickly, so the meeting can follow within its few days.
    quick = 0.4 if urgent else 0.95
    delay = allowed + rng.uniform(0.5, 10) if late() else rng.uniform(0.1, allowed * quick)
    contact = _office_time(rng, received + timedelta(days=delay), received + timedelta(minutes=15))
    if contact > now:
        return
    history.first_contact_at = contact
    closing = None
    if age_days > 45 and rng.random() < 0.97:
        closing = received + timedelta(days=rng.uniform(10, min(age_days, 120)))
    if rng.random() < 0.85:  # most callers get an appointment; some questions are answered on the phone
        made = _office_time(rng, contact + timedelta(days=rng.uniform(2.5, 7) if late(0.5) else rng.uniform(0, 0.5 if urgent else 1.2)),
                            contact)
        if made <= now and (closing is None or made < closing):
            history.appointment_at = made
            # The conversation itself takes place after the appointment was made: mostly before
            # the support's due time, in a share `lateness` of cases (or when already late) after it.
            due_start = lifecycle.pickup_due(received, history.urgency, profile)
            room = (due_start - made).total_seconds() / 86400
            if late(0.5) or room <= 0.2:
                started = max(made, due_start) + timedelta(days=rng.uniform(0.5, 15))
            else:
                started = made + timedelta(days=rng.uniform(0.1, room * 0.95))
            started = _office_time(rng, started, made)
            if started <= now and (closing is None or started < closing):
                history.picked_up_at = started
    if closing is not None and closing <= now:
        history.closed_at = closing


def _cumulative(weighted):
    """(values, cumulative weights): rng.choices with cum_weights skips re-summing on every call."""
    values, weights = zip(*weighted, strict=True)
    return values, list(itertools.accumulate(weights))


def _pick(rng, cumulative):
    values, cum_weights = cumulative
    return rng.choices(values, cum_weights=cum_weights)[0]


def _scale_places(ctx: DemoContext) -> None:
    """Add fictional municipalities (with districts) and organisations up to the numbers asked for."""
    municipalities, districts = ctx.objects["municipalities"], ctx.objects["districts"]
    for code, name in EXTRA_MUNICIPALITIES[: max(0, ctx.municipalities - len(municipalities))]:
        municipality, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        municipalities.append(municipality)
        for district_name in DISTRICT_NAMES[: 2 + len(municipalities) % 3]:
            districts.append(District.objects.get_or_create(municipality=municipality, name=district_name)[0])
    organisations = ctx.objects["organisations"]
    for name, kind in EXTRA_ORGANISATIONS[: max(0, ctx.organisations - len(organisations))]:
        organisations.append(MemberOrganisation.objects.get_or_create(name=name, defaults={"kind": kind})[0])


class BulkWriter:
    """Writes rows of one model with explicit ids: COPY on PostgreSQL, multi-row INSERT elsewhere."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.table = model._meta.db_table
        self.columns = columns
        fields = {f.column: f for f in model._meta.concrete_fields}
        self.datetime_positions = [i for i, c in enumerate(columns) if fields[c].get_internal_type() == "DateTimeField"]
        self.postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {self.table}")  # noqa: S608 (model table name)
            self.next_id = (cursor.fetchone()[0] or 0) + 1

    def take_ids(self, n: int) -> range:
        ids = range(self.next_id, self.next_id + n)
        self.next_id += n
        return ids

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        connection.ensure_connection()
        if self.postgres:
            with connection.connection.cursor() as cursor, cursor.copy(
                f"COPY {self.table} ({names}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # The driver's executemany, below Django's cursor wrapper: no per-query bookkeeping.
        if self.datetime_positions:
            rows = [self._adapt(row) for row in rows]
        placeholders = ", ".join(["?"] * len(self.columns))
        connection.connection.executemany(f"INSERT INTO {self.table} ({names}) VALUES ({placeholders})", rows)

    def _adapt(self, row):
        """Datetimes as SQLite stores them for Django: naive UTC text."""
        row = list(row)
        for i in self.datetime_positions:
            value = row[i]
            if value is not None:
                row[i] = str(value.astimezone(UTC).replace(tzinfo=None))
        return row

    def finish(self) -> None:
        """Move PostgreSQL's id sequence past the ids written here."""
        if self.postgres:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                    cursor.execute(sql)


def build(ctx: DemoContext) -> None:
    _scale_places(ctx)
    if connection.vendor == "sqlite" and ctx.requests > 50_000:
        with connection.cursor() as cursor:  # a larger page cache keeps the index inserts in memory
            cursor.execute("PRAGMA cache_size = -400000")
    rng = ctx.rng
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    profile = ServiceProfile.get()
    domains = list(LifeDomain.objects.all())
    domain_weights = [DOMAIN_WEIGHTS.get(d.code, 5) for d in domains]
    groups = list(TargetGroup.objects.all())
    districts = ctx.objects["districts"]
    organisations = ctx.objects["organisations"]
    supporters = ctx.objects["supporters"]
    by_org = {org.pk: [s.pk for s in supporters if s.organisation_id == org.pk] for org in organisations}
    # Each municipality has its own size and its own punctuality (share of first contacts late).
    municipality_ids = sorted({d.municipality_id for d in districts})
    size = {m: rng.uniform(0.5, 2.0) for m in municipality_ids}
    lateness = {m: rng.choice([0.04, 0.08, 0.15, 0.25]) for m in municipality_ids}
    place = _cumulative([
        (d, size[d.municipality_id] / sum(1 for x in districts if x.municipality_id == d.municipality_id))
        for d in districts
    ])
    channels, referrers, outcomes = (_cumulative(w) for w in (CHANNEL_WEIGHTS, REFERRER_WEIGHTS, OUTCOME_WEIGHTS))
    domain_cum = list(itertools.accumulate(domain_weights))
    # Which organisations work where: every municipality has one or two.
    serving = {m: rng.sample(organisations, min(len(organisations), 1 + (i % 2)))
               for i, m in enumerate(municipality_ids)}
    # Whole calendar years up to today (the current one so far), so that this year's report
    # compares with a whole last year; each year 12% busier than the one before.
    local_now = timezone.localtime(now)
    blocks = []  # (days before now where the year starts, its length in days so far)
    for k in range(ctx.years):
        first = local_now.replace(year=local_now.year - ctx.years + 1 + k, month=1, day=1, hour=0)
        last = min(first.replace(year=first.year + 1), local_now)
        blocks.append(((local_now - first).total_seconds() / 86400, (last - first).total_seconds() / 86400))
    years = _cumulative([(k, 1.12 ** k * length / 365) for k, (_start, length) in enumerate(blocks)])
    recent = now - timedelta(days=730)

    clients = BulkWriter(Client, ["id", "display_name", "full_name", "phone", "email", "postcode", "birth_year",
                                  "preferred_language", "municipality_id", "external_key_hash", "created_at",
                                  "phone_key", "email_key", "postcode_key"])
    # The look-up's name words (`name_words`), written with the clients as `Client.save()` would.
    name_words_writer = BulkWriter(ClientNameWord, ["id", "client_id", "word"])
    requests = BulkWriter(HelpRequest, [
        "id", "reference", "client_id", "municipality_id", "district_id", "organisation_id", "received_at", "channel",
        "referrer", *LIFE_COLUMNS, "target_group_id", "question", "is_quick_log", "minutes_spent", "created_by_id",
        "created_at", "updated_at", "life_domain_key"])
    through = HelpRequest.life_domains.through
    links = BulkWriter(through, ["id", "helprequest_id", "lifedomain_id"])
    assignments = BulkWriter(Assignment, ["id", "help_request_id", "supporter_id", "assigned_at", "assigned_by_id",
                                          "ended_at", "end_reason"])
    returning: dict[int, list[int]] = {m: [] for m in municipality_ids}
    references: set[str] = set(HelpRequest.objects.values_list("reference", flat=True)) if ctx.requests < 50_000 \
        else set()
    # Receipt times oldest first, as a live system appends them: ids grow with time.
    def age() -> float:
        start, length = blocks[_pick(rng, years)]
        return start - rng.uniform(0.5, length)  # half a day in: the hour offset below stays in the year

    ages = sorted((age() for _ in range(ctx.requests)), reverse=True)
    first_id = requests.next_id
    created = 0
    ctx.progress.stage("help requests", total=ctx.requests, unit="requests")
    while created < ctx.requests:
        n = min(BATCH, ctx.requests - created)
        client_rows, request_rows, link_rows, assignment_rows, word_rows = [], [], [], [], []
        request_ids = requests.take_ids(n)
        for request_id in request_ids:
            district = _pick(rng, place)
            municipality_id = district.municipality_id
            known = returning[municipality_id]
            if known and rng.random() < 0.2:
                client_id = rng.choice(known)  # a returning resident
            else:
                client_id = clients.take_ids(1)[0]
                display_name = f"{rng.choice(FIRST_NAMES)} {rng.choice('ABCDEFGHJKLMNPRSTVW')}."
                client_rows.append((client_id, display_name, "", "", "", "", rng.randint(1935, 2008), "",
                                    municipality_id, "", now, "", "", ""))
                word_rows += [(client_id, word) for word in name_words(display_name, "")]
                known.append(client_id)
            age_days = ages[request_id - first_id]
            received = now - timedelta(days=age_days, hours=rng.uniform(0, 10))
            reference = new_reference(rng)
            while reference in references:
                reference = new_reference(rng)
            references.add(reference)
            urgent = rng.random() < 0.15
            urgency = Urgency.URGENT if urgent else Urgency.REGULAR
            quick = not urgent and rng.random() < 0.12
            organisation_id, minutes = None, 0
            if quick:  # a quick question answered on the spot at the desk or on the phone
                organisation_id = rng.choice(serving[municipality_id]).pk
                answered = received + timedelta(minutes=15)
                history = lifecycle.History(received, quick_log=True, first_contact_at=received, closed_at=answered,
                                            outcome=Outcome.ANSWERED)
                minutes = rng.randint(5, 20)
            else:
                history = lifecycle.History(received, urgency)
                if age_days > 3 or rng.random() < 0.5:
                    organisation_id = rng.choice(serving[municipality_id]).pk
                    history.assigned = True
                    _demo_life(rng, history, lateness[municipality_id], now, age_days, profile)
                    if history.closed_at is not None:
                        history.outcome = _pick(rng, outcomes)
                        minutes = int(rng.lognormvariate(6.1, 0.6))
                    elif history.first_contact_at is not None:
                        minutes = int(rng.uniform(0, 300))
            life = lifecycle.replay(history, profile)
            row = (
                request_id, reference, client_id, municipality_id, district.pk, organisation_id, received,
                Channel.DESK if quick and rng.random() < 0.5 else _pick(rng, channels),
                _pick(rng, referrers), *(life[name] for name in LIFE_COLUMNS),
                rng.choice(groups).pk if rng.random() < 0.8 else None, rng.choice(QUESTIONS), quick,
                minutes, None, received, received,
            )
            request_domains = {d.pk for d in rng.choices(domains, cum_weights=domain_cum, k=rng.choice([1, 1, 1, 2, 2, 3]))}
            request_rows.append((*row, life_domains.key_of(request_domains)))  # the key is written with the links
            for domain in request_domains:
                link_rows.append((request_id, domain))
            staff = by_org.get(organisation_id)
            if staff and received >= recent:
                closed = life["closed_at"]
                assignment_rows.append((request_id, rng.choice(staff), received, None, closed,
                                        "closed" if closed else ""))
        clients.write(client_rows)
        name_words_writer.write([(i, *w) for i, w in zip(name_words_writer.take_ids(len(word_rows)), word_rows,
                                                           strict=True)])
        requests.write(request_rows)
        links.write([(i, *link) for i, link in zip(links.take_ids(len(link_rows)), link_rows, strict=True)])
        assignments.write([(i, *a) for i, a in zip(assignments.take_ids(len(assignment_rows)), assignment_rows,
                                                   strict=True)])
        created += n
        ctx.progress.update(n)
    for writer in (clients, name_words_writer, requests, links, assignments):
        writer.finish()
