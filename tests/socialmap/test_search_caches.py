"""What search keeps in memory between searches (the services open now) is never older than the
last write: a change of opening hours or a closure shows in the very next search, and the clock
passing an opening or closing time does too."""

import datetime as dt

import pytest
from django.utils import timezone

from naast.socialmap import services as map_services
from naast.socialmap.models import Service, ServiceArea
from naast.socialmap.search import SearchFilters, search_services
from naast.socialmap.search.filters import open_now_q
from naast.socialmap.search.index import reindex

from . import factories

pytestmark = pytest.mark.django_db

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def open_now() -> list[str]:
    return [s.name for s in search_services("", SearchFilters(open_now=True)).services]


def _window():
    now = timezone.localtime()
    start, end = now - dt.timedelta(minutes=30), now + dt.timedelta(minutes=30)
    if end.date() != start.date():
        pytest.skip("test window crosses midnight")
    return now, start.time().replace(second=0, microsecond=0), end.time().replace(second=0, microsecond=0)


def test_changed_hours_and_closures_show_in_the_next_search_at_once(f):
    now, start, end = _window()
    today, other_day = DAYS[now.weekday()], DAYS[(now.weekday() + 3) % 7]
    user = f.user("coordinator")
    service = factories.service("Inloop Dwingeloo", hours=[(today, (start.hour, start.minute), (end.hour, end.minute))])
    factories.service("Inloop Ruinen", hours=[(other_day, (0, 0), (23, 59))])
    assert open_now() == ["Inloop Dwingeloo"]
    assert open_now() == ["Inloop Dwingeloo"]  # the second search reads the open services from memory

    map_services.save_opening_hours(service, [map_services.OpeningPeriod((other_day,), start, end)], user=user)
    assert open_now() == []
    map_services.save_opening_hours(service, [map_services.OpeningPeriod((today,), start, end)], user=user)
    assert open_now() == ["Inloop Dwingeloo"]

    map_services.save_closures(service, [map_services.Closure(now.date(), now.date())], user=user)
    assert open_now() == []
    map_services.save_closures(service, [], user=user)
    assert open_now() == ["Inloop Dwingeloo"]

    # A service hidden from residents leaves the list at once too.
    map_services.archive_service(service, user=user)
    assert open_now() == []


def test_the_clock_passing_an_opening_or_closing_time_is_seen_to_the_second():
    day = timezone.localdate() + dt.timedelta(days=1)
    service = factories.service("Kort spreekuur", hours=[(DAYS[day.weekday()], (10, 0), (10, 1))])
    service.schedules.update(closes_at=dt.time(10, 0, 30))
    factories.service("Hele dag open", hours=[(DAYS[day.weekday()], (8, 0), (17, 0))])  # more periods, other times

    def open_at(hour: int, minute: int, second: int) -> bool:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))
        return Service.objects.filter(open_now_q(moment), pk=service.pk).exists()

    assert [open_at(9, 59, 59), open_at(10, 0, 0), open_at(10, 0, 29), open_at(10, 0, 30), open_at(10, 0, 5),
            open_at(11, 0, 0)] == [False, True, True, False, True, False]


def test_changed_service_areas_show_in_the_next_search_with_words_at_once(f, muni):
    """With search words the candidates are first held against the place's services as ids kept
    in memory; a change of areas (or of a district's municipality) shows at once."""
    user = f.user("coordinator")
    other = f.municipality("GM1690", "De Wolden")
    district = f.district("Diever", muni)
    here = factories.service("Klussendienst Havelte", description="Klussen in en om het huis.", municipality=muni)
    everyone = factories.service("Klussenlijn", description="Klussen aan de telefoon.")

    def found(**place) -> set[str]:
        return {s.name for s in search_services("klussen", SearchFilters(**place)).services}

    assert found(municipality=muni.code) == {here.name, everyone.name}
    assert found(municipality=other.code) == {everyone.name}
    map_services.save_service_areas(here, municipalities=[other], districts=[], user=user)
    assert found(municipality=muni.code) == {everyone.name}
    assert found(municipality=other.code) == {here.name, everyone.name}
    map_services.save_service_areas(everyone, municipalities=[], districts=[district], user=user)
    assert found(municipality=muni.code) == {everyone.name}  # a district of the municipality
    assert found(municipality=other.code) == {here.name}
    assert found(district=district.pk) == {everyone.name}
    district.municipality = other
    district.save()
    assert found(municipality=muni.code) == set()
    assert found(municipality=other.code) == {here.name, everyone.name}


def test_open_now_with_search_words_follows_changed_hours_at_once(f):
    now, start, end = _window()
    today, other_day = DAYS[now.weekday()], DAYS[(now.weekday() + 3) % 7]
    user = f.user("coordinator")
    service = factories.service("Inloop Dwingeloo", hours=[(today, (start.hour, start.minute), (end.hour, end.minute))])

    def found() -> list[str]:
        return [s.name for s in search_services("inloop", SearchFilters(open_now=True)).services]

    assert found() == found() == ["Inloop Dwingeloo"]
    map_services.save_opening_hours(service, [map_services.OpeningPeriod((other_day,), start, end)], user=user)
    assert found() == []


def test_a_place_with_more_area_rows_than_kept_is_checked_by_the_database(f, muni, monkeypatch):
    from naast.socialmap.search import filters

    monkeypatch.setattr(filters, "SPARSE_PLACES", 1)
    district = f.district("Diever", muni)
    both = factories.service("Klussendienst Diever", description="Klussen in huis.", municipality=muni)
    ServiceArea.objects.create(service=both, district=district)
    reindex([both.pk])
    other = factories.service("Klussendienst Havelte", description="Klussen in huis.", municipality=muni)
    factories.service("Klussendienst Ruinen", description="Klussen in huis.", municipality=f.municipality("GM1690"))
    found = {s.name for s in search_services("klussen", SearchFilters(municipality=muni.code)).services}
    assert found == {both.name, other.name}
