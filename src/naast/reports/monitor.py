"""The monitor and signalling reports: every section, in report order, built from one context.

A report is a list of sections (`naast.core.reportkit.ReportSection`): the foundation's own in
`sections.py`, and those the other apps add in their `report_sections.py` (case work: referrals,
satisfaction, reasons for passing the guideline, signals; the front door: requests for another
supporter), in the order of their `order`. The queries they share are in `queries.py`; the raw
report goes through `figures.suppress` before funders and auditors see it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.extensions import report_sections
from naast.core.reportkit import ReportSection, Section

from .dbfuncs import report_session
from .figures import Report, link_figures
from .periods import Period
from .queries import ReportContext, Scope
from .rollup import refresh_for
from .sections import SECTIONS, percent


def sections_of(kind: str) -> list[ReportSection]:
    added, _definitions = report_sections()
    return sorted((s for s in [*SECTIONS, *added] if kind in s.kinds), key=lambda s: s.order)


def build_report(kind: str, period: Period, scope: Scope, now=None, use_rollup: bool = True) -> Report:
    """The raw (unsuppressed) report; outputs for funders and auditors pass it through `suppress`.
    `use_rollup=False` counts every figure from the requests (`rollup.py`; `naast report --from-requests`)."""
    ctx = ReportContext(period, scope, now or timezone.now(), use_rollup=use_rollup)
    refresh_for(ctx)  # the months this report adds up, brought up to date first (`rollup.py`)
    with report_session():
        sections = _build_sections(kind, ctx)
    link_figures(sections)
    _fill_targets_from_figures(sections)
    titles = {"monitor": _("Monitor report"), "signals": _("Signalling report")}
    notes = []
    if kind == "monitor" and not any(ctx.counts[key] for key in ("received", "answered", "open_at_end",
                                                                   "unique_clients")):
        notes.append(_("No help requests in this period and scope: every figure below is zero."))
    return Report(
        kind=kind,
        title=titles.get(kind, kind),
        period=period.text,
        first_day=period.first_day.isoformat(),
        last_day=period.last_day.isoformat(),
        scope=scope.as_dict(),
        sections=sections,
        generated_at=ctx.now.isoformat(timespec="seconds"),
        notes=notes,
    )


def _fill_targets_from_figures(sections: list[Section]) -> None:
    """Whether a target copied from another section (the mean mark) was met, once its value is known."""
    for table in (t for s in sections for t in s.tables if t.key == "targets"):
        for row in table.rows:
            achieved = row.get("achieved")
            if row.get("met") is None and isinstance(achieved, int | float) and row.get("target"):
                row["met"] = achieved >= row["target"]
                row["percent_of_target"] = percent(achieved, row["target"])


def _build_sections(kind: str, ctx: ReportContext) -> list[Section]:
    return [built for part in sections_of(kind) if (built := part.build(ctx)) is not None]
