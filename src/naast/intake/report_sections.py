"""The front door's section of the monitor report: residents' requests for another supporter
(the Wmo right to ask for one when doubting objectivity), how they were handled and how long a
new supporter took (`naast.core.reportkit`)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naast.core.reportkit import (
    Column,
    Definition,
    Figure,
    ReportSection,
    Section,
    Table,
    WholeDays,
    nearest_rank,
)

from .models import AnotherSupporterRequest

DEFINITIONS = [
    Definition("another_supporter", gettext_lazy("Requests for another supporter"), gettext_lazy(
        "Requests for another supporter made in the period (by the resident through the follow-up link, or "
        "recorded by staff), by the help request's municipality and organisation. Handled: a new supporter was "
        "assigned; still open: the request waits in the queue. Days until a new supporter are whole days from "
        "the request to the new assignment (nearest-rank median and 90th percentile)."
    )),
]


def another_supporter_section(ctx) -> Section:
    period = ctx.period
    asked = ctx.scope.filter(AnotherSupporterRequest.objects.all(), prefix="help_request__").filter(
        created_at__gte=period.start, created_at__lt=period.end
    )
    rows = (asked.annotate(days=WholeDays(F("resolved_at"), F("created_at")))
            .values_list("source", "days").annotate(n=Count("pk")).order_by())
    counts, histograms = defaultdict(lambda: defaultdict(int)), defaultdict(list)
    for source, days, n in rows:
        for code in (source, "all"):
            counts[code]["requests"] += n
            if days is None:
                counts[code]["open"] += n
            else:
                counts[code]["handled"] += n
                histograms[code].append((days, n))
    labels = [*AnotherSupporterRequest.Source.choices, ("all", _("All requests for another supporter"))]
    table = Table(
        "another_supporter", _("Requests for another supporter"), "another_supporter",
        [Column("label", _("Asked"), "label"), Column("requests", _("Requests")),
         Column("handled", _("New supporter assigned")), Column("open", _("Still open")),
         Column("median_days", _("Median days until a new supporter"), "days", basis=("handled",)),
         Column("p90_days", _("90th percentile days"), "days", basis=("handled",))],
        [{"code": code, "label": str(label), "requests": counts[code]["requests"],
          "handled": counts[code]["handled"], "open": counts[code]["open"],
          "median_days": nearest_rank(histograms[code], 0.5), "p90_days": nearest_rank(histograms[code], 0.9)}
         for code, label in labels],
        # Handled and still open make up the requests of a row; the public and staff rows make up "all",
        # whose requests are the section's figure.
        row_complements=(("requests", ("handled", "open")),), total_row="all",
        from_figures=(("all", "requests", "another_supporter_requests"),),
    )
    total = counts["all"]["requests"]
    return Section("another_supporter", _("Requests for another supporter"),
                   [Figure("another_supporter_requests", _("Requests for another supporter"), total,
                           definition="another_supporter")], [table])


SECTIONS = [
    ReportSection("another_supporter", gettext_lazy("Requests for another supporter"), another_supporter_section, 95),
]
