"""`naast report --kind awareness`: the survey waves held in the period, their awareness share with
its 95 % Wilson interval against the target of the wave's date, the trend, the channels and the
conversion from knowing (with a help question) to using. JSON keys: docs/reports.md, "Awareness".

Survey answers are anonymous and not client data; still, like every report, counts from 1 to 4
are shown as "<5" for funders and auditors (and by `naast report` unless --no-suppression), and a
share, interval or conversion whose count is hidden is hidden too."""

from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.reportkit import Column, Section, Table
from naast.reports.figures import THRESHOLD, Report

from .models import Wave
from .stats import OTHER_ANSWERS, wave_figures


def _pct(value):
    return None if value is None else round(value, 1)


def sections(figures: list) -> list[Section]:
    waves, previous = [], {}
    for f in figures:
        before = previous.get(f.wave.audience)
        interval = f.interval
        waves.append({
            "code": f.wave.name, "label": f.wave.name, "date": f.wave.held_on.isoformat(), "audience": str(f.wave.get_audience_display()),
            "source": "entered" if f.wave.entered else "responses",
            "respondents": f.respondents, "aware": f.aware, "share": _pct(f.share),
            "ci_low": _pct(interval[0]) if interval else None, "ci_high": _pct(interval[1]) if interval else None,
            "target": float(f.target.share) if f.target else None,
            "target_from": f.target.from_date.isoformat() if f.target else None, "met": f.met,
            "change_pp": round(f.share - before, 1) if before is not None and f.share is not None else None,
        })
        if f.share is not None:
            previous[f.wave.audience] = f.share
    share_basis = ("aware", "respondents")
    wave_table = Table("waves", _("Awareness per survey wave"), "", [
        Column("label", _("Wave"), "label"), Column("date", _("Date"), "text"), Column("audience", _("Audience"), "text"),
        Column("respondents", _("Respondents"), "count"), Column("aware", _("Know client support"), "count"),
        Column("share", _("Share"), "percent", basis=share_basis),
        Column("ci_low", _("95 % interval, from"), "percent", basis=share_basis),
        Column("ci_high", _("95 % interval, to"), "percent", basis=share_basis),
    ], [{key: row[key] for key in ("code", "label", "date", "audience", "source", "respondents", "aware", "share",
                                   "ci_low", "ci_high")} for row in waves], chart_column="share",
        note=_("Share: respondents who know client support, of those who answered the question. The 95 % interval "
               "(Wilson) shows how far the share of the whole audience may lie from the sample's."))
    target_table = Table("targets", _("Against the target, and the trend"), "", [
        Column("label", _("Wave"), "label"), Column("respondents", _("Respondents"), "count"),
        Column("aware", _("Know client support"), "count"), Column("share", _("Share"), "percent", basis=share_basis),
        Column("target", _("Target"), "percent"), Column("met", _("Target met"), "bool", basis=share_basis),
        Column("change_pp", _("Change since the previous wave (points)"), "number", basis=share_basis),
    ], [{key: row[key] for key in ("code", "label", "share", "target", "target_from", "met", "change_pp", "aware",
                                   "respondents")} for row in waves],
        note=_("Target: the one for the wave's audience that applied on the wave's date. Change: against the "
               "audience's previous wave, in percentage points."))
    channels = Table("channels", _("How people heard of client support"), "", [
        Column("label", _("Wave"), "label"), Column("channel", _("Heard of it through"), "text"),
        Column("count", _("Respondents"), "count"), Column("share", _("Share of those who know it"), "percent",
                                                          basis=("count",))],
        [{"code": f"{f.wave.name}|{channel}", "label": f.wave.name, "channel": _channel_label(channel),
          "count": n, "share": round(100 * n / f.aware, 1) if f.aware else None}
         for f in figures for channel, n in f.channels.items()],
        note=_("Only for waves with their answers in Naast."))
    conversion = Table("conversion", _("From knowing to using"), "", [
        Column("label", _("Wave"), "label"), Column("aware_with_question", _("Know it and had a help question"), "count"),
        Column("used", _("Of whom used client support"), "count"),
        Column("share", _("Share"), "percent", basis=("used", "aware_with_question"))],
        [{"code": f.wave.name, "label": f.wave.name, "aware_with_question": f.aware_with_question, "used": f.used,
          "share": _pct(f.conversion)} for f in figures],
        )
    return [Section("awareness", _("Awareness of client support"), tables=[wave_table, target_table],
                    note="" if figures else _("No survey waves in this period.")),
            Section("channels", _("Channels"), tables=[channels]),
            Section("conversion", _("Conversion"), tables=[conversion])]


def _channel_label(channel: str) -> str:
    if channel == OTHER_ANSWERS:
        return _("Other answers (each given by fewer than %(n)s people)") % {"n": THRESHOLD}
    return channel or _("(not answered)")


def build(period, scope, now=None):
    now = now or timezone.now()
    waves = Wave.objects.filter(held_on__gte=period.first_day, held_on__lte=period.last_day)
    notes = []
    if scope.municipality is not None or scope.organisation is not None:
        notes.append(_("Survey waves are for the whole service; the municipality or organisation chosen does not "
                       "narrow them."))
    return Report(kind="awareness", title=_("Awareness of client support"), period=period.text,
                  first_day=period.first_day.isoformat(), last_day=period.last_day.isoformat(),
                  scope=scope.as_dict(), sections=sections(wave_figures(waves)),
                  generated_at=now.isoformat(timespec="seconds"), notes=notes)


KINDS = {"awareness": build}
