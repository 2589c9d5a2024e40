"""Every figure of the reports, defined once: the report shows this text next to the number.

The monitor (`monitor.py`) implements exactly these definitions; docs/reports.md lists them
with the JSON keys. Changing a definition here changes what every output says about it.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext_lazy as _

from naast.core.extensions import report_sections
from naast.core.reportkit import Definition

_ALL = [
    Definition("received", _("Help requests received"), _(
        "Help requests received in the period (date of receipt inside the period)."
    )),
    Definition("answered", _("Answered help requests"), _(
        "Help requests closed in the period with an outcome other than “no contact possible” or “withdrawn”. "
        "Quick questions answered on the spot count as answered. A request that was reopened counts once, "
        "in the period of its last closing; while it is open again it is not answered."
    )),
    Definition("open_at_end", _("Open at the end of the period"), _(
        "Help requests received before the end of the period and not closed by then, including reopened requests."
    )),
    Definition("unique_clients", _("Unique clients"), _(
        "Distinct clients with at least one help request received or open in the period. A client with requests "
        "at two organisations counts once for the whole service and once for each organisation."
    )),
    Definition("breakdown", _("Breakdowns"), _(
        "Help requests received in the period, by the code recorded on the request. A request with several "
        "life domains counts once for each domain, so the domain column can add up to more than the total."
    )),
    Definition("on_time", _("On time"), _(
        "The norms of the service, each counted over the help requests received in the period: first contact "
        "with the resident (urgent in working days, regular in calendar days, per the service's norms), an "
        "appointment made within the working days set after the first contact, and the support itself started "
        "(a first conversation in person, or the question answered or referred) within the days set per "
        "urgency. On time: met at or before its due time. Late: met after it, or not met while the due time has "
        "passed by the end of the period. Not measured: closed by the due time without it (the norm did not "
        "apply), or no due time (for example history imported without appointments). Share on time = on time "
        "÷ (on time + late). Days are whole days from receipt; median and 90th percentile are nearest-rank values."
    )),
    Definition("hours", _("Hours per help request"), _(
        "Logged hours of the help requests answered in the period (all contacts of the request). Median and "
        "90th percentile are nearest-rank values; above guideline = more hours than the guideline of the service."
    )),
    Definition("duration", _("Duration"), _(
        "Calendar days from receipt to closing of the help requests answered in the period (nearest-rank median "
        "and 90th percentile)."
    )),
    Definition("contracted_hours", _("Contracted and logged hours"), _(
        "Contracted hours are the execution and coordination hours of the funding agreements in scope, pro rata "
        "to the part of each year inside the period. Logged hours are the hours of the help requests answered "
        "in the period."
    )),
    Definition("targets", _("Targets"), _(
        "The targets of the funding agreements in scope, pro rata to the part of each year inside the period, "
        "against the figure of the period. Met = the figure is at least the target."
    )),
    Definition("cost", _("Cost"), _(
        "Cost per unique client = funding amount in scope (pro rata to the period) ÷ unique clients. Cost per "
        "answered help request = amount ÷ answered requests. Hours equivalent = cost per answered request ÷ "
        "the hourly tariff of the service."
    )),
    Definition("growth", _("Growth"), _(
        "(This period − the same period last year) ÷ the same period last year, as a whole percentage."
    )),
    Definition("forecast", _("Forecast for the full year"), _(
        "Half-year figure × (last year's full-year figure ÷ last year's figure for the same half-year), so that "
        "last year's seasonal pattern is followed; without figures for last year: × 2 for H1, or the H1 figure "
        "plus the H2 figure for H2."
    )),
    Definition("suppression", _("Small numbers"), _(
        "For funders and auditors every count from 1 to 4 is shown as “<5”, so that no resident can be "
        "recognised. When one small number in a table could be worked out from the total, a second number is "
        "hidden as well (shown as “×”). Shares, averages and costs based on fewer than 5 requests are hidden too."
    )),
    Definition("signals", _("Signals"), _(
        "Signals (gaps in policy or supply seen in a case) recorded in the period, by theme, by organisation "
        "and by month; every signal counts. Texts are shown only as a coordinator approved them to share, "
        "rewritten without details that can identify someone; the case file keeps the supporter's own words."
    )),
]



@cache
def definitions() -> dict[str, Definition]:
    """The reports app's definitions and those the other apps give with their sections."""
    _sections, contributed = report_sections()
    return {d.key: d for d in [*_ALL, *contributed]}

