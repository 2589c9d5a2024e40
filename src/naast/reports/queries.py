"""The query building blocks of the monitor report, written once and used by every figure: the
scope (municipality, organisation), the parts of a period's requests, the 0/1 flags each
definition of definitions.py becomes, and the report's context with its one scan of the period.
Every query groups or aggregates in the database; Python only ever sees grouped rows (at most a
few thousand, bounded by the number of codes, never by requests).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, CharField, DateTimeField, F, Func, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.replica import report_connection
from naast.core.reportkit import WholeDays
from naast.organisations.models import MemberOrganisation, Municipality, ServiceProfile
from naast.registry.choices import Outcome, Status
from naast.registry.life_domains import ids_of
from naast.registry.lifecycle import NORMS, norm_state_expression
from naast.registry.models import HelpRequest

from .dbfuncs import aggregate_parts, aggregate_sql
from .models import FundingAgreement
from .periods import Period

NOT_ANSWERED_OUTCOMES = (Outcome.NO_CONTACT, Outcome.WITHDRAWN)


@dataclass
class Scope:
    """Whole service (both None), one municipality, one member organisation, or both."""

    municipality: Municipality | None = None
    organisation: MemberOrganisation | None = None

    def filter(self, queryset: QuerySet, prefix: str = "") -> QuerySet:
        if self.municipality is not None:
            queryset = queryset.filter(**{f"{prefix}municipality": self.municipality})
        if self.organisation is not None:
            queryset = queryset.filter(**{f"{prefix}organisation": self.organisation})
        return queryset

    def as_dict(self) -> dict:
        return {
            "municipality": self.municipality.code if self.municipality else None,
            "municipality_name": self.municipality.name if self.municipality else None,
            "organisation": self.organisation.name if self.organisation else None,
        }

    def label(self) -> str:
        parts = [p.name for p in (self.municipality, self.organisation) if p is not None]
        return " – ".join(parts) if parts else _("Whole service")


# --- the query building blocks: written once, used by every figure ---------------------------------
def effective_closed_at():
    """When a request was closed: its closing time, or for a quick log closed without one, its receipt."""
    return Case(
        When(closed_at__isnull=False, then=F("closed_at")),
        When(status=Status.CLOSED, then=F("received_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )


def received_q(period: Period) -> Q:
    return Q(received_at__gte=period.start, received_at__lt=period.end)


def answered_q(period: Period) -> Q:
    """Needs the `closed_eff` annotation (effective_closed_at)."""
    return (
        Q(status=Status.CLOSED, closed_eff__gte=period.start, closed_eff__lt=period.end)
        & ~Q(outcome__in=NOT_ANSWERED_OUTCOMES)
    )


def open_at_end_q(period: Period) -> Q:
    return Q(received_at__lt=period.end) & (Q(closed_eff__isnull=True) | Q(closed_eff__gte=period.end))


def active_q(period: Period) -> Q:
    """Received in the period, or received earlier and still open at its start."""
    return Q(received_at__lt=period.end) & (Q(closed_eff__isnull=True) | Q(closed_eff__gte=period.start))


class NotAnIndexRange(Func):
    """The column unchanged, but not an index range for SQLite (a unary `+`, its documented way).
    Without planner statistics SQLite read "received before the start and closed after it" as
    every request received before the start (nine years of rows for last year's report) instead
    of the closed_at range; PostgreSQL chooses by its statistics and gets the column as it is."""

    arity = 1
    template = "%(expressions)s"
    output_field = DateTimeField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


def period_parts(queryset: QuerySet, period: Period, since=None) -> list[tuple[QuerySet, dict]]:
    """The requests any figure of a period reads, as three disjoint parts, each one index range:
    received in the period; received before it and closed at or after its start; received before
    it and still open. Together they hold every request received in, answered in, open at the end
    of or active during the period (a request is never closed before it is received), and the
    exact conditions above are then applied to each row. One OR condition over the same rows
    would make the database read every request received before the end of the period.

    Each part comes with what its own condition already decides, computed once instead of per
    row: whether it was received in the period, and its effective closing time where that is
    simply `closed_at` (closed later) or none (still open).

    `since` (a moment before the period's start) widens the parts to every request the figures of
    the period from `since` to its end read: the report's one scan then also counts last year's
    headline figures (`ReportContext.scan`), and the requests received from `since` on are told
    apart by their flag."""
    since = period.start if since is None else since
    # The earlier parts are ranges on closed_at: `received_at` is only checked (see `NotAnIndexRange`).
    earlier = queryset.alias(received_unindexed=NotAnIndexRange(F("received_at"))).filter(received_unindexed__lt=since)
    no_time = Value(None, output_field=DateTimeField())
    received = Value(1) if since >= period.start else flag(received_q(period))
    return [
        (queryset.annotate(closed_eff=effective_closed_at()).filter(received_at__gte=since, received_at__lt=period.end),
         {"f_received": received}),
        (earlier.annotate(closed_eff=F("closed_at")).filter(closed_at__gte=since), {"f_received": Value(0)}),
        (earlier.annotate(closed_eff=no_time).filter(closed_at__isnull=True).exclude(status=Status.CLOSED),
         {"f_received": Value(0)}),
    ]


def flag(condition: Q) -> Case:
    """1 when a row meets the condition, else 0: a figure is then the SUM of its flag."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def period_columns(period: Period, guideline_minutes: int) -> dict:
    """Per request of `period_parts`: a 0/1 flag per definition above, and the values that
    MAIN_TOTALS count under a flag (a figure such as "answered quick logs" is then SUM(f_answered
    × c_quick_log), so each definition is evaluated once per row)."""
    return {
        "c_client": F("client_id"),
        "f_received": flag(received_q(period)),
        "f_answered": flag(answered_q(period)),
        "f_open_at_end": flag(open_at_end_q(period)),
        "f_active": flag(active_q(period)),
        "c_quick_log": flag(Q(is_quick_log=True)),
        "c_above_guideline": flag(Q(minutes_spent__gt=guideline_minutes)),
        "c_minutes": F("minutes_spent"),
    }


# Last year's figures in the growth table (and the forecast), counted in the same scan when the
# two periods touch or overlap (`ReportContext.scan`).
LAST_YEAR_TOTALS = {
    "received": ("sum", "l_received"),
    "answered": ("sum", "l_answered"),
    "unique_clients": ("distinct", "c_client", "l_active"),
}


def last_year_columns(period: Period) -> dict:
    before = period.year_before()
    return {"l_received": flag(received_q(before)), "l_answered": flag(answered_q(before)),
            "l_active": flag(active_q(before))}


MAIN_TOTALS = {
    "received": ("sum", "f_received"),
    "answered": ("sum", "f_answered"),
    "open_at_end": ("sum", "f_open_at_end"),
    "unique_clients": ("distinct", "c_client", "f_active"),
    "quick_logs": ("sum", "f_received", "c_quick_log"),
    "answered_quick_logs": ("sum", "f_answered", "c_quick_log"),
    "logged_minutes": ("sum", "f_answered", "c_minutes"),
    "above_guideline": ("sum", "f_answered", "c_above_guideline"),
}


def main_counts(queryset: QuerySet, period: Period, guideline_minutes: int) -> dict:
    """The headline counts of a period in one statement."""
    totals, _sets = aggregate_parts(period_parts(queryset, period), period_columns(period, guideline_minutes),
                                    MAIN_TOTALS)
    return totals


RECEIVED_ONLY_DIMENSIONS = ("d_channel", "d_referrer", "d_urgency", "d_target_group", "d_district",
                            "d_contact_state", "d_contact_days", "d_appointment_state", "d_pickup_state",
                            "d_pickup_days", "d_life_domains")
INTEGER_DIMENSIONS = ("d_target_group", "d_district", "d_contact_days", "d_pickup_days")

# The breakdowns of the scan: name → (dimensions, the 0/1 measure counted). Requests received in
# the period by their codes, requests answered in it by minutes and by days to closing.
SCAN_SETS = {
    "channel": (("d_channel",), "f_received"), "referrer": (("d_referrer",), "f_received"),
    "urgency": (("d_urgency",), "f_received"), "target_group_id": (("d_target_group",), "f_received"),
    "district_id": (("d_district",), "f_received"),
    "contact": (("d_urgency", "d_contact_state", "d_contact_days"), "f_received"),
    "appointment": (("d_appointment_state",), "f_received"),
    "pickup": (("d_urgency", "d_pickup_state", "d_pickup_days"), "f_received"),
    "life_domains": (("d_life_domains",), "f_received"),
    "minutes": (("c_minutes",), "f_answered"), "days": (("d_days",), "f_answered"),
}
# The breakdowns by few codes share one grouping (one sort on SQLite, one hash table on PostgreSQL).
SCAN_COMPOSITES = (("channel", "referrer", "urgency", "target_group_id", "appointment"),)

# The headline figures that add up over disjoint parts of a period (the monthly roll-up sums them).
ADDITIVE_TOTALS = {name: MAIN_TOTALS[name] for name in ("received", "answered", "quick_logs", "answered_quick_logs")}


def scan_columns(period: Period, cutoff, guideline_minutes: int) -> dict:
    """Per request of the scan: the flags of `period_columns` and every code a breakdown groups by.
    `cutoff` is the moment the deadline states are judged at (`norm_state_expression`)."""
    return {
        **period_columns(period, guideline_minutes),
        "d_channel": F("channel"), "d_referrer": F("referrer"), "d_urgency": F("urgency"),
        "d_target_group": F("target_group_id"), "d_district": F("district_id"),
        "d_contact_state": norm_state_expression(NORMS[0], cutoff),
        "d_contact_days": WholeDays(F("first_contact_at"), F("received_at")),
        "d_appointment_state": norm_state_expression(NORMS[1], cutoff),
        "d_pickup_state": norm_state_expression(NORMS[2], cutoff),
        "d_pickup_days": WholeDays(F("picked_up_at"), F("received_at")),
        "d_days": WholeDays(F("closed_eff"), F("received_at")),
        # The request's life domains as one key ("3,7", `registry.life_domains`): no join with the links.
        "d_life_domains": F("life_domain_key"),
    }


def scan_parts(requests: QuerySet, period: Period, since=None) -> list:
    """`period_parts` for the scan: requests received before the scanned range only count in the
    headline figures and the histograms of answered requests, so their codes are not read (and a
    narrower index covers them)."""
    not_read = {name: Value(None, output_field=IntegerField() if name in INTEGER_DIMENSIONS else CharField())
                for name in RECEIVED_ONLY_DIMENSIONS}
    received_part, *earlier_parts = period_parts(requests, period, since=since)
    return [received_part, *((part, {**fixed, **not_read}) for part, fixed in earlier_parts)]


def additive_scan(requests: QuerySet, period: Period, cutoff, guideline_minutes: int):
    """The figures of a period that add up over its parts (`ADDITIVE_TOTALS` and every breakdown),
    as (sql, params, decode) of one statement: the monthly roll-up stores them per month and a
    report adds the months to the rest of its period (`rollup.py`)."""
    return aggregate_sql(scan_parts(requests, period), scan_columns(period, cutoff, guideline_minutes),
                         ADDITIVE_TOTALS, SCAN_SETS, SCAN_COMPOSITES)


def derived_from_minutes(minutes: dict[tuple, int], guideline_minutes: int) -> dict:
    """Logged minutes and answered requests above the guideline, from the histogram of minutes of
    the answered requests (the same sums `MAIN_TOTALS` computes per row)."""
    return {
        "logged_minutes": sum(value * n for (value,), n in minutes.items() if value is not None),
        "above_guideline": sum(n for (value,), n in minutes.items() if value is not None and value > guideline_minutes),
    }


def clients_and_open(requests: QuerySet, period: Period) -> dict:
    """The figures of a period that do not add up over its parts, in one statement over the
    requests active in it or in the same period last year: unique clients of both (exact: one
    grouping by client) and the requests open at the period's end."""
    before = period.year_before()
    columns = {"c_client": F("client_id"), "f_active": flag(active_q(period)),
               "f_open_at_end": flag(open_at_end_q(period)), "l_active": flag(active_q(before))}
    totals = {"unique_clients": ("distinct", "c_client", "f_active"), "open_at_end": ("sum", "f_open_at_end"),
              "last_year_unique_clients": ("distinct", "c_client", "l_active")}
    parts = period_parts(requests, period, since=min(before.start, period.start))
    totals, _sets = aggregate_parts([part for part, _fixed in parts], columns, totals)
    return totals


# --- context --------------------------------------------------------------------------------------
@dataclass
class ReportContext:
    period: Period
    scope: Scope
    now: object = field(default_factory=timezone.now)
    # Add up the monthly roll-up where it applies (`rollup.py`); False counts every request.
    use_rollup: bool = True

    @cached_property
    def profile(self) -> ServiceProfile:
        return ServiceProfile.get()

    @property
    def guideline_minutes(self) -> int:
        return self.profile.guideline_hours * 60

    @property
    def cutoff(self):
        """The moment the deadline states are judged at: the period's end, or now while it runs."""
        return min(self.period.end, self.now)

    @property
    def requests(self) -> QuerySet:
        return self.scope.filter(HelpRequest.objects.all()).order_by()

    @cached_property
    def scan(self) -> tuple[dict, dict]:
        """The headline counts and every breakdown and histogram of the period from ONE statement
        over the period's requests (`period_parts`): breakdowns count the requests received in
        the period, the hours and duration histograms the requests answered in it. On PostgreSQL, when the
        same period last year overlaps this one (several years), the scan starts at last year's
        start and counts last year's headline figures too (`last_year`): eleven years of rows for
        a ten-year report instead of twenty in two scans."""
        cutoff = self.cutoff
        from .rollup import rolled_up_scan  # the roll-up builds on this module

        rolled = rolled_up_scan(self)
        if rolled is not None:
            counts, groups, self.__dict__["last_year"] = rolled
            return counts, groups
        before = self.period.year_before()
        # Measured at 1,000,000 requests: on PostgreSQL ten years took 4.0 s in one scan and 7.1 s in
        # two, a year about the same either way; on SQLite, which sorts the wider rows once per
        # grouping, one scan was slower for a year and for ten years alike.
        with_last_year = before.end > self.period.start and report_connection().vendor == "postgresql"
        columns = {
            **scan_columns(self.period, cutoff, self.guideline_minutes),
            **(last_year_columns(self.period) if with_last_year else {}),
        }
        parts = scan_parts(self.requests, self.period, since=before.start if with_last_year else None)
        totals = {**MAIN_TOTALS, **({f"last_year_{k}": v for k, v in LAST_YEAR_TOTALS.items()}
                                    if with_last_year else {})}
        counts, groups = aggregate_parts(parts, columns, totals, SCAN_SETS, SCAN_COMPOSITES)
        if with_last_year:
            self.__dict__["last_year"] = {k: counts.pop(f"last_year_{k}") for k in LAST_YEAR_TOTALS}
        return counts, groups

    @property
    def counts(self) -> dict:
        return self.scan[0]

    @cached_property
    def last_year(self) -> dict:
        """The same period last year: received, answered and unique clients (the growth table and
        the forecast), from the main scan where it reads those rows anyway, else in one statement."""
        self.scan  # noqa: B018 - counts last year's figures too where it reads their rows
        if "last_year" in self.__dict__:
            return self.__dict__["last_year"]
        counts = main_counts(self.requests, self.period.year_before(), self.guideline_minutes)
        return {name: counts[name] for name in LAST_YEAR_TOTALS}

    @property
    def life_domain_counts(self) -> dict[int, int]:
        """Requests received in the period per life domain id (a request counts under each of its domains)."""
        counts = defaultdict(int)
        for (key,), n in self.scan[1]["life_domains"].items():
            for domain_id in ids_of(key):
                counts[domain_id] += n
        return dict(counts)

    @property
    def received_groups(self) -> dict[str, dict]:
        """Every breakdown of the requests received in the period: {name: {key tuple: count}}."""
        return self.scan[1]

    @property
    def answered_groups(self) -> dict[str, list[tuple[int, int]]]:
        """Histograms of minutes and of days to closing over the answered requests."""
        groups = self.scan[1]
        return {name: [(key[0], n) for key, n in groups[name].items()] for name in ("minutes", "days")}

    @cached_property
    def funding(self) -> dict:
        """Funding agreements in scope, pro rata to the period (one query)."""
        agreements = FundingAgreement.objects.filter(year__in=list(self.period.years))
        agreements = self.scope.filter(agreements)
        totals = defaultdict(Decimal)
        count = 0
        has_target = defaultdict(bool)
        for row in agreements.values("year", "amount_eur", "target_unique_clients", "target_answered_requests",
                                     "execution_hours", "coordination_hours", "target_satisfaction"):
            share = Decimal(str(self.period.share_of_year(row["year"])))
            count += 1
            totals["amount_eur"] += row["amount_eur"] * share
            totals["execution_hours"] += row["execution_hours"] * share
            totals["coordination_hours"] += row["coordination_hours"] * share
            for key in ("target_unique_clients", "target_answered_requests"):
                if row[key] is not None:
                    totals[key] += row[key] * share
                    has_target[key] = True
            if row["target_satisfaction"] is not None:
                totals["target_satisfaction"] = max(totals["target_satisfaction"], row["target_satisfaction"])
                has_target["target_satisfaction"] = True
        return {"agreements": count, "has_target": has_target, **totals}
