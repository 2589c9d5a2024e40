"""The signalling report: signals (knelpunten) by theme, by organisation, a trend, and the shareable texts.

Signals are recorded in the case-work app (`naast.casework.Signal`), built alongside this one.
Until it is installed the report says so. Once it is, this provider reads the signal model by
convention: a date field (`recorded_at` or `created_at`), a `theme`, the help request's
organisation, and a shareable text (`shareable_text`, or `text` where `is_shareable`/`shareable`).
Fields that are missing leave their table out with a note instead of guessing.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .display import month_label
from .figures import Column, Figure, Section, Table
from .monitor import ReportContext, register


def _field(model, *names):
    existing = {f.name for f in model._meta.get_fields()}
    return next((n for n in names if n in existing), None)


@register("signals", gettext_lazy("Signals"), requires_app="casework", kinds=("signals",))
def signals_section(ctx: ReportContext) -> Section:
    Signal = apps.get_model("casework", "Signal")  # noqa: N806 (a model class)
    date_field = _field(Signal, "recorded_at", "created_at", "signalled_at")
    if date_field is None or _field(Signal, "help_request") is None:
        return Section("signals", _("Signals"), note=_("The signal records have no date or help request to count by."))
    period = ctx.period
    signals = ctx.scope.filter(Signal.objects.all(), prefix="help_request__").filter(
        **{f"{date_field}__gte": period.start, f"{date_field}__lt": period.end}
    ).order_by()
    tables = []
    total = signals.count()
    theme = _field(Signal, "theme")
    if theme:
        by_theme = dict(signals.values_list(theme).annotate(n=Count("pk")))
        field = Signal._meta.get_field(theme)
        labels = dict(field.choices) if field.choices else {}
        rows = [{"code": code, "label": str(labels.get(code, code)), "signals": n} for code, n in sorted(by_theme.items(), key=str)]
        tables.append(Table("signals_by_theme", _("Signals by theme"), "signals",
                            [Column("label", _("Theme"), "label"), Column("signals", _("Signals"))], rows,
                            complement_column="signals", chart_column="signals"))
    by_org = signals.values_list("help_request__organisation__name").annotate(n=Count("pk"))
    tables.append(Table("signals_by_organisation", _("Signals by organisation"), "signals",
                        [Column("label", _("Organisation"), "label"), Column("signals", _("Signals"))],
                        [{"code": name or "", "label": name or _("Not recorded"), "signals": n} for name, n in by_org],
                        complement_column="signals"))
    trend = signals.annotate(month=TruncMonth(date_field)).values_list("month").annotate(n=Count("pk")).order_by("month")
    tables.append(Table("signals_trend", _("Signals per month"), "signals",
                        [Column("label", _("Month"), "label"), Column("signals", _("Signals"))],
                        [{"code": m.strftime("%Y-%m"), "label": month_label(m), "signals": n} for m, n in trend],
                        chart_column="signals"))
    text = _field(Signal, "shareable_text", "text", "description")
    flag = _field(Signal, "is_shareable", "shareable")
    if text and (flag or text == "shareable_text"):
        shareable = signals.filter(Q(**{flag: True}) if flag else ~Q(**{text: ""}))
        rows = [{"code": str(i + 1), "label": str(i + 1), "text": value}
                for i, value in enumerate(shareable.values_list(text, flat=True)[:200])]
        tables.append(Table("signals_shareable", _("Shareable signal texts"), "signals",
                            [Column("label", _("No."), "label"), Column("text", _("Text"), "text")], rows,
                            rows_are_records=True))
    return Section("signals", _("Signals"), [Figure("signals", _("Signals recorded"), total, definition="signals")],
                   tables)
