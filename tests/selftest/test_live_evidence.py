"""The live evidence next to the self-test's questions matches the registry, counted by hand: life
domains, who provided the support, referrals by the municipality, requests for another supporter,
satisfaction. Requests of another municipality or another year never count."""

from datetime import date

import pytest
from django.db.models import Avg

from naast.accounts.roles import Role
from naast.casework.models import SurveyResponse
from naast.intake.models import AnotherSupporterRequest
from naast.registry.choices import Referrer
from naast.registry.models import Assignment
from naast.reports.figures import SMALL, suppress
from naast.reports.monitor import build_report
from naast.reports.queries import Scope
from naast.selftest.report import year_period
from tests.reports.factories import at, with_domains

from .helpers import figure, report, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(f):
    return f.municipality("GM1701", "Westerveld"), f.municipality("GM0114", "Emmen")


def test_life_domains_share_and_domains_nobody_reached(f, places):
    muni, other = places
    org = f.organisation("MEE Test")
    for codes in [("housing",), ("housing", "care"), ("work_and_income",), ("housing",)]:
        with_domains(f.help_request(org=org, municipality=muni, received_at=at("2025-03-10 10:00")), *codes)
    with_domains(f.help_request(org=org, municipality=other, received_at=at("2025-03-10 10:00")), "education")
    with_domains(f.help_request(org=org, municipality=muni, received_at=at("2024-12-31 23:00")), "education")
    built = report(muni, 2025)
    by_domain = rows(built, "evidence_life_domains", "by_life_domain")
    # 3 + 1 + 1 = 5 domain links: housing 3/5, care 1/5, work and income 1/5; the others none.
    assert by_domain["housing"]["requests"] == 3 and by_domain["housing"]["share"] == 60.0
    assert by_domain["care"]["requests"] == 1 and by_domain["care"]["share"] == 20.0
    assert by_domain["education"]["requests"] == 0 and by_domain["education"]["reached"] is False
    assert figure(built, "evidence_life_domains", "domains_not_reached") == 5  # 8 domains, 3 reached
    # The question about all areas of life carries it.
    answers = rows(built, "theme_all_areas", "answers_all_areas")
    assert answers["all_areas.every_domain"]["live_evidence"] == "evidence_life_domains"


def test_independence_counts_the_supporters_who_worked_for_the_municipality(f, places):
    muni, other = places
    independent, care = f.organisation("MEE Test"), f.organisation("Zorggroep Noord", kind="care_provider")
    anna = f.user(Role.SUPPORTER, org=independent)
    bert = f.user(Role.SUPPORTER, org=care)
    cor = f.user(Role.SUPPORTER, org=independent)  # only for the other municipality
    dirk = f.user(Role.SUPPORTER, org=independent)  # only before the year
    for supporter, org, place, when in [(anna, independent, muni, "2025-02-01 10:00"), (bert, care, muni, "2025-05-01 10:00"),
                                        (cor, independent, other, "2025-05-01 10:00")]:
        hr = f.help_request(org=org, municipality=place, received_at=at(when))
        Assignment.objects.create(help_request=hr, supporter=supporter, assigned_at=at(when))
    old = f.help_request(org=independent, municipality=muni, received_at=at("2024-05-01 10:00"))
    Assignment.objects.create(help_request=old, supporter=dirk, assigned_at=at("2024-05-01 10:00"),
                              ended_at=at("2024-06-01 10:00"))
    built = report(muni, 2025)
    assert figure(built, "evidence_independence", "supporters") == 2
    assert figure(built, "evidence_independence", "supporters_not_separate") == 1  # Bert, at a care provider
    assert figure(built, "evidence_independence", "supporters_bound_to_municipality") == 0
    by_kind = rows(built, "evidence_independence", "supporters_by_organisation_kind")
    assert by_kind["client_support"]["supporters"] == 1 and by_kind["client_support"]["separate"] is True
    assert by_kind["care_provider"]["supporters"] == 1 and by_kind["care_provider"]["separate"] is False
    assert set(rows(built, "evidence_independence", "supporters_by_organisation")) == {"MEE Test", "Zorggroep Noord"}
    # An account that is wrong anyway (a supporter flagged indicatiesteller by a queryset update) shows up.
    type(anna).objects.filter(pk=anna.pk).update(is_indicatiesteller=True)
    assert figure(report(muni, 2025), "evidence_independence", "supporters_bound_to_municipality") == 1


def test_share_referred_by_the_municipality(f, places):
    muni, other = places
    org = f.organisation("MEE Test")
    for referrer in [Referrer.MUNICIPALITY] * 3 + [Referrer.SELF] * 4 + [Referrer.GP]:
        f.help_request(org=org, municipality=muni, referrer=referrer, received_at=at("2025-04-01 10:00"))
    f.help_request(org=org, municipality=other, referrer=Referrer.MUNICIPALITY, received_at=at("2025-04-01 10:00"))
    built = report(muni, 2025)
    by_referrer = rows(built, "evidence_referrers", "by_referrer")
    assert by_referrer["municipality"]["requests"] == 3
    assert figure(built, "evidence_referrers", "referred_by_municipality") == 3
    assert figure(built, "evidence_referrers", "referred_by_municipality_share") == 37.5  # 3 of 8
    # For a funder, 3 is a small number: hidden, and the share built on it too.
    shown = suppress(built)
    assert rows(shown, "evidence_referrers", "by_referrer")["municipality"]["requests"] == SMALL
    assert figure(shown, "evidence_referrers", "referred_by_municipality") == SMALL
    assert figure(shown, "evidence_referrers", "referred_by_municipality_share") == "×"


def test_a_municipality_count_hidden_as_a_complement_hides_the_headline_share_too(f, places):
    """Referrals: 6 by the municipality, 2 by a GP. The GP's 2 is "<5"; the shares give the total away,
    so a second cell is hidden ("×"), the smallest visible one: the municipality's 6. Its headline
    figure and share must go with it."""
    muni, _other = places
    org = f.organisation("MEE Test")
    for referrer in [Referrer.MUNICIPALITY] * 6 + [Referrer.GP] * 2 + [Referrer.SELF] * 20:
        f.help_request(org=org, municipality=muni, referrer=referrer, received_at=at("2025-04-01 10:00"))
    shown = suppress(report(muni, 2025))
    cells = rows(shown, "evidence_referrers", "by_referrer")
    assert cells["gp"]["requests"] == SMALL and cells["municipality"]["requests"] == "×"
    assert figure(shown, "evidence_referrers", "referred_by_municipality") == "×"
    assert figure(shown, "evidence_referrers", "referred_by_municipality_share") == "×"


def test_another_supporter_requests_and_how_they_were_handled(f, places):
    muni, other = places
    org = f.organisation("MEE Test")
    for i in range(6):
        hr = f.help_request(org=org, municipality=muni, received_at=at("2025-03-01 10:00"))
        AnotherSupporterRequest.objects.create(help_request=hr, reason="Klikt niet.", source="public",
                                               created_at=at(f"2025-03-0{i + 2} 10:00"),
                                               resolved_at=at(f"2025-03-{i + 12} 10:00") if i < 5 else None)
    hr = f.help_request(org=org, municipality=other, received_at=at("2025-03-01 10:00"))
    AnotherSupporterRequest.objects.create(help_request=hr, reason="x", source="staff", created_at=at("2025-03-02 10:00"))
    built = report(muni, 2025)
    table = rows(built, "evidence_another_supporter", "another_supporter")
    assert figure(built, "evidence_another_supporter", "another_supporter_requests") == 6
    assert table["all"]["handled"] == 5 and table["all"]["open"] == 1
    assert table["all"]["median_days"] == 10  # every handled one took ten days
    # The same figure as the monitor report's: one query, two reports.
    monitor = build_report("monitor", year_period(2025), Scope(municipality=muni))
    assert figure(monitor, "another_supporter", "another_supporter_requests") == 6


def test_satisfaction_matches_the_survey_answers(f, places):
    muni, other = places
    marks = [8, 9, 6, 7, 10, 8]
    for mark in marks:
        SurveyResponse.objects.create(municipality=muni, answered_in=date(2025, 5, 1), mark=mark, felt_understood=4,
                                      felt_seen=4, fitted_own_question=2)
    SurveyResponse.objects.create(municipality=other, answered_in=date(2025, 5, 1), mark=1, felt_understood=1,
                                  felt_seen=1, fitted_own_question=1)
    built = report(muni, 2025)
    expected = SurveyResponse.objects.filter(municipality=muni).aggregate(mean=Avg("mark"))["mean"]
    assert figure(built, "evidence_satisfaction", "survey_responses") == 6
    assert figure(built, "evidence_satisfaction", "satisfaction_mean_mark") == round(expected, 1) == 8.0
    assert figure(built, "evidence_satisfaction", "satisfaction_share_seven_or_more") == round(100 * 5 / 6, 1)
