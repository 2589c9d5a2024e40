"""Case work's sections of the monitor report: referrals and satisfaction, scoped and suppressed."""


import pytest
from django.utils import timezone

from naast.casework import services
from naast.reports.figures import suppress
from naast.reports.monitor import build_report
from naast.reports.periods import Period, parse_period
from naast.reports.queries import Scope
from tests.casework.factories import map_service

pytestmark = pytest.mark.django_db


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def _this_year() -> Period:
    return parse_period(str(timezone.localdate().year))


def test_referrals_and_satisfaction_appear_in_the_monitor_report(f, org, muni, supporter):
    for i in range(6):
        hr = f.help_request(org=org, supporter=supporter, municipality=muni)
        services.refer(hr, by=supporter, service=map_service(f"Dienst {i % 2}"), kind="warm",
                       shares_personal_data=i == 0, consent_given=i == 0, consent_form="verbal" if i == 0 else "")
        code = services.close_request(hr, by=supporter, outcome="answered", summary="Klaar").survey_code
        services.answer_survey(code, mark=6 + i % 4, felt_understood=4, felt_seen=3 + i % 2, fitted_own_question=5)
    report = build_report("monitor", _this_year(), Scope(municipality=muni))
    referrals = _section(report, "referrals")
    figures = {fig.key: fig.value for fig in referrals.figures}
    assert figures["referrals"] == 6 and figures["referrals_sharing_personal_data"] == 1
    status = {row["code"]: row["referrals"] for row in referrals.tables[0].rows}
    assert status["sent"] == 6
    satisfaction = _section(report, "satisfaction")
    figures = {fig.key: fig.value for fig in satisfaction.figures}
    assert figures["survey_responses"] == 6 and figures["survey_invitations"] == 6
    assert figures["satisfaction_mean_mark"] == round((6 + 7 + 8 + 9 + 6 + 7) / 6, 1)
    rows = {row["code"]: row["share"] for row in satisfaction.tables[0].rows}
    assert rows == {"understood": 100.0, "seen": 50.0, "fitted": 100.0}
    # Another municipality sees none of it; a funder's copy hides small numbers.
    other = build_report("monitor", _this_year(), Scope(municipality=f.municipality("GM0119", "Meppel")))
    assert {fig.key: fig.value for fig in _section(other, "satisfaction").figures}["survey_responses"] == 0
    hidden = {fig.key: fig.value for fig in _section(suppress(report), "referrals").figures}
    assert hidden["referrals_sharing_personal_data"] != 1


def test_period_boundaries(f, org, muni, supporter):
    hr = f.help_request(org=org, supporter=supporter, municipality=muni)
    services.refer(hr, by=supporter, service=map_service("X"), kind="information", shares_personal_data=False)
    last_year = parse_period(str(timezone.localdate().year - 1))
    report = build_report("monitor", last_year, Scope())
    assert {fig.key: fig.value for fig in _section(report, "referrals").figures}["referrals"] == 0
