"""Reads for the front-door screens: the coordinator's queue, supporter suggestions, client
look-up and the resident's follow-up status. Each screen costs a fixed number of queries."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naast.accounts.models import User
from naast.core import names
from naast.organisations.models import normalise_postcode
from naast.privacy import policy
from naast.registry.choices import Channel, Status, Urgency
from naast.registry.lifecycle import NORMS_BY_KEY, end_of_next_working_day, overdue_q
from naast.registry.models import (
    Assignment,
    Client,
    ClientNameWord,
    HelpRequest,
    email_key,
    phone_key,
    postcode_key,
)
from naast.registry.selectors import typed_reference
from naast.taxonomies.models import LifeDomain

from .forms import language_name
from .models import (
    AnotherSupporterRequest,
    FollowUpMessage,
    IntakeDetails,
    SupporterExclusion,
    hash_secret,
    normalise_follow_up_code,
)
from .services import assignable_supporters

QUEUE_FILTERS = ("organisation", "municipality", "urgency", "life_domain", "channel")


def _local_day_bounds(now: datetime) -> tuple[datetime, datetime]:
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start.replace(hour=23, minute=59, second=59, microsecond=999999)


QUEUE_ORDER = ("first_contact_due", "received_at", "pk")


def queue(user, filters: dict | None = None, now: datetime | None = None) -> tuple[QuerySet, dict]:
    """The triage queue: open requests nobody is assigned to, plus those whose first contact is
    at risk (due within one working day or overdue), oldest deadline first.

    Returns (requests, counts): the queue's requests in queue order, and the counts at the top
    from one aggregate query. Both read the partial index `registry_hr_open_queue` (open
    requests, in queue order, with every column filtered and counted on). A page shows
    `queue_rows(ids)` for the ids of one slice of `requests.values_list("pk", flat=True)`: the
    database then walks the index only as far as the page and reads 50 rows, instead of joining
    and sorting every open request.
    """
    filters = filters or {}
    now = now or timezone.now()
    _today_start, today_end = _local_day_bounds(now)
    visible_open = _filtered(policy.visible_help_requests(user, HelpRequest.objects.open()), filters)
    at_risk_until = end_of_next_working_day(now)
    # Written as "open, except assigned ones that are safe" rather than "received, or at risk":
    # a top-level OR makes SQLite combine two status-index scans instead of reading the
    # partial queue index in deadline order.
    safe = Q(first_contact_at__isnull=False) | Q(first_contact_due__gt=at_risk_until) | Q(first_contact_due__isnull=True)
    base = HelpRequest.objects.open().exclude(~Q(status=Status.RECEIVED) & safe)
    base = _filtered(policy.visible_help_requests(user, base), filters)
    pending = Q(first_contact_at__isnull=True)
    counts = base.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=pending & Q(first_contact_due__lt=now)),
        due_today=Count("pk", filter=pending & Q(first_contact_due__gte=now, first_contact_due__lte=today_end)),
        unassigned=Count("pk", filter=Q(status=Status.RECEIVED)),
        urgent=Count("pk", filter=Q(urgency=Urgency.URGENT)),
    )
    # The other norms are late on requests that have left the queue (assigned, in progress): counted
    # over every open request the user may see, with the same filters.
    counts.update(visible_open.aggregate(
        appointment_late=Count("pk", filter=overdue_q(NORMS_BY_KEY["appointment"], now)),
        pickup_late=Count("pk", filter=overdue_q(NORMS_BY_KEY["pickup"], now)),
    ))
    counts["now"] = now
    counts["today_end"] = today_end
    return base.order_by(*QUEUE_ORDER), counts


def _filtered(requests: QuerySet, filters: dict) -> QuerySet:
    if filters.get("organisation"):
        requests = requests.filter(organisation_id=filters["organisation"])
    if filters.get("municipality"):
        requests = requests.filter(municipality_id=filters["municipality"])
    if filters.get("urgency"):
        requests = requests.filter(urgency=filters["urgency"])
    if filters.get("channel"):
        requests = requests.filter(channel=filters["channel"])
    if filters.get("life_domain"):
        # EXISTS rather than a join: no duplicate rows, and the database can keep walking the
        # queue index in order, probing the (request, domain) index for each, and stop early.
        through = HelpRequest.life_domains.through
        requests = requests.filter(
            Exists(through.objects.filter(helprequest_id=OuterRef("pk"), lifedomain_id=filters["life_domain"]))
        )
    return requests


def queue_rows(ids: list[int]) -> list[HelpRequest]:
    """The rows of one queue page, in the order of `ids`, with what the page shows: one query
    for the requests (with municipality, organisation and district) and one for the domains."""
    if not ids:
        return []
    rows = (
        HelpRequest.objects.filter(pk__in=ids)
        .select_related("municipality", "organisation", "district")
        .prefetch_related(Prefetch("life_domains", queryset=LifeDomain.objects.order_by("code")))
        .order_by()
    )
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def mark_deadlines(rows: list[HelpRequest], counts: dict) -> list[HelpRequest]:
    """Set `is_overdue`, `is_due_today` and `wants_other_supporter` on a page of rows.

    The flag is one query for the page's rows, not a subquery in the queue query: SQLite would
    evaluate that for every open request before sorting, not only for the 50 shown.
    """
    flagged = set(
        AnotherSupporterRequest.objects.filter(help_request__in=[row.pk for row in rows], resolved_at__isnull=True)
        .values_list("help_request_id", flat=True)
    ) if rows else set()
    now, today_end = counts["now"], counts["today_end"]
    for row in rows:
        row.wants_other_supporter = row.pk in flagged
        due = row.first_contact_due
        pending = row.first_contact_at is None and due is not None
        row.is_overdue = pending and due < now
        row.is_due_today = pending and now <= due <= today_end
    return rows


def queue_display(rows: list[HelpRequest]) -> list[dict]:
    """A page of queue rows as plain values, formatted once in Python: Django's template engine
    is the slow part of a 50-row table, so the template only prints these."""
    channels = {value: str(label) for value, label in Channel.choices}
    urgencies = {value: str(label) for value, label in Urgency.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    display = []
    for row in rows:
        due = row.first_contact_due
        place = str(row.municipality) if row.municipality_id else "—"
        if row.district_id:
            place += f", {row.district.name}"
        display.append({
            "reference": row.reference,
            "due": date_format(timezone.localtime(due), "D j N H:i") if due else "—",
            "is_overdue": row.is_overdue,
            "is_due_today": row.is_due_today,
            "urgent": row.urgency == Urgency.URGENT,
            "urgency": urgencies.get(row.urgency, row.urgency),
            "channel": channels.get(row.channel, row.channel),
            "place": place,
            "domains": ", ".join(str(d.label) for d in row.life_domains.all()) or "—",
            "status": statuses.get(row.status, row.status),
            "organisation": str(row.organisation) if row.organisation_id else "",
            "wants_other_supporter": row.wants_other_supporter,
        })
    return display



def _in_sentence(label) -> str:
    """A label inside a sentence: "Kent maatschappelijke ondersteuning", not "Kent Maatschappelijke
    ondersteuning"; an abbreviation ("GGZ") keeps its capitals."""
    text = str(label)
    return text[:1].lower() + text[1:] if text[1:2].islower() else text

# --- suggestions ------------------------------------------------------------------------------
@dataclass
class Suggestion:
    supporter: User
    score: float
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    open_cases: int = 0


# A case takes about 2 hours a week on average (10 guideline hours over some 5 weeks), so a
# supporter's capacity in open cases is their contracted weekly hours divided by this.
HOURS_PER_OPEN_CASE = Decimal(2)


def suggest_supporters(help_request: HelpRequest, limit: int = 10, today=None) -> list[Suggestion]:
    """Supporters ranked by fit, each with the reasons. Never an indicatiesteller (they are not
    assignable at all) and never a supporter the resident asked to replace for this request."""
    today = today or timezone.localdate()
    excluded = SupporterExclusion.objects.filter(help_request=help_request).values("supporter_id")
    active_here = Assignment.objects.filter(help_request=help_request, ended_at__isnull=True).values("supporter_id")
    candidates = (
        assignable_supporters()
        .exclude(pk__in=excluded)
        .exclude(pk__in=active_here)
        .select_related("organisation", "supporter_profile")
        .prefetch_related(
            "supporter_profile__life_domains", "supporter_profile__target_groups", "supporter_profile__districts"
        )
        .annotate(
            open_cases=Count(
                "assignments",
                filter=Q(assignments__ended_at__isnull=True)
                & Q(assignments__help_request__status__in=[Status.ASSIGNED, Status.IN_PROGRESS, Status.RECEIVED]),
            )
        )
    )
    wanted_domains = {d.pk: d for d in help_request.life_domains.all()}
    details = IntakeDetails.objects.filter(help_request=help_request).first()
    language = (details.preferred_language if details else "") or (
        help_request.client.preferred_language if help_request.client_id else ""
    )
    language = (language or "").lower()[:2]
    suggestions = []
    for user in candidates:
        profile = getattr(user, "supporter_profile", None)
        s = Suggestion(supporter=user, score=0.0, open_cases=user.open_cases)
        if profile is None:
            s.warnings.append(_("No supporter profile"))
            suggestions.append(s)
            continue
        shared = [d for d in profile.life_domains.all() if d.pk in wanted_domains]
        if shared:
            s.score += 3 * len(shared)
            s.reasons.append(_("Knows %(domains)s") % {"domains": ", ".join(_in_sentence(d.label) for d in shared)})
        if help_request.target_group_id and any(g.pk == help_request.target_group_id for g in profile.target_groups.all()):
            s.score += 2
            s.reasons.append(_("Experienced with %(group)s") % {"group": _in_sentence(help_request.target_group.label)})
        if help_request.district_id and any(d.pk == help_request.district_id for d in profile.districts.all()):
            s.score += 2
            s.reasons.append(_("Works in %(district)s") % {"district": help_request.district.name})
        if language and language != "nl" and language in [lang.lower() for lang in profile.languages or []]:
            s.score += 2
            s.reasons.append(_("Speaks the resident's language (%(language)s)") % {"language": language_name(language)})
        if help_request.organisation_id and user.organisation_id == help_request.organisation_id:
            s.score += 1
            s.reasons.append(_("Same organisation as the request"))
        capacity = (profile.contracted_hours_per_week or Decimal(0)) / HOURS_PER_OPEN_CASE
        if capacity > 0:
            load = Decimal(user.open_cases) / capacity
            caseload = {"open": user.open_cases, "hours": floatformat(profile.contracted_hours_per_week, -1)}
            s.score += float(max(Decimal(-2), 2 * (1 - load)))
            if load < 1:
                s.reasons.append(
                    _("Has room: %(open)s open cases for %(hours)s hours a week") % caseload
                )
            else:
                s.warnings.append(
                    _("Full caseload: %(open)s open cases for %(hours)s hours a week") % caseload
                )
        else:
            s.warnings.append(_("No contracted hours recorded"))
        if profile.is_absent_on(today):
            s.score -= 10
            s.warnings.append(
                _("Absent until %(date)s") % {"date": profile.absent_until.strftime("%d-%m-%Y")}
                if profile.absent_until
                else _("Absent")
            )
        suggestions.append(s)
    suggestions.sort(key=lambda s: (-s.score, s.open_cases, str(s.supporter)))
    return suggestions[:limit]


# --- client look-up ---------------------------------------------------------------------------
# Every look-up reads an index, on SQLite and PostgreSQL alike (docs/lookup.md): the contact details
# through the clients' normalised keys (`Client.phone_key`, `email_key`, `postcode_key`), the names
# through `ClientNameWord` (each word of a name, lower case, without accents). Nothing here reads
# the whole client table.
def _name_words(text: str) -> list[str]:
    """Lower-case words without accents: 'Ayşe Yılmaz' -> ['ayse', 'yilmaz']."""
    return names.words(text)


def _phone_key(phone: str) -> str | None:
    """The key of a typed phone number, when it has enough digits to be one (8 or more)."""
    if sum(ch.isdigit() for ch in phone or "") < 8:
        return None
    return phone_key(phone)


# At most this many words of a query are looked up (every word is an index range).
QUERY_WORDS = 4
# How many of the most recently registered matches (the highest client numbers) a name look-up
# takes from the word index, for a user who may look up every client; they are then ordered by
# registration time. A user who sees fewer clients gets every match their policy allows.
NAME_CANDIDATES = 200


def _having_words(conditions: list[tuple[str, list]], user, limit: int) -> QuerySet:
    """Clients with a name word meeting each of `conditions` (SQL on the word, its parameters): the
    client numbers are intersected on the (word, client) index alone, before any client row is read."""
    table = ClientNameWord._meta.db_table
    sql = " INTERSECT ".join(f"SELECT client_id FROM {table} WHERE {condition}" for condition, _ in conditions)
    params = [value for _, values in conditions for value in values]
    if policy.can_look_up_clients(user):
        sql = f"SELECT client_id FROM ({sql}) matched ORDER BY client_id DESC LIMIT {int(limit)}"
    return Client.objects.filter(pk__in=RawSQL(sql, params), merged_into__isnull=True)


def _starts(prefix: str) -> tuple[str, list]:
    """A word starting with `prefix`, as a range on the word index (in any collation: a-z only)."""
    end = names.prefix_end(prefix)
    return ("word >= %s AND word < %s", [prefix, end]) if end else ("word >= %s", [prefix])


def _name_words_q(words: list[str], prefix: str = "client__") -> Q:
    """For every one of `words`, a name word of the client that starts with it (the word index)."""
    condition = Q()
    for word in sorted(dict.fromkeys(words), key=len, reverse=True)[:QUERY_WORDS]:
        end = names.prefix_end(word)
        matching = ClientNameWord.objects.filter(word__gte=word, **({"word__lt": end} if end else {}))
        condition &= Q(**{f"{prefix}in": matching.values("client_id")})
    return condition


def _named(user, words: list[str]) -> QuerySet:
    """Clients with, for every one of `words`, a name word that starts with it ('an bak' finds
    'Anna Bakker')."""
    words = sorted(dict.fromkeys(words), key=len, reverse=True)[:QUERY_WORDS]
    return _having_words([_starts(word) for word in words], user, NAME_CANDIDATES)


def find_clients(user, query: str, limit: int = 20) -> list[Client]:
    """Returning residents by name (the beginnings of its words, forgiving case and accents),
    phone, e-mail, postcode or reference (forgiving spaces and case), the most recent first."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    searches = []
    words = names.words(query)
    if words and "@" not in query and not any(ch.isdigit() for ch in query):
        searches.append(_named(user, words))
    if "@" in query:
        searches.append(Client.objects.filter(email_key=email_key(query)))
    phone = _phone_key(query)
    if phone:
        searches.append(Client.objects.filter(phone_key=phone))
    reference = typed_reference(query)  # 'hv pyhm qcd4' -> 'HV-PYHM-QCD4'
    if reference:
        searches.append(Client.objects.filter(
            pk__in=HelpRequest.objects.filter(reference=reference).values("client_id")))
    postcode = normalise_postcode(query)
    if postcode and len(postcode) == 6:
        searches.append(Client.objects.filter(postcode_key=postcode))
    found: set[int] = set()
    for clients in searches:  # one indexed query each, the most recent `limit` of each
        found.update(policy.visible_clients(user, clients.filter(merged_into__isnull=True))
                     .order_by("-created_at").values_list("pk", flat=True)[:limit])
    if not found:
        return []
    return list(Client.objects.filter(pk__in=found).select_related("municipality")
                .order_by("-created_at", "-pk")[:limit])


# Typo-forgiving name look-up: how alike two words must be (difflib's ratio, 0..1), and how many
# candidates are compared at most (the most recent first).
SIMILAR_NAME_RATIO = 0.8
SIMILAR_NAME_CANDIDATES = 500
# A query word alike to this many name words or more (5% of a million clients) is too common to pick
# the candidates.
COMMON_WORD = 50000

# The distinct name words from `start` (inclusive) to `end` (exclusive): one index seek per word
# ("loose index scan"), so the cost follows the number of different words, not of clients.
_WORDS_BETWEEN = """
WITH RECURSIVE vocabulary(word) AS (
    SELECT MIN(word) FROM {table} WHERE word >= %s AND word < %s
    UNION ALL
    SELECT (SELECT MIN(w.word) FROM {table} w WHERE w.word > vocabulary.word AND w.word < %s)
    FROM vocabulary WHERE vocabulary.word IS NOT NULL
)
SELECT word FROM vocabulary WHERE word IS NOT NULL
"""


def _similar_words(word: str) -> dict[str, float]:
    """The name words in the index like `word` (a typo, a missing accent): those starting with the
    same letter whose ratio to it is at least `SIMILAR_NAME_RATIO`, with that ratio."""
    end = names.prefix_end(word[0]) or "{"
    with connection.cursor() as cursor:
        cursor.execute(_WORDS_BETWEEN.format(table=ClientNameWord._meta.db_table), [word[0], end, end])
        vocabulary = [row[0] for row in cursor.fetchall()]
    alike = {}
    matcher = difflib.SequenceMatcher(None, word)
    for candidate in vocabulary:
        matcher.set_seq2(candidate)
        if (matcher.real_quick_ratio() >= SIMILAR_NAME_RATIO and matcher.quick_ratio() >= SIMILAR_NAME_RATIO
                and matcher.ratio() >= SIMILAR_NAME_RATIO):
            alike[candidate] = matcher.ratio()
    return alike


def similar_clients(user, query: str, limit: int = 10) -> list[Client]:
    """Returning residents whose name is like `query` although not equal to it: a typo ('Jansne'),
    a missing accent ('Yilmaz' for 'Yılmaz'). For when `find_clients` finds nobody; the closest
    first. Only names: phone numbers, e-mail addresses and references must match.

    Every query word must be like a word of the name that starts with the same letter: the
    distinct words of the index that start with it are compared (`_similar_words`), then the
    clients with such a word for every query word are read through the (word, client) index."""
    words = [w for w in _name_words(query) if len(w) >= 3]
    if not words or any(ch.isdigit() for ch in query) or "@" in query:
        return []
    words = list(dict.fromkeys(words))[:QUERY_WORDS]
    alike = {word: _similar_words(word) for word in words}
    if not all(alike.values()):
        return []
    conditions = {w: (f"word IN ({', '.join(['%s'] * len(alike[w]))})", list(alike[w])) for w in words}
    # A word that many names share ('van', 'jan') narrows little and costs a long index range: the
    # rarer words pick the candidates, and the score below still asks every word to be alike.
    common = {w for w in words if len(words) > 1 and ClientNameWord.objects.filter(word__in=list(alike[w]))
              .values("pk")[:COMMON_WORD].count() >= COMMON_WORD}
    clients = _having_words([conditions[w] for w in words if w not in common] or list(conditions.values()),
                            user, SIMILAR_NAME_CANDIDATES)
    candidates = list(policy.visible_clients(user, clients).order_by("-created_at")
                      .values_list("pk", flat=True)[:SIMILAR_NAME_CANDIDATES])
    their_words: dict[int, set[str]] = {}
    for pk, word in ClientNameWord.objects.filter(client_id__in=candidates).values_list("client_id", "word"):
        their_words.setdefault(pk, set()).add(word)
    scored = {pk: min(max((alike[w].get(name, 0.0) for name in their_words.get(pk, ())), default=0.0)
                      for w in words) for pk in candidates}
    best = sorted((pk for pk in candidates if scored[pk] >= SIMILAR_NAME_RATIO), key=lambda pk: -scored[pk])[:limit]
    by_pk = Client.objects.select_related("municipality").in_bulk(best)
    return [by_pk[pk] for pk in best if pk in by_pk]


def likely_duplicates(user, *, display_name: str = "", phone: str = "", email: str = "", postcode: str = "") -> list[Client]:
    """Existing clients who are probably the same person as the one about to be registered, the
    likeliest first (the one matching on most of phone, e-mail and name with postcode)."""
    condition = Q(pk__in=[])
    phone = _phone_key(phone) or ""
    if phone:
        condition |= Q(phone_key=phone)
    email = email_key(email)
    if email:
        condition |= Q(email_key=email)
    normalised = postcode_key(postcode) if postcode else ""  # the key as the registry writes it
    if display_name and normalised:
        condition |= Q(postcode_key=normalised, display_name__iexact=display_name)
    clients = Client.objects.filter(condition, merged_into__isnull=True)
    found = list(policy.visible_clients(user, clients).distinct().select_related("municipality")[:10])

    def matches(client) -> int:
        return sum((
            bool(phone) and client.phone_key == phone,
            bool(email) and client.email_key == email,
            bool(display_name) and client.display_name.lower() == display_name.lower()
            and bool(normalised) and client.postcode_key == normalised,
        ))

    return sorted(found, key=lambda c: (-matches(c), -c.created_at.timestamp()))


# --- the resident's follow-up page --------------------------------------------------------------
def help_request_for_token(token: str) -> HelpRequest | None:
    """The request of a follow-up link or code: a code as typed or read out ("kq7m 4rtd …"), or
    an older link's random text as it is."""
    if not token or len(token) > 100:
        return None
    candidates = {hash_secret(token)}
    code = normalise_follow_up_code(token)
    if code:
        candidates.add(hash_secret(code))
    details = (
        IntakeDetails.objects.filter(follow_up_token_hash__in=candidates)
        .select_related("help_request")
        .first()
    )
    return details.help_request if details else None


def public_status(help_request: HelpRequest) -> dict:
    """What the resident may see: progress steps only, no names or case details."""
    has_supporter = Assignment.objects.filter(help_request=help_request, ended_at__isnull=True).exists()
    waiting_for_other = AnotherSupporterRequest.objects.filter(
        help_request=help_request, resolved_at__isnull=True
    ).exists()
    return {
        "reference": help_request.reference,
        "received_at": help_request.received_at,
        "first_contact_due": help_request.first_contact_due,
        "has_supporter": has_supporter,
        "first_contact_made": help_request.first_contact_at is not None,
        "closed": help_request.status == Status.CLOSED,
        "waiting_for_other_supporter": waiting_for_other,
        "state": _public_state(help_request, has_supporter, waiting_for_other),
    }


def _public_state(help_request: HelpRequest, has_supporter: bool, waiting_for_other: bool) -> str:
    """The one status the follow-up page states, with its one next step (follow_up.html): a
    closed request is closed, whatever else was true before."""
    if help_request.status == Status.CLOSED:
        return "closed"
    if waiting_for_other:
        return "another_supporter"
    contacted = help_request.first_contact_at is not None
    if has_supporter:
        return "helping" if contacted else "supporter_chosen"
    return "in_touch" if contacted else "looking"


# --- the staff list and page of help requests -------------------------------------------------
LATE_CHOICES = [("first_contact", gettext_lazy("First contact late")), ("appointment", gettext_lazy("Appointment late")),
                ("pickup", gettext_lazy("Support not started in time"))]


def help_request_list(user, *, query: str = "", status: str = "", late: str = "",
                      without_municipality: bool = False) -> QuerySet[HelpRequest]:
    """The help requests `user` may see, newest first, filtered by a search text and status; `late`
    (a norm: first_contact, appointment, pickup) keeps the open ones whose norm is late now, and
    `without_municipality` those no municipality counts yet (to correct them)."""
    queryset = policy.visible_help_requests(user).select_related("client", "municipality", "organisation")
    if without_municipality:
        queryset = queryset.filter(municipality__isnull=True)
    if late in NORMS_BY_KEY:
        queryset = queryset.open().filter(overdue_q(NORMS_BY_KEY[late], timezone.now()))
        status = ""
    if status in Status.values:
        queryset = queryset.filter(status=status)
    elif status == "open":
        queryset = queryset.open()
    query = query.strip()
    if query:
        condition = Q(reference__iexact=query) | Q(reference__icontains=query.upper())
        words = names.words(query)
        if words:
            # The client's name as the desk looks it up (`_named`): the start of every word,
            # forgiving case and accents, through the word index instead of reading every name.
            condition |= _name_words_q(words)
        reference = typed_reference(query)
        if reference:
            condition |= Q(reference=reference)
        queryset = queryset.filter(condition)
    return queryset.order_by("-received_at", "-pk")


def intake_summary(help_request: HelpRequest) -> dict | None:
    """What the resident told the front door, for the request page: how to reach them, their
    language, who asked on their behalf, their messages and requests for another supporter.

    Always three queries, however long the history. The caller has already checked that the user
    may see `help_request`.
    """
    details = IntakeDetails.objects.filter(help_request=help_request).first()
    client = help_request.client if help_request.client_id else None
    language = (details.preferred_language if details else "") or (client.preferred_language if client else "")
    # The address the resident gave for the way they chose (a letter or a visit needs the address).
    reach_at = ""
    if details and details.contact_way:
        reach_at = {
            "phone": client.phone if client else "",
            "email": client.email if client else "",
        }.get(details.contact_way, details.address)
    return {
        "details": details,
        "language_name": language_name(language),
        "reach_at": reach_at,
        "asker": details if details and (details.on_behalf or details.asker_name) else None,
        "follow_ups": list(FollowUpMessage.objects.filter(help_request=help_request).order_by("created_at")),
        "another_requests": list(
            AnotherSupporterRequest.objects.filter(help_request=help_request).order_by("created_at")
        ),
    }
